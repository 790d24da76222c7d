from django.urls import path

from closeknit.web.safety import views

urlpatterns = [
    path("help/", views.help_page, name="safety-help"),
    path("r/<uuid:relationship_id>/safety/", views.screen_page, name="safety-screen"),
    path("r/<uuid:relationship_id>/safety/result/", views.result_page, name="safety-result"),
]
