from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_GET, require_http_methods

from closeknit.web.accounts.regions import REGION_CODES, REGIONS
from closeknit.web.relationships.decorators import member_view
from closeknit.web.relationships.models import Membership
from closeknit.web.safety.access import get_own_screen, joint_state
from closeknit.web.safety.actions import check_record_screen
from closeknit.web.safety.forms import SafetyScreenForm
from closeknit.web.safety.resources import resources_for


def _safe_next(request: HttpRequest) -> str | None:
    candidate = request.POST.get("next") or request.GET.get("next")
    if candidate and url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return None


@sensitive_post_parameters()
@member_view
@require_http_methods(["GET", "POST"])
def screen_page(request: HttpRequest, membership: Membership) -> HttpResponse:
    """The private safety screen. Only this member ever sees it or its result."""
    from closeknit.instruments import load_instrument

    existing = get_own_screen(membership)
    if request.method == "GET" and existing is not None and "retake" not in request.GET:
        return redirect("safety-result", relationship_id=membership.relationship_id)
    other = membership.other()
    other_name = other.user.display_name if other else "the other person"
    instrument = load_instrument("safety")
    form = SafetyScreenForm(
        request.POST if request.method == "POST" else None,
        instrument=instrument,
        kind=membership.relationship.kind,
        other_name=other_name,
    )
    if request.method == "POST" and form.is_valid():
        check_record_screen(membership, form.answers())
        url = redirect("safety-result", relationship_id=membership.relationship_id).url
        next_url = _safe_next(request)
        return redirect(f"{url}?next={next_url}" if next_url else url)
    return render(
        request,
        "safety/screen.html",
        {
            "form": form,
            "instrument": instrument,
            "intro": (getattr(instrument, "intro", "") or "").replace("{name}", other_name),
            "membership": membership,
            "relationship": membership.relationship,
            "next": _safe_next(request) or "",
        },
    )


@member_view
@require_GET
def result_page(request: HttpRequest, membership: Membership) -> HttpResponse:
    """The member's own result: help resources when the screen was positive."""
    screen = get_own_screen(membership)
    if screen is None:
        return redirect("safety-screen", relationship_id=membership.relationship_id)
    region = getattr(request.user, "region", "") or settings.DEFAULT_REGION
    resources = resources_for(region, screen.concerns) if screen.positive else ()
    return render(
        request,
        "safety/result.html",
        {
            "screen": screen,
            "membership": membership,
            "relationship": membership.relationship,
            "resources": resources,
            "joint_state": joint_state(membership).value,
            "next": _safe_next(request) or "",
        },
    )


@require_GET
def help_page(request: HttpRequest) -> HttpResponse:
    """Support services, for anyone, from every page footer."""
    region = request.GET.get("region", "").upper()
    if region not in REGION_CODES:
        region = getattr(request.user, "region", "") or settings.DEFAULT_REGION
    return render(
        request,
        "safety/help.html",
        {"resources": resources_for(region), "region": region, "regions": REGIONS},
    )
