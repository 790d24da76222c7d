"""Check-ins, the journal, trends, reminders and the calendar feed as pages."""

from __future__ import annotations

from datetime import timedelta
from typing import Any
from uuid import UUID

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from closeknit.trends.checkins import week_start
from closeknit.web.checkins.access import (
    checkins_for_member,
    get_own_entry,
    own_journal,
    reminder_for,
    shared_journal_from_other,
    shared_notes_from_other,
)
from closeknit.web.checkins.actions import (
    check_add_entry,
    check_save_checkin,
    check_save_reminder,
    do_delete_entry,
    do_new_calendar_feed,
    do_revoke_calendar_feed,
    do_set_entry_shared,
    hash_token,
)
from closeknit.web.checkins.circles import CHOICES
from closeknit.web.checkins.errors import CheckinsActionError
from closeknit.web.checkins.forms import WEEKDAYS, CheckinForm, JournalForm, ReminderForm
from closeknit.web.checkins.ical import calendar
from closeknit.web.checkins.models import CalendarFeed
from closeknit.web.checkins.trends import member_trends
from closeknit.web.checkups.actions import today_for
from closeknit.web.practice.plans import current_plan, planned_weeks
from closeknit.web.practice.views import base
from closeknit.web.relationships.decorators import member_view
from closeknit.web.relationships.models import Membership
from closeknit.web.safety.access import joint_features_available

FIVE_LABELS = {
    "mood": ("Very low", "Low", "Okay", "Good", "Very good"),
    "loneliness": ("Not at all", "A little", "Somewhat", "Quite", "Very"),
    "stress": ("Not at all", "A little", "Somewhat", "Quite", "Very"),
}


@sensitive_post_parameters()
@member_view
@require_http_methods(["GET", "POST"])
def checkin_page(request: HttpRequest, membership: Membership) -> HttpResponse:
    today = today_for(request.user)
    existing = checkins_for_member(membership).filter(day=today).first()
    joint_ok = joint_features_available(membership)
    initial: dict[str, Any] = {}
    if existing:
        initial = {
            "mood": existing.mood,
            "closeness": existing.closeness,
            "loneliness": existing.loneliness,
            "stress": existing.stress,
            "minutes_together": existing.minutes_together,
            "shared_moment": "yes" if existing.shared_moment else "no",
            "note": existing.note,
            "note_shared": existing.note_shared,
        }
    form = CheckinForm(request.POST or None, initial=initial)
    error = None
    if request.method == "POST" and form.is_valid():
        values = dict(form.cleaned_data)
        values["note_shared"] = values.get("note_shared") and joint_ok
        try:
            _, created = check_save_checkin(membership, values, day=today)
        except CheckinsActionError as exc:
            error = exc.error.message
        else:
            messages.success(
                request, "Today's check-in is saved." if created else "Today's check-in is updated."
            )
            return redirect("checkins-trends", relationship_id=membership.relationship_id)
    elif request.method == "POST":
        error = "Some answers are missing or out of range: choose one option for each."
    current = {
        name: str(form[name].value() if form[name].value() is not None else "")
        for name in ("mood", "closeness", "loneliness", "stress", "shared_moment")
    }
    return render(
        request,
        "checkins/checkin.html",
        base(
            membership,
            form=form,
            error=error,
            existing=existing,
            today=today,
            circles=CHOICES,
            scales=[
                (
                    name,
                    title,
                    [(str(i + 1), label) for i, label in enumerate(FIVE_LABELS[name])],
                    current[name],
                )
                for name, title in (
                    ("mood", "How is your mood today?"),
                    ("loneliness", "How lonely do you feel?"),
                    ("stress", "How stressed do you feel?"),
                )
            ],
            current=current,
            joint_ok=joint_ok,
            shared_notes=shared_notes_from_other(membership) if joint_ok else [],
        ),
    )


@sensitive_post_parameters()
@member_view
@require_http_methods(["GET", "POST"])
def journal_page(request: HttpRequest, membership: Membership) -> HttpResponse:
    joint_ok = joint_features_available(membership)
    form = JournalForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            check_add_entry(
                membership,
                form.cleaned_data["text"],
                shared=bool(form.cleaned_data.get("shared")) and joint_ok,
            )
        except CheckinsActionError as exc:
            messages.error(request, exc.error.message)
        else:
            messages.success(request, "Saved to your journal.")
        return redirect("checkins-journal", relationship_id=membership.relationship_id)
    return render(
        request,
        "checkins/journal.html",
        base(
            membership,
            form=form,
            entries=list(own_journal(membership)),
            shared_by_other=shared_journal_from_other(membership) if joint_ok else [],
            joint_ok=joint_ok,
        ),
    )


@member_view
@require_POST
def journal_share(request: HttpRequest, membership: Membership, entry_id: UUID) -> HttpResponse:
    entry = get_own_entry(membership, entry_id)
    share = request.POST.get("shared") == "1" and joint_features_available(membership)
    do_set_entry_shared(entry, share)
    messages.success(request, "Shared." if share else "Now private again.")
    return redirect("checkins-journal", relationship_id=membership.relationship_id)


@member_view
@require_POST
def journal_delete(request: HttpRequest, membership: Membership, entry_id: UUID) -> HttpResponse:
    do_delete_entry(get_own_entry(membership, entry_id))
    messages.success(request, "The entry is deleted.")
    return redirect("checkins-journal", relationship_id=membership.relationship_id)


@member_view
@require_GET
def trends_page(request: HttpRequest, membership: Membership) -> HttpResponse:
    joint_ok = joint_features_available(membership)
    trends = member_trends(membership, joint_ok=joint_ok)
    return render(
        request,
        "checkins/trends.html",
        base(
            membership,
            trends=trends,
            week_rows=[
                (
                    f"{w.week_start.day} {w.week_start:%B %Y}",
                    w.checkins,
                    f"{w.closeness:.1f}",
                    f"{w.loneliness:.1f}",
                    f"{w.mood:.1f}",
                    f"{w.stress:.1f}",
                )
                for w in trends.series
            ],
        ),
    )


@member_view
@require_http_methods(["GET", "POST"])
def reminders_page(request: HttpRequest, membership: Membership) -> HttpResponse:
    reminder = reminder_for(membership)
    form = ReminderForm(
        request.POST or None,
        initial={
            "enabled": reminder.enabled,
            "weekdays": [str(d) for d in reminder.weekdays],
            "time_of_day": reminder.time_of_day,
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            check_save_reminder(
                membership,
                enabled=bool(form.cleaned_data["enabled"]),
                weekdays=[int(d) for d in form.cleaned_data["weekdays"]],
                at=form.cleaned_data["time_of_day"],
            )
        except CheckinsActionError as exc:
            messages.error(request, exc.error.message)
        else:
            messages.success(request, "Your reminder settings are saved.")
        return redirect("checkins-reminders", relationship_id=membership.relationship_id)
    chosen = {str(d) for d in reminder.weekdays}
    new_token = request.session.pop("checkins_new_feed", None)
    return render(
        request,
        "checkins/reminders.html",
        base(
            membership,
            form=form,
            reminder=reminder,
            weekdays=[(v, label, v in chosen) for v, label in WEEKDAYS],
            time_value=reminder.time_of_day.strftime("%H:%M")
            if hasattr(reminder.time_of_day, "strftime")
            else str(reminder.time_of_day)[:5],
            timezone_name=getattr(request.user, "timezone", "UTC"),
            has_feed=CalendarFeed.objects.filter(membership=membership).exists(),
            feed_url=request.build_absolute_uri(f"/calendar/{new_token}.ics") if new_token else "",
        ),
    )


@member_view
@require_POST
def calendar_new(request: HttpRequest, membership: Membership) -> HttpResponse:
    # The token is shown once, on the next page load; only its hash is stored.
    request.session["checkins_new_feed"] = do_new_calendar_feed(membership)
    return redirect("checkins-reminders", relationship_id=membership.relationship_id)


@member_view
@require_POST
def calendar_revoke(request: HttpRequest, membership: Membership) -> HttpResponse:
    do_revoke_calendar_feed(membership)
    messages.success(request, "The calendar address no longer works.")
    return redirect("checkins-reminders", relationship_id=membership.relationship_id)


@require_GET
def calendar_feed(request: HttpRequest, token: str) -> HttpResponse:
    """The secret feed: the token is the only credential; unknown or revoked -> 404."""
    feed = (
        CalendarFeed.objects.filter(token_hash=hash_token(token))
        .select_related("membership__user", "membership__relationship")
        .first()
    )
    if feed is None or not feed.membership.is_active:
        raise Http404("No such calendar")
    membership = feed.membership
    today = today_for(membership.user)
    current_plan(membership, today)  # make sure this week's plan exists
    events = [
        (f"{plan.week:%Y%m%d}-{p['exercise_id']}-{membership.pk}@closeknit", plan.week, p["title"])
        for plan in planned_weeks(membership, week_start(today) - timedelta(weeks=8))
        for p in plan.practices
    ]
    body = calendar(events, stamp=timezone.now())
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Cache-Control"] = "private, no-store"
    response["X-Robots-Tag"] = "noindex"
    return response
