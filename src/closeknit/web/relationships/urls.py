from django.urls import path

from closeknit.web.relationships import views

urlpatterns = [
    path("relationships/", views.relationship_list, name="relationships-list"),
    path("relationships/new/", views.relationship_create, name="relationships-create"),
    path("r/<uuid:relationship_id>/", views.relationship_detail, name="relationships-detail"),
    path(
        "r/<uuid:relationship_id>/invite/", views.relationship_invite, name="relationships-invite"
    ),
    path(
        "r/<uuid:relationship_id>/revoke/", views.relationship_revoke, name="relationships-revoke"
    ),
    path("r/<uuid:relationship_id>/leave/", views.relationship_leave, name="relationships-leave"),
    path("invite/<str:token>/", views.invitation_accept, name="relationships-accept"),
]
