"""Practice library, weekly plan, question decks and together mode as pages.

Short function views: ``member_view`` loads the relationship (404 for outsiders),
``access`` reads, ``actions`` writes, ``plans`` calls the core planner.
"""

from __future__ import annotations

from typing import Any
from uuid import UUID

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from closeknit.model.vocabulary import FORMS
from closeknit.practice.decks import TIERS
from closeknit.web.checkups.actions import today_for
from closeknit.web.checkups.reports import other_name
from closeknit.web.practice.access import (
    current_round,
    get_round,
    last_drawn,
    past_rounds,
    round_view,
)
from closeknit.web.practice.actions import (
    check_answer,
    check_draw_question,
    check_mark_done,
    check_reply,
    check_start_round,
)
from closeknit.web.practice.content import (
    concept_name,
    deck,
    exercise_or_none,
    library,
    offered_when_joint_off,
)
from closeknit.web.practice.errors import PracticeActionError
from closeknit.web.practice.plans import current_plan
from closeknit.web.relationships.decorators import member_view
from closeknit.web.relationships.models import Membership
from closeknit.web.safety.access import joint_features_available
from closeknit.web.safety.decorators import joint_features_required

ROLE_NAMES = {
    "both": "Both of you",
    "speaker": "The speaker",
    "listener": "The listener",
    "person_a": "One of you",
    "person_b": "The other",
    "you": "You",
}
MODE_FILTERS = ("joint", "solo")


def base(membership: Membership, **extra: Any) -> dict[str, Any]:
    return {
        "membership": membership,
        "relationship": membership.relationship,
        "other_name": other_name(membership),
        **extra,
    }


@member_view
@require_GET
def library_page(request: HttpRequest, membership: Membership) -> HttpResponse:
    mode = request.GET.get("mode", "")
    form = request.GET.get("form", "")
    joint_ok = joint_features_available(membership)
    kind = membership.relationship.kind
    items = []
    for exercise in library():
        if exercise.id == "find_a_counsellor" and mode == "joint":
            continue
        if not exercise.suits(kind):
            continue
        if mode in MODE_FILTERS and exercise.mode != mode:
            continue
        if form in FORMS and form not in exercise.addresses:
            continue
        items.append((exercise, joint_ok or offered_when_joint_off(exercise)))
    return render(
        request,
        "practice/library.html",
        base(
            membership,
            items=items,
            mode=mode,
            form=form,
            forms=[(f, concept_name(f)) for f in FORMS],
            joint_ok=joint_ok,
        ),
    )


@member_view
@require_GET
def exercise_page(request: HttpRequest, membership: Membership, exercise_id: str) -> HttpResponse:
    exercise = exercise_or_none(exercise_id)
    if exercise is None or not exercise.suits(membership.relationship.kind):
        raise Http404("No such exercise")
    joint_ok = joint_features_available(membership)
    return render(
        request,
        "practice/exercise.html",
        base(
            membership,
            exercise=exercise,
            available=joint_ok or offered_when_joint_off(exercise),
            steps=[(ROLE_NAMES.get(s.who, s.who), s.text) for s in exercise.steps],
            addresses=[(a, concept_name(a)) for a in exercise.addresses],
        ),
    )


@member_view
@require_GET
def plan_page(request: HttpRequest, membership: Membership) -> HttpResponse:
    plan = current_plan(membership, today_for(request.user))
    counselling = None
    if plan.counselling:
        counselling = (
            exercise_or_none(plan.counselling["exercise_id"]),
            plan.counselling["reason"],
        )
    return render(
        request,
        "practice/plan.html",
        base(
            membership,
            plan=plan,
            practices=[{**p, "done": p["exercise_id"] in plan.done} for p in plan.practices],
            counselling=counselling,
        ),
    )


@member_view
@require_POST
def plan_done(request: HttpRequest, membership: Membership) -> HttpResponse:
    plan = current_plan(membership, today_for(request.user))
    try:
        check_mark_done(
            plan, request.POST.get("exercise_id", ""), request.POST.get("done", "1") == "1"
        )
    except PracticeActionError as exc:
        raise Http404(exc.error.message) from None
    return redirect("practice-plan", relationship_id=membership.relationship_id)


@member_view
@joint_features_required
@require_GET
def questions_page(request: HttpRequest, membership: Membership) -> HttpResponse:
    drawn = last_drawn(membership)
    return render(
        request,
        "practice/questions.html",
        base(
            membership,
            question=deck().get(drawn.question_id) if drawn else None,
            tiers=TIERS,
            forms=[(f, concept_name(f)) for f in FORMS],
            tier=request.GET.get("tier", ""),
            form=request.GET.get("form", ""),
        ),
    )


@member_view
@joint_features_required
@require_POST
def questions_draw(request: HttpRequest, membership: Membership) -> HttpResponse:
    tier, form = request.POST.get("tier", ""), request.POST.get("form", "")
    try:
        check_draw_question(membership, tier=tier or None, form=form or None)
    except PracticeActionError as exc:
        messages.error(request, exc.error.message)
    return redirect("practice-questions", relationship_id=membership.relationship_id)


@member_view
@joint_features_required
@require_GET
def together_page(request: HttpRequest, membership: Membership) -> HttpResponse:
    latest = current_round(membership)
    view = round_view(membership, latest) if latest else None
    earlier = [
        round_view(membership, r) for r in past_rounds(membership) if latest is None or r != latest
    ]
    return render(
        request,
        "practice/together.html",
        base(membership, view=view, earlier=earlier[:5], tiers=TIERS),
    )


@member_view
@joint_features_required
@require_POST
def together_new(request: HttpRequest, membership: Membership) -> HttpResponse:
    try:
        check_start_round(membership, tier=request.POST.get("tier") or None)
    except PracticeActionError as exc:
        messages.error(request, exc.error.message)
    return redirect("practice-together", relationship_id=membership.relationship_id)


@sensitive_post_parameters()
@member_view
@joint_features_required
@require_POST
def together_answer(request: HttpRequest, membership: Membership, round_id: UUID) -> HttpResponse:
    together = get_round(membership, round_id)
    try:
        check_answer(membership, together, request.POST.get("answer", ""))
    except PracticeActionError as exc:
        messages.error(request, exc.error.message)
    else:
        messages.success(request, "Your answer is sealed until you have both answered.")
    return redirect("practice-together", relationship_id=membership.relationship_id)


@sensitive_post_parameters()
@member_view
@joint_features_required
@require_http_methods(["POST"])
def together_reply(request: HttpRequest, membership: Membership, round_id: UUID) -> HttpResponse:
    together = get_round(membership, round_id)
    try:
        check_reply(membership, together, request.POST.get("reply", ""))
    except PracticeActionError as exc:
        messages.error(request, exc.error.message)
    return redirect("practice-together", relationship_id=membership.relationship_id)
