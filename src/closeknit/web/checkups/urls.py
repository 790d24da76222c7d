from django.urls import path

from closeknit.web.checkups import views

urlpatterns = [
    path("r/<uuid:relationship_id>/checkup/", views.checkup_overview, name="checkups-overview"),
    path("r/<uuid:relationship_id>/checkup/start/", views.checkup_start, name="checkups-start"),
    path("r/<uuid:relationship_id>/checkup/together/", views.checkup_joint, name="checkups-joint"),
    path(
        "r/<uuid:relationship_id>/checkup/<uuid:take_id>/<int:number>/",
        views.checkup_section,
        name="checkups-section",
    ),
    path(
        "r/<uuid:relationship_id>/checkup/<uuid:take_id>/report/",
        views.checkup_report,
        name="checkups-report",
    ),
    path("r/<uuid:relationship_id>/pulse/", views.pulse_page, name="checkups-pulse"),
    path("r/<uuid:relationship_id>/pulse/trend/", views.pulse_trend, name="checkups-pulse-trend"),
]
