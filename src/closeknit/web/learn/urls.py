from django.urls import path

from closeknit.web.learn import views

urlpatterns = [
    path("learn/", views.index, name="learn-index"),
    path("learn/<slug:concept_id>/", views.concept_page, name="learn-concept"),
]
