from django.urls import path

from closeknit.web.checkins import views

R = "r/<uuid:relationship_id>/"

urlpatterns = [
    path(R + "checkin/", views.checkin_page, name="checkins-checkin"),
    path(R + "journal/", views.journal_page, name="checkins-journal"),
    path(R + "journal/<uuid:entry_id>/share/", views.journal_share, name="checkins-journal-share"),
    path(
        R + "journal/<uuid:entry_id>/delete/", views.journal_delete, name="checkins-journal-delete"
    ),
    path(R + "trends/", views.trends_page, name="checkins-trends"),
    path(R + "reminders/", views.reminders_page, name="checkins-reminders"),
    path(R + "calendar/new/", views.calendar_new, name="checkins-calendar-new"),
    path(R + "calendar/revoke/", views.calendar_revoke, name="checkins-calendar-revoke"),
    path("calendar/<str:token>.ics", views.calendar_feed, name="checkins-calendar-feed"),
]
