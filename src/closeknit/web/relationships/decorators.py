"""``member_view``: the one way a relationship-scoped view gets its relationship."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse

from closeknit.web.relationships.access import get_membership_for_user


def member_view(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Wraps ``view(request, membership, **kwargs)`` for URLs with ``<uuid:relationship_id>``.

    Anonymous visitors go to the login page; a signed-in person who is not an active
    member gets 404, exactly as for a relationship that does not exist.
    """

    @login_required
    @wraps(view)
    def wrapper(request: HttpRequest, relationship_id: Any, **kwargs: Any) -> HttpResponse:
        membership = get_membership_for_user(request.user, relationship_id)
        return view(request, membership, **kwargs)

    return wrapper
