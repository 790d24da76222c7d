"""The NinjaAPI instance, its authentication and its error shape."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from ninja import NinjaAPI
from ninja.errors import AuthenticationError
from ninja.security import APIKeyHeader, django_auth


class BearerToken(APIKeyHeader):
    """``Authorization: Bearer <token>`` using a personal API token (accounts app)."""

    param_name = "Authorization"

    def authenticate(self, request: HttpRequest, key: str | None):  # type: ignore[override]
        from closeknit.web.accounts.tokens import user_for_api_token

        if not key or not key.startswith("Bearer "):
            return None
        user = user_for_api_token(key.removeprefix("Bearer ").strip())
        if user is not None:
            request.user = user
        return user


api = NinjaAPI(
    title="closeknit API",
    version="1",
    description="Relationships, Checkups, reports and Pulse. Session (with CSRF) or bearer token.",
    auth=[django_auth, BearerToken()],
    urls_namespace="api",
)


def error_body(code: str, message: str) -> dict[str, str]:
    return {"code": code, "message": message}


@api.exception_handler(Http404)
def not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
    return api.create_response(request, error_body("not_found", "No such resource."), status=404)


@api.exception_handler(AuthenticationError)
def unauthenticated(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
    return api.create_response(
        request, error_body("unauthenticated", "Log in or send a bearer token."), status=401
    )


def _register_routers() -> None:
    from closeknit.web.api.relationships import router as relationships_router

    api.add_router("/relationships", relationships_router)

    from closeknit.web.api.checkups import router as checkups_router

    api.add_router("/checkups", checkups_router)


_register_routers()
