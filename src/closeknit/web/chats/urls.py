from django.urls import path

from closeknit.web.chats import views

R = "r/<uuid:relationship_id>/chats/"

urlpatterns = [
    path(R, views.chats_page, name="chats-list"),
    path(R + "<uuid:analysis_id>/", views.detail_page, name="chats-detail"),
    path(R + "<uuid:analysis_id>/share/", views.share, name="chats-share"),
    path(R + "<uuid:analysis_id>/delete/", views.delete, name="chats-delete"),
]
