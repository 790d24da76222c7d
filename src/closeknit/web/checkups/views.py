"""Checkup, reports, the joint view and the weekly Pulse as pages.

Short function views: ``member_view`` loads the relationship (404 for outsiders),
``access`` loads the member's own rows, ``actions`` writes, ``reports`` calls the core.
Nothing here computes a score.
"""

from __future__ import annotations

from typing import Any
from uuid import UUID

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.safestring import SafeString, mark_safe
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from closeknit.instruments import load_instrument
from closeknit.model.vocabulary import COMPONENTS, FORMS
from closeknit.web.checkups import charts
from closeknit.web.checkups.access import (
    get_take_for_member,
    get_take_with_history,
    latest_finished_take,
    other_checkup_status,
    pulse_for_week,
    takes_for_member,
)
from closeknit.web.checkups.actions import (
    check_finish_take,
    check_save_pulse,
    check_save_section,
    do_start_take,
    take_instrument,
    today_for,
)
from closeknit.web.checkups.errors import CheckupActionError
from closeknit.web.checkups.forms import ItemsForm, questions, questions_html
from closeknit.web.checkups.models import Pulse, Take, iso_week_start
from closeknit.web.checkups.reports import (
    concept_name,
    individual_report,
    joint_view,
    other_name,
    pulse_points,
    pulse_trend_warning,
)
from closeknit.web.common.html import conditional_escape
from closeknit.web.relationships.decorators import member_view
from closeknit.web.relationships.models import Membership
from closeknit.web.safety.access import joint_features_available
from closeknit.web.safety.decorators import joint_features_required
from closeknit.web.safety.resources import resources_for


def _base(membership: Membership, **extra: Any) -> dict[str, Any]:
    return {
        "membership": membership,
        "relationship": membership.relationship,
        "other_name": other_name(membership),
        **extra,
    }


def _section_url(membership: Membership, take: Take, number: int) -> str:
    return reverse(
        "checkups-section",
        kwargs={
            "relationship_id": membership.relationship_id,
            "take_id": take.id,
            "number": number,
        },
    )


def _report_url(membership: Membership, take: Take) -> str:
    return reverse(
        "checkups-report",
        kwargs={"relationship_id": membership.relationship_id, "take_id": take.id},
    )


def _resume_number(take: Take) -> int:
    """The first section not saved yet (1-based), or the last one."""
    sections = take_instrument(take).sections
    for number, section in enumerate(sections, start=1):
        if section.id not in take.sections_done:
            return number
    return len(sections)


@member_view
@require_GET
def checkup_overview(request: HttpRequest, membership: Membership) -> HttpResponse:
    takes = list(takes_for_member(membership))
    current = next((t for t in takes if not t.is_finished), None)
    finished = [t for t in reversed(takes) if t.is_finished]
    instrument = load_instrument("checkup")
    return render(
        request,
        "checkups/overview.html",
        _base(
            membership,
            current=current,
            current_url=_section_url(membership, current, _resume_number(current))
            if current
            else None,
            current_done=len(current.sections_done) if current else 0,
            finished=[(t, _report_url(membership, t)) for t in finished],
            total_sections=len(instrument.sections),
            n_items=len(instrument.items),
            other_status=other_checkup_status(membership),
            joint_open=bool(finished)
            and other_checkup_status(membership) == "finished"
            and joint_features_available(membership),
        ),
    )


@member_view
@require_POST
def checkup_start(request: HttpRequest, membership: Membership) -> HttpResponse:
    take = do_start_take(membership)
    return redirect(_section_url(membership, take, _resume_number(take)))


@sensitive_post_parameters()
@member_view
@require_http_methods(["GET", "POST"])
def checkup_section(
    request: HttpRequest, membership: Membership, take_id: UUID, number: int
) -> HttpResponse:
    """One section of the Checkup. POST saves it, then ``action`` says where to go:
    ``next`` (the next section, or finish after the last), ``back`` or ``later``."""
    take = get_take_for_member(membership, take_id)
    if take.is_finished:
        return redirect(_report_url(membership, take))
    instrument = take_instrument(take)
    sections = instrument.sections
    if not 1 <= number <= len(sections):
        return redirect(_section_url(membership, take, _resume_number(take)))
    section = sections[number - 1]
    name = other_name(membership)
    form = ItemsForm(
        request.POST if request.method == "POST" else None,
        items=[instrument.item(i) for i in section.item_ids],
        kind=membership.relationship.kind,
        other_name=name,
        saved=take.answers,
    )
    error = None
    if request.method == "POST" and form.is_valid():
        action = request.POST.get("action", "next")
        try:
            take = check_save_section(take, section.id, form.answers())
            if action == "back":
                return redirect(_section_url(membership, take, max(1, number - 1)))
            if action == "later":
                messages.success(request, "Your answers are saved. Come back any time to carry on.")
                return redirect("checkups-overview", relationship_id=membership.relationship_id)
            if number < len(sections):
                return redirect(_section_url(membership, take, number + 1))
            take = check_finish_take(take)
            return redirect(_report_url(membership, take))
        except CheckupActionError as exc:
            error = exc.error.message
            if exc.detail and exc.error.code == "sections_left":
                first = next(i for i, s in enumerate(sections, 1) if s.id not in take.sections_done)
                return redirect(_section_url(membership, take, first))
    return render(
        request,
        "checkups/section.html",
        _base(
            membership,
            take=take,
            form=form,
            questions_html=questions_html(questions(form)),
            error=error,
            section_title=section.title_for(name),
            section_intro=section.intro_for(name),
            instrument_intro=instrument.intro_for(name) if number == 1 else "",
            number=number,
            total=len(sections),
            is_last=number == len(sections),
        ),
    )


def _n(value: float | None, digits: int = 0, missing: str = "—") -> str:
    """A number as the tables show it (formatted here: the template filter is slow)."""
    return missing if value is None else f"{value:.{digits}f}"


def _table_rows(rows: list[tuple[str, ...]]) -> SafeString:
    """Table body rows (first cell a row header), escaped as the template would: a report
    has some thirty rows, which the template engine walked cell by cell."""
    e = conditional_escape
    return mark_safe(  # noqa: S308 - every cell is escaped
        "".join(
            f'<tr><th scope="row">{e(row[0])}</th>'
            + "".join(f"<td>{e(cell)}</td>" for cell in row[1:])
            + "</tr>"
            for row in rows
        )
    )


def _change_reading(c: Any) -> str:
    if c.rci is None:
        return "not compared"
    if not c.reliable:
        return "within error"
    return {"higher": "really higher", "lower": "really lower"}.get(c.direction, "real change")


def _dimension_bars(dimensions: Any, ids: tuple[str, ...]) -> list[charts.Bar]:
    by_id = {d.id: d for d in dimensions}
    return [charts.Bar(by_id[i].name, by_id[i].score, by_id[i].sem) for i in ids if i in by_id]


@member_view
@require_GET
def checkup_report(request: HttpRequest, membership: Membership, take_id: UUID) -> HttpResponse:
    """The member's own report on one finished take (their answers only)."""
    take, previous, later = get_take_with_history(membership, take_id)
    if not take.is_finished:
        return redirect(_section_url(membership, take, _resume_number(take)))
    result = individual_report(take, (previous, later))
    report = result.report
    resources: tuple[Any, ...] = ()
    if result.safety_positive and report.safety is None:
        resources = resources_for(getattr(request.user, "region", "") or "GB", ())
    status = other_checkup_status(membership)
    return render(
        request,
        "checkups/report.html",
        _base(
            membership,
            take=take,
            report=report,
            previous=result.previous,
            safety_positive=result.safety_positive,
            fallback_resources=resources,
            show_practices=not result.safety_positive,
            component_chart=charts.score_bars(
                "chart-components",
                "Components of closeness",
                _dimension_bars(report.dimensions, COMPONENTS),
            ),
            form_chart=charts.score_bars(
                "chart-forms", "Forms of closeness", _dimension_bars(report.dimensions, FORMS)
            ),
            score_rows_html=_table_rows(
                [
                    (
                        d.name + (" (exploratory)" if d.exploratory else ""),
                        _n(d.score, missing="not enough answers"),
                        _n(d.sem),
                        f"{d.n_answered} of {d.n_items}",
                    )
                    for d in report.dimensions
                ]
            ),
            change_rows=[
                (c.name, _n(c.before), _n(c.after), _n(c.rci, 1), _change_reading(c), c.reliable)
                for c in report.changes
            ],
            other_status=status,
            is_latest=result.is_latest,
            joint_open=status == "finished" and joint_features_available(membership),
        ),
    )


@member_view
@joint_features_required
@require_GET
def checkup_joint(request: HttpRequest, membership: Membership) -> HttpResponse:
    """Both views side by side, once both have finished; never the other's answers."""
    view = joint_view(membership)
    if view is None:
        return render(
            request,
            "checkups/joint_waiting.html",
            _base(
                membership,
                mine_finished=latest_finished_take(membership) is not None,
                other_status=other_checkup_status(membership),
            ),
        )
    dims = {d.id: d for d in view.dimensions}

    def paired(ids: tuple[str, ...]) -> list[charts.PairedBar]:
        return [
            charts.PairedBar(
                dims[i].name,
                dims[i].a,
                view.sems.get(i, (None, None))[0],
                dims[i].b,
                view.sems.get(i, (None, None))[1],
                dims[i].differs,
            )
            for i in ids
            if i in dims
        ]

    return render(
        request,
        "checkups/joint.html",
        _base(
            membership,
            view=view,
            component_chart=charts.paired_bars(
                "chart-joint-components",
                "Components of closeness: your view and theirs",
                view.other_name,
                paired(COMPONENTS),
            ),
            form_chart=charts.paired_bars(
                "chart-joint-forms",
                "Forms of closeness: your view and theirs",
                view.other_name,
                paired(FORMS),
            ),
            score_rows_html=_table_rows(
                [
                    (
                        d.name + (" (exploratory)" if d.exploratory else ""),
                        _n(d.a),
                        _n(d.b),
                        "yes" if d.differs else "no",
                    )
                    for d in view.dimensions
                ]
            ),
        ),
    )


@sensitive_post_parameters()
@member_view
@require_http_methods(["GET", "POST"])
def pulse_page(request: HttpRequest, membership: Membership) -> HttpResponse:
    """This week's Pulse: one per ISO week; saving again in the same week updates it."""
    instrument = load_instrument("pulse")
    week = iso_week_start(today_for(request.user))
    posted = request.method == "POST"
    # A submitted form shows what was submitted, so this week's saved Pulse is read only
    # when the page is shown (a successful save never needs it).
    existing = None if posted else pulse_for_week(membership, week)
    name = other_name(membership)
    form = ItemsForm(
        request.POST if posted else None,
        items=instrument.items,
        kind=membership.relationship.kind,
        other_name=name,
        saved=existing.answers if isinstance(existing, Pulse) else None,
    )
    error = None
    if posted and form.is_valid():
        try:
            created = check_save_pulse(membership, form.answers(), today=week)
        except CheckupActionError as exc:
            error = exc.error.message
        else:
            messages.success(
                request,
                "This week's Pulse is saved." if created else "This week's Pulse is updated.",
            )
            return redirect("checkups-pulse-trend", relationship_id=membership.relationship_id)
    if posted:
        existing = pulse_for_week(membership, week, answers=False)
    return render(
        request,
        "checkups/pulse.html",
        _base(
            membership,
            form=form,
            questions_html=questions_html(questions(form)),
            error=error,
            week=week,
            existing=existing,
            intro=instrument.intro_for(name),
        ),
    )


@member_view
@require_GET
def pulse_trend(request: HttpRequest, membership: Membership) -> HttpResponse:
    """The member's own Pulse over the weeks, as a line chart with a table."""
    points = pulse_points(membership)
    series = []
    if points:
        # One slot per calendar week, so a skipped week shows as a gap, not a straight line.
        from datetime import timedelta

        by_week = {p.week: p.headline for p in points}
        week = points[0].week
        while week <= points[-1].week:
            series.append((week, by_week.get(week)))
            week += timedelta(days=7)
    chart = charts.line_chart(
        "chart-pulse",
        "Your weekly Pulse",
        series,
        what="Closeness this week (0–100)",
    )
    latest = points[-1] if points else None
    return render(
        request,
        "checkups/pulse_trend.html",
        _base(
            membership,
            chart=chart,
            points=points,
            latest=latest,
            latest_bars=charts.score_bars(
                "chart-pulse-latest",
                "Your latest Pulse by theme",
                [
                    charts.Bar(concept_name(d), s.score, s.sem)
                    for d, s in latest.scores.dimensions.items()
                ],
            )
            if latest
            else None,
            warning=pulse_trend_warning(points),
            this_week=iso_week_start(today_for(request.user)),
        ),
    )
