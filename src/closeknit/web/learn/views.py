"""The Learn pages: general knowledge about closeness, the same for every visitor.

Nothing here reads or writes anything about the person, so the pages are open without an
account (someone may want to read before signing up) and touch no user data.
"""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from closeknit.model import load_model
from closeknit.model.guide import (
    EVIDENCE_MEANINGS,
    KIND_INTROS,
    KIND_NAMES,
    KIND_TITLES,
    connections,
)
from closeknit.practice import load_exercises


@require_GET
def index(request: HttpRequest) -> HttpResponse:
    model = load_model()
    groups = [
        (kind, title, KIND_INTROS[kind], model.of_kind(kind)) for kind, title in KIND_TITLES.items()
    ]
    return render(request, "learn/index.html", {"groups": groups})


@require_GET
def concept_page(request: HttpRequest, concept_id: str) -> HttpResponse:
    model = load_model()
    concept = model.concepts.get(concept_id)
    if concept is None:
        raise Http404("No such concept.")
    exercises = [e for e in load_exercises() if concept.id in e.addresses]
    return render(
        request,
        "learn/concept.html",
        {
            "concept": concept,
            "kind_name": KIND_NAMES[concept.kind],
            "kind_title": KIND_TITLES[concept.kind],
            "evidence_meaning": EVIDENCE_MEANINGS[concept.evidence],
            "connections": connections(model, concept),
            "exercises": exercises,
        },
    )
