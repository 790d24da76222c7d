"""Conversation insights as pages: analyse an export, read an analysis, share or delete it."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from django.conf import settings
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.debug import sensitive_post_parameters, sensitive_variables
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from closeknit.web.chats.access import (
    get_own_analysis,
    get_viewable_analysis,
    own_analyses,
    shared_with_me,
)
from closeknit.web.chats.actions import (
    MB,
    analyses_left,
    check_analyse_export,
    do_delete,
    do_set_shared,
    take_analysis_slot,
    upload_limit,
)
from closeknit.web.chats.errors import ChatsActionError, ChatsError
from closeknit.web.chats.forms import ExportForm
from closeknit.web.chats.report import people_of, signs_of
from closeknit.web.chats.uploads import InMemoryExport
from closeknit.web.practice.views import base
from closeknit.web.relationships.decorators import member_view
from closeknit.web.relationships.models import Membership
from closeknit.web.safety.access import joint_features_available


@csrf_exempt  # checked in _chats_page, once the upload handler is in place
@member_view
def chats_page(request: HttpRequest, membership: Membership) -> HttpResponse:
    if request.method == "POST" and not analyses_left(request.user):
        # Refused before a byte of the body is read (the try is counted after the CSRF
        # check, so another site cannot use up someone's tries).
        error = ChatsActionError(
            ChatsError.TOO_MANY, limit=settings.CLOSEKNIT_CHAT_ANALYSES_PER_HOUR
        )
        return _page(request, membership, ExportForm(), error.message, error.error.status)
    handler = InMemoryExport(request, upload_limit())
    request.upload_handlers = [handler]
    return _chats_page(request, membership, handler)


@csrf_protect
@sensitive_post_parameters()
@require_http_methods(["GET", "POST"])
def _chats_page(
    request: HttpRequest, membership: Membership, handler: InMemoryExport
) -> HttpResponse:
    form = ExportForm(request.POST if request.method == "POST" else None)
    error = None
    status = 200
    if request.method == "POST":
        try:
            analysis = _analyse(request, membership, form, handler)
        except ChatsActionError as exc:
            error, status = exc.message, exc.error.status
        else:
            messages.success(request, "The chat is analysed. Only what was found is kept.")
            return redirect(
                "chats-detail", relationship_id=membership.relationship_id, analysis_id=analysis.pk
            )
    return _page(request, membership, form, error, status)


def _page(
    request: HttpRequest, membership: Membership, form: ExportForm, error: str | None, status: int
) -> HttpResponse:
    return render(
        request,
        "chats/list.html",
        base(
            membership,
            form=form,
            error=error,
            analyses=own_analyses(membership),
            shared=shared_with_me(membership),
            limit_mb=upload_limit() // MB,
        ),
        status=status,
    )


@sensitive_variables("upload")
def _analyse(
    request: HttpRequest, membership: Membership, form: ExportForm, handler: InMemoryExport
) -> Any:
    take_analysis_slot(request.user)
    upload = request.FILES.get("export")  # read through the handler by the CSRF check
    if handler.too_big:
        raise ChatsActionError(ChatsError.TOO_BIG, limit=upload_limit() // MB)
    if not form.is_valid():
        raise ChatsActionError(ChatsError.HALF_BETWEEN)
    between = form.between()
    if between is False:
        raise ChatsActionError(ChatsError.HALF_BETWEEN)
    return check_analyse_export(
        membership,
        upload.read() if upload is not None else None,
        upload.name if upload is not None else "",
        between=between if isinstance(between, tuple) else None,
        keep_examples=bool(form.cleaned_data.get("keep_examples")),
        time_zone=getattr(request.user, "timezone", "") or "UTC",
    )


@member_view
@require_GET
def detail_page(request: HttpRequest, membership: Membership, analysis_id: UUID) -> HttpResponse:
    analysis, mine = get_viewable_analysis(membership, analysis_id)
    return render(
        request,
        "chats/detail.html",
        base(
            membership,
            analysis=analysis,
            mine=mine,
            found=analysis.insights,
            signs=signs_of(analysis, with_examples=mine),
            people=people_of(analysis),
            joint_ok=mine and joint_features_available(membership),
        ),
    )


@member_view
@require_POST
def share(request: HttpRequest, membership: Membership, analysis_id: UUID) -> HttpResponse:
    analysis = get_own_analysis(membership, analysis_id)
    on = request.POST.get("shared") == "1" and joint_features_available(membership)
    do_set_shared(analysis, on)
    messages.success(
        request,
        "Shared: they can see these figures, never your examples." if on else "Now private.",
    )
    return redirect(
        "chats-detail", relationship_id=membership.relationship_id, analysis_id=analysis.pk
    )


@member_view
@require_POST
def delete(request: HttpRequest, membership: Membership, analysis_id: UUID) -> HttpResponse:
    do_delete(get_own_analysis(membership, analysis_id))
    messages.success(request, "The analysis is deleted.")
    return redirect("chats-list", relationship_id=membership.relationship_id)
