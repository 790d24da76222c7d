from django.urls import path

from closeknit.web.accounts import views

urlpatterns = [
    path("settings/", views.settings_page, name="accounts-settings"),
    path("tokens/", views.token_create, name="accounts-token-create"),
    path("tokens/<int:token_id>/revoke/", views.token_revoke, name="accounts-token-revoke"),
]
