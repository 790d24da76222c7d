from django.urls import path

from closeknit.web.accounts import views

urlpatterns = [
    path("settings/", views.settings_page, name="accounts-settings"),
]
