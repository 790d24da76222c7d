"""The NinjaAPI instance, its authentication and its error shape."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from ninja import NinjaAPI
from ninja.errors import AuthenticationError
from ninja.security import APIKeyHeader, django_auth

from closeknit.web.safety.access import JointFeaturesUnavailable, JointState


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


@api.exception_handler(JointFeaturesUnavailable)
def joint_unavailable(request: HttpRequest, exc: JointFeaturesUnavailable) -> HttpResponse:
    """The API face of the joint-features gate: as neutral as the page (no reason given)."""
    messages = {
        JointState.NEEDS_OWN_SCREEN: "Take your own private safety check first.",
        JointState.WAITING_FOR_OTHER_TO_JOIN: "This opens once the other person has joined.",
    }
    message = messages.get(exc.state, "Joint features are not available right now.")
    return api.create_response(request, error_body(exc.state.value, message), status=409)


def _register_routers() -> None:
    from closeknit.web.api.relationships import router as relationships_router

    api.add_router("/relationships", relationships_router)

    from closeknit.web.api.checkups import router as checkups_router

    api.add_router("/checkups", checkups_router)

    from closeknit.web.api.practice import router as practice_router

    api.add_router("/practice", practice_router)

    from closeknit.web.api.checkins import router as checkins_router

    api.add_router("/checkins", checkins_router)

    from closeknit.web.api.chats import router as chats_router

    api.add_router("/chats", chats_router)


_register_routers()
