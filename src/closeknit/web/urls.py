"""Root URLs: each app owns its own ``urls.py``; names are ``<app>-<action>``."""

from django.urls import include, path

urlpatterns = [
    path("", include("closeknit.web.common.urls")),
    path("accounts/", include("allauth.urls")),
    path("account/", include("closeknit.web.accounts.urls")),
    path("", include("closeknit.web.relationships.urls")),
    path("", include("closeknit.web.safety.urls")),
    path("", include("closeknit.web.privacy.urls")),
    path("", include("closeknit.web.checkups.urls")),
    path("", include("closeknit.web.practice.urls")),
    path("", include("closeknit.web.checkins.urls")),
    path("", include("closeknit.web.learn.urls")),
    path("", include("closeknit.web.chats.urls")),
    path("", include("closeknit.web.counsel.urls")),
    path("api/", include("closeknit.web.api.urls")),
]
