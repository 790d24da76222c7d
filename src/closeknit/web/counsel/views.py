"""Counsellor mode as pages: for the two members under their relationship, and for the
counsellor under /counsel/."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from closeknit.web.common.tasks import send_email
from closeknit.web.counsel.access import (
    consent_of,
    counselling_open_to,
    counsellings_for_counsellor,
    get_counselling_for_counsellor,
    open_counselling,
    records_about,
)
from closeknit.web.counsel.actions import (
    check_accept,
    check_agree,
    check_invitation,
    check_propose,
    check_set_consent,
    do_end,
)
from closeknit.web.counsel.errors import CounselActionError
from closeknit.web.counsel.report import counsellor_view
from closeknit.web.practice.views import base
from closeknit.web.relationships.decorators import member_view
from closeknit.web.relationships.models import Membership
from closeknit.web.safety.access import joint_features_available


def _back(membership: Membership) -> HttpResponse:
    return redirect("counsel-member", relationship_id=membership.relationship_id)


@member_view
@require_GET
def member_page(request: HttpRequest, membership: Membership) -> HttpResponse:
    counselling = open_counselling(membership)
    context: dict[str, Any] = {
        "counselling": counselling,
        "joint_ok": joint_features_available(membership),
    }
    if counselling is not None:
        context["consent"] = consent_of(counselling, membership)
        context["records"] = list(records_about(counselling, membership)[:50])
        context["mine_proposal"] = counselling.proposed_by_id == membership.pk
    return render(request, "counsel/member.html", base(membership, **context))


@member_view
@require_POST
def propose(request: HttpRequest, membership: Membership) -> HttpResponse:
    try:
        check_propose(membership, request.POST.get("email", ""))
    except CounselActionError as exc:
        messages.error(request, exc.error.message)
    else:
        messages.success(request, "Proposed. Your counsellor is invited once the other agrees.")
    return _back(membership)


@member_view
@require_POST
def agree(request: HttpRequest, membership: Membership) -> HttpResponse:
    try:
        invitation = check_agree(membership)
    except CounselActionError as exc:
        messages.error(request, exc.error.message)
        return _back(membership)
    link = settings.CLOSEKNIT_PUBLIC_URL + reverse(
        "counsel-accept", kwargs={"token": invitation.token}
    )
    send_email.enqueue(
        subject="You are invited as a counsellor on closeknit",
        body=render_to_string(
            "counsel/email/invitation.txt",
            {"link": link, "site_name": settings.SITE_NAME},
        ),
        to=[invitation.counselling.counsellor_email],
    )
    messages.success(
        request,
        f"Agreed. We are sending the invitation to {invitation.counselling.counsellor_email}.",
    )
    return _back(membership)


@member_view
@require_POST
def end(request: HttpRequest, membership: Membership) -> HttpResponse:
    if do_end(membership):
        messages.success(request, "Done: the counsellor sees nothing from now on.")
    return _back(membership)


@member_view
@require_POST
def consent(request: HttpRequest, membership: Membership) -> HttpResponse:
    try:
        check_set_consent(
            membership,
            checkup_report=request.POST.get("checkup_report") == "on",
            pulse_trend=request.POST.get("pulse_trend") == "on",
        )
    except CounselActionError as exc:
        messages.error(request, exc.error.message)
    else:
        messages.success(request, "Saved. The counsellor sees only what you ticked.")
    return _back(membership)


@login_required
@require_GET
def counsellor_list(request: HttpRequest) -> HttpResponse:
    return render(
        request, "counsel/list.html", {"counsellings": counsellings_for_counsellor(request.user)}
    )


@login_required
@require_GET
def counsellor_report(request: HttpRequest, counselling_id: UUID) -> HttpResponse:
    counselling = get_counselling_for_counsellor(request.user, counselling_id)
    members = counselling_open_to(counselling)
    parts = counsellor_view(counselling, members) if members is not None else None
    return render(request, "counsel/report.html", {"counselling": counselling, "parts": parts})


@login_required
@require_http_methods(["GET", "POST"])
def accept(request: HttpRequest, token: str) -> HttpResponse:
    try:
        if request.method == "POST":
            counselling = check_accept(request.user, token)
            return redirect("counsel-report", counselling_id=counselling.pk)
        check_invitation(token)
    except CounselActionError as exc:
        error = exc.error
        return render(request, "counsel/accept.html", {"error": error.message}, status=error.status)
    return render(request, "counsel/accept.html", {})
