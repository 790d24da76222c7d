from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST

from closeknit.web.common.tasks import send_email
from closeknit.web.relationships.access import memberships_for_user
from closeknit.web.relationships.actions import (
    check_accept_invitation,
    check_create_invitation,
    check_create_relationship,
    check_invitation_usable,
    do_leave_relationship,
    do_revoke_invitations,
    find_invitation,
)
from closeknit.web.relationships.decorators import member_view
from closeknit.web.relationships.errors import RelationshipActionError
from closeknit.web.relationships.forms import CreateRelationshipForm, InviteByEmailForm
from closeknit.web.relationships.models import Invitation, Membership
from closeknit.web.safety.access import get_own_screen

# The plain invitation link lives in the session only until the next page shows it once.
_NEW_LINK_KEY = "closeknit.new_invitation"


@login_required
def relationship_list(request: HttpRequest) -> HttpResponse:
    memberships = list(memberships_for_user(request.user))
    rows = [(m, m.other()) for m in memberships]
    return render(request, "relationships/list.html", {"rows": rows})


@login_required
@require_http_methods(["GET", "POST"])
def relationship_create(request: HttpRequest) -> HttpResponse:
    form = CreateRelationshipForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        membership = check_create_relationship(request.user, form.cleaned_data["kind"])
        return redirect("relationships-detail", relationship_id=membership.relationship_id)
    return render(request, "relationships/create.html", {"form": form})


@member_view
def relationship_detail(request: HttpRequest, membership: Membership) -> HttpResponse:
    other = membership.other()
    pending = Invitation.objects.filter(
        relationship_id=membership.relationship_id,
        accepted_at__isnull=True,
        revoked_at__isnull=True,
    ).order_by("-created_at")
    pending_invitation = next((i for i in pending if i.is_pending), None)
    new_link = None
    stored = request.session.pop(_NEW_LINK_KEY, None)
    if stored and stored.get("relationship") == str(membership.relationship_id):
        new_link = stored["url"]
    return render(
        request,
        "relationships/detail.html",
        {
            "membership": membership,
            "relationship": membership.relationship,
            "other": other,
            "pending_invitation": pending_invitation,
            "new_link": new_link,
            "invite_form": InviteByEmailForm(),
            "needs_own_screen": get_own_screen(membership) is None,
        },
    )


@member_view
@require_POST
def relationship_invite(request: HttpRequest, membership: Membership) -> HttpResponse:
    form = InviteByEmailForm(request.POST)
    if not form.is_valid():
        messages.error(request, "That e-mail address does not look right; check it.")
        return redirect("relationships-detail", relationship_id=membership.relationship_id)
    try:
        new = check_create_invitation(membership)
    except RelationshipActionError as exc:
        messages.error(request, exc.error.message)
        return redirect("relationships-detail", relationship_id=membership.relationship_id)
    url = request.build_absolute_uri(new.path)
    request.session[_NEW_LINK_KEY] = {"relationship": str(membership.relationship_id), "url": url}
    email = form.cleaned_data.get("email")
    if email:
        context = {
            "inviter": membership.user.display_name,
            "url": url,
            "site_name": settings.SITE_NAME,
            "kind": membership.relationship.kind,
        }
        send_email.enqueue(
            subject=f"{membership.user.display_name} invites you to closeknit",
            body=render_to_string("relationships/email/invitation.txt", context),
            to=[email],
        )
        messages.success(request, f"We are sending the link to {email}.")
    return redirect("relationships-detail", relationship_id=membership.relationship_id)


@member_view
@require_POST
def relationship_revoke(request: HttpRequest, membership: Membership) -> HttpResponse:
    if do_revoke_invitations(membership):
        messages.success(request, "The invitation link no longer works.")
    return redirect("relationships-detail", relationship_id=membership.relationship_id)


@require_http_methods(["GET", "POST"])
def invitation_accept(request: HttpRequest, token: str) -> HttpResponse:
    """GET shows what the invitation is (or why it cannot be used); POST joins."""
    try:
        invitation = find_invitation(token)
        check_invitation_usable(invitation, request.user)
    except RelationshipActionError as exc:
        return render(
            request,
            "relationships/invitation_error.html",
            {"error": exc.error},
            status=exc.error.status,
        )
    if not request.user.is_authenticated:
        return render(
            request,
            "relationships/accept_anonymous.html",
            {"invitation": invitation, "next": request.path},
        )
    if request.method == "POST":
        try:
            membership = check_accept_invitation(request.user, token)
        except RelationshipActionError as exc:
            return render(
                request,
                "relationships/invitation_error.html",
                {"error": exc.error},
                status=exc.error.status,
            )
        messages.success(request, f"You have joined {invitation.created_by.display_name}.")
        return redirect("relationships-detail", relationship_id=membership.relationship_id)
    return render(request, "relationships/accept.html", {"invitation": invitation})


@member_view
@require_http_methods(["GET", "POST"])
def relationship_leave(request: HttpRequest, membership: Membership) -> HttpResponse:
    if request.method == "POST":
        do_leave_relationship(membership)
        messages.success(request, "You have left. Your own answers stay yours to export or delete.")
        return redirect(reverse("relationships-list"))
    return render(
        request,
        "relationships/leave.html",
        {
            "membership": membership,
            "relationship": membership.relationship,
            "other": membership.other(),
        },
    )
