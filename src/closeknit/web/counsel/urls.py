from django.urls import path

from closeknit.web.counsel import views

R = "r/<uuid:relationship_id>/counsellor/"

urlpatterns = [
    path(R, views.member_page, name="counsel-member"),
    path(R + "propose/", views.propose, name="counsel-propose"),
    path(R + "agree/", views.agree, name="counsel-agree"),
    path(R + "end/", views.end, name="counsel-end"),
    path(R + "consent/", views.consent, name="counsel-consent"),
    path("counsel/", views.counsellor_list, name="counsel-list"),
    path("counsel/<uuid:counselling_id>/", views.counsellor_report, name="counsel-report"),
    path("counsel/accept/<str:token>/", views.accept, name="counsel-accept"),
]
