"""``joint_features_required``: put it under ``member_view`` on any joint page."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from closeknit.web.relationships.models import Membership
from closeknit.web.safety.access import JointFeaturesUnavailable, JointState, require_joint_features


def joint_features_required(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """For views taking ``(request, membership, ...)``: shows the screen first if this
    person has not taken it, else the neutral "not available" page unless joint features
    are open. The page is identical for both members whatever the reason."""

    @wraps(view)
    def wrapper(
        request: HttpRequest, membership: Membership, *args: Any, **kwargs: Any
    ) -> HttpResponse:
        try:
            require_joint_features(membership)
        except JointFeaturesUnavailable as exc:
            return joint_unavailable_response(request, membership, exc.state)
        return view(request, membership, *args, **kwargs)

    return wrapper


def joint_unavailable_response(
    request: HttpRequest, membership: Membership, state: JointState
) -> HttpResponse:
    if state is JointState.NEEDS_OWN_SCREEN:
        url = reverse("safety-screen", kwargs={"relationship_id": membership.relationship_id})
        return redirect(f"{url}?next={request.path}")
    return render(
        request,
        "safety/joint_unavailable.html",
        {"membership": membership, "relationship": membership.relationship, "state": state.value},
    )
