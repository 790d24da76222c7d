"""Small function middlewares: security headers Django has no setting for, user time zone."""

from __future__ import annotations

import zoneinfo
from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils import timezone


def security_headers(get_response: Callable[[HttpRequest], HttpResponse]):
    """Adds Permissions-Policy and keeps personal pages out of shared caches."""

    def middleware(request: HttpRequest) -> HttpResponse:
        response = get_response(request)
        response.headers.setdefault("Permissions-Policy", settings.PERMISSIONS_POLICY)
        if not request.path.startswith(settings.STATIC_URL):
            # Pages hold personal data: never store them in a shared or back-button cache.
            response.headers.setdefault("Cache-Control", "no-store, private")
        return response

    return middleware


def user_timezone(get_response: Callable[[HttpRequest], HttpResponse]):
    """Shows times in the signed-in person's own time zone (stored UTC, shown local)."""

    def middleware(request: HttpRequest) -> HttpResponse:
        name = getattr(getattr(request, "user", None), "timezone", "") or ""
        try:
            timezone.activate(zoneinfo.ZoneInfo(name)) if name else timezone.deactivate()
        except (zoneinfo.ZoneInfoNotFoundError, ValueError):
            timezone.deactivate()
        return get_response(request)

    return middleware
