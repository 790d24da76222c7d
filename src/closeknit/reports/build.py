"""Answers + scores -> a report that names what stands out and why.

The rules (thresholds are on the 0–100 dimension scale; docs/method.md, "Reports"):

* **strengths**: components, forms and strong signs scoring at least ``STRENGTH_AT`` (70),
  highest first, at most ``MAX_STRENGTHS`` (3);
* **growth areas**: components, forms and strong signs below ``GROWTH_BELOW`` (50),
  lowest first, at most ``MAX_GROWTH_AREAS`` (3);
* **warning signs present**: fading signs scoring at least ``WARNING_AT`` (50); a sign at
  ``STRONG_WARNING_AT`` (75) or more is *strong*;
* **likely obstacles**: causes scoring at least ``OBSTACLE_AT`` (50), each linked to the
  components and forms the model says it erodes;
* **practices**: at most ``MAX_PRACTICES`` (3), chosen from the model's ``addresses`` links
  to the growth areas, warning signs and obstacles (see :func:`_choose_practices`); when
  nothing stands out, the two lowest-scoring components or forms are used instead, so the
  suggestions still rest on the answers;
* **counselling** (``seek_counselling``) is suggested, apart from the three practices,
  when ``COUNSELLING_MANY`` (3) or more warning signs are present or any is strong;
* a **positive safety screen** overrides the rest: no practice and no counselling
  suggestion (couples work is not the first step when someone does not feel safe), and
  help resources with their "last verified" date are shown instead.

Exploratory dimensions (``comfortable_silence``) are listed with their scores but never
become strengths, growth areas or targets of a suggestion. Every reason quotes the
answers it rests on. The wording describes; it never forecasts the relationship's future
or labels a person.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Final, Literal

from closeknit.instruments.types import AnswerSheet, Instrument
from closeknit.model import Concept, Link, Model, load_model
from closeknit.model.vocabulary import EXPLORATORY, KIND_OF, PRACTICES, SCORED_DIMENSIONS
from closeknit.reports.types import (
    ChangeFinding,
    DimensionResult,
    Evidence,
    Finding,
    HelpContact,
    JointDimension,
    JointReport,
    PracticeSuggestion,
    Report,
    SafetyNotice,
)
from closeknit.safety import help_resources, screen
from closeknit.scoring.change import compare_takes
from closeknit.scoring.reliability import Reliability
from closeknit.scoring.scales import DimensionScore, SheetScores, score_sheet
from closeknit.scoring.two_views import GAP_Z, compare_views

if TYPE_CHECKING:
    from closeknit.scoring.change import Change

STRENGTH_AT: Final = 70.0
GROWTH_BELOW: Final = 50.0
WARNING_AT: Final = 50.0
STRONG_WARNING_AT: Final = 75.0
OBSTACLE_AT: Final = 50.0
MAX_STRENGTHS: Final = 3
MAX_GROWTH_AREAS: Final = 3
MAX_PRACTICES: Final = 3
COUNSELLING_MANY: Final = 3
COUNSELLING_PRACTICE: Final = "seek_counselling"
# How much a link's evidence strength counts when ranking practices.
STRENGTH_WEIGHT: Final[Mapping[str, int]] = {"high": 3, "medium": 2, "low": 1}
POSITIVE_KINDS: Final = frozenset({"component", "form", "strong_sign"})

NOTE: Final = (
    "This report describes how things look from the answers given today. It is a starting "
    "point for a conversation, not a verdict on anyone or on the relationship."
)
JOINT_NOTE: Final = (
    "This view sets two people's answers side by side. A difference is flagged only when it "
    "is larger than measurement error; differences are normal and worth talking about."
)


def _concept_name(model: Model, concept_id: str) -> str:
    try:
        return model.get(concept_id).name
    except KeyError:
        return concept_id.replace("_", " ").capitalize()


def _kind(dimension: str) -> str:
    return KIND_OF.get(dimension, "other")


def _eroded_by(model: Model, cause: str) -> tuple[str, ...]:
    """Targets of the model's ``erodes`` links from ``cause``, strongest first."""
    try:
        links = model.links_from(cause)
    except KeyError:
        return ()
    return tuple(link.target for link in links if link.relation == "erodes")


def _addressing(model: Model, dimension: str) -> tuple[tuple[Concept, Link], ...]:
    try:
        return model.practices_addressing(dimension)
    except KeyError:
        return ()


# --- evidence and wording -------------------------------------------------------------------


def _label(instrument: Instrument, item_id: str, answer: int) -> str:
    scale = instrument.item(item_id).scale
    return scale.labels[answer - scale.minimum]


def _points_phrase(answer: int, minimum: int, maximum: int, label: str) -> str:
    where = (
        f"{answer} of {maximum}" if minimum == 1 else f"{answer} on the {minimum}–{maximum} scale"
    )
    return f"{where} (“{label}”)" if label else where


def _evidence(
    score: DimensionScore,
    instrument: Instrument,
    relationship: Any,
    other_name: str,
    *,
    prefer: Literal["high", "low"],
    limit: int = 2,
) -> tuple[Evidence, ...]:
    """The answered items that most support the finding: highest or lowest keyed points."""
    answered = list(score.answered())
    answered.sort(key=lambda c: (c.points or 0.0) * (-1 if prefer == "high" else 1))
    chosen = []
    for c in answered[:limit]:
        assert c.answer is not None  # answered() keeps only answered items
        item = instrument.item(c.item_id)
        chosen.append(
            Evidence(
                item_id=c.item_id,
                text=_sentence(item.wording(relationship, other_name)),
                answer=c.answer,
                minimum=c.minimum,
                maximum=c.maximum,
                label=_label(instrument, c.item_id, c.answer),
                reverse=c.reverse,
            )
        )
    return tuple(chosen)


def _sentence(text: str) -> str:
    """An item's wording as quoted: first letter capitalised, no closing full stop."""
    text = text.strip()
    if text.endswith(".") and not text.endswith(".."):
        text = text[:-1]
    return text[:1].upper() + text[1:]


def _because(evidence: Sequence[Evidence], who: str = "you") -> str:
    if not evidence:
        return ""
    parts = [
        f"“{e.text}” {_points_phrase(e.answer, e.minimum, e.maximum, e.label)}" for e in evidence
    ]
    return f"because {who} rated " + " and ".join(parts)


def _score_text(score: float | None) -> str:
    return "no score" if score is None else f"{score:.0f} of 100"


# --- individual findings -----------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Target:
    """A dimension a suggestion should address, how pressing it is and what shows it."""

    dimension: str
    severity: float
    reason: str
    evidence: tuple[Evidence, ...]


# Reports list dimensions the way the model is taught (components, forms, signs of strength,
# signs of fading, obstacles), not in the order items happen to appear in the questionnaire.
_MODEL_ORDER: Final = {dim: i for i, dim in enumerate(SCORED_DIMENSIONS)}


def _model_order(dimension: str) -> int:
    return _MODEL_ORDER.get(dimension, len(_MODEL_ORDER))


def _ok(scores: SheetScores, kinds: frozenset[str]) -> list[DimensionScore]:
    return [
        d
        for d in scores.dimensions.values()
        if d.score is not None and _kind(d.dimension) in kinds and not d.exploratory
    ]


def _dimension_results(scores: SheetScores, model: Model) -> tuple[DimensionResult, ...]:
    return tuple(
        DimensionResult(
            id=d.dimension,
            kind=_kind(d.dimension),
            name=_concept_name(model, d.dimension),
            score=d.score,
            sem=d.sem,
            status=d.status,
            n_answered=d.n_answered,
            n_items=d.n_items,
            exploratory=d.exploratory,
            reliability=d.reliability,
            reliability_source=d.reliability_source,
            items=d.items,
        )
        for d in sorted(scores.dimensions.values(), key=lambda d: _model_order(d.dimension))
    )


def _choose_practices(targets: Sequence[_Target], model: Model) -> tuple[PracticeSuggestion, ...]:
    """At most three practices, picked greedily so that together they cover the targets.

    A practice earns ``weight(link strength) * (1 + severity) * 0.5^c`` for every target it
    addresses, where weights are high 3, medium 2, low 1, severity is how far past its
    threshold the target's score lies (0–1), and ``c`` counts the practices already picked
    that address the same target (so the second and third pick favour what is not yet
    covered). The best-earning practice is picked, ties in vocabulary order, three times.
    ``seek_counselling`` is never one of the three: it has its own rule.
    """
    links: dict[str, list[tuple[_Target, Link]]] = {}
    concepts: dict[str, Concept] = {}
    for target in targets:
        for concept, link in _addressing(model, target.dimension):
            if link.source == COUNSELLING_PRACTICE:
                continue
            links.setdefault(link.source, []).append((target, link))
            concepts[link.source] = concept
    order = {p: i for i, p in enumerate(PRACTICES)}
    covered: dict[str, int] = {}

    def gain(target: _Target, link: Link) -> float:
        weight = STRENGTH_WEIGHT.get(link.strength, 1) * (1.0 + target.severity)
        return weight * 0.5 ** covered.get(target.dimension, 0)

    suggestions: list[PracticeSuggestion] = []
    remaining = set(links)
    while remaining and len(suggestions) < MAX_PRACTICES:
        pid = min(
            remaining,
            key=lambda p: (-sum(gain(t, lk) for t, lk in links[p]), order.get(p, len(order))),
        )
        remaining.discard(pid)
        main, main_link = max(links[pid], key=lambda pair: gain(*pair))
        for target, _ in links[pid]:
            covered[target.dimension] = covered.get(target.dimension, 0) + 1
        addresses = tuple(t.dimension for t, _ in links[pid])
        names = [_concept_name(model, d) for d in addresses[:3]]
        concept = concepts[pid]
        suggestions.append(
            PracticeSuggestion(
                practice=pid,
                name=concept.name,
                summary=concept.summary,
                addresses=addresses,
                strength=main_link.strength,
                reason=f"Suggested for {_and(names)}. {main.reason}",
                evidence=main.evidence,
            )
        )
    return tuple(suggestions)


def _and(names: Sequence[str]) -> str:
    if len(names) <= 1:
        return "".join(names)
    return ", ".join(names[:-1]) + " and " + names[-1]


def _counselling(
    warnings: Sequence[Finding], model: Model, whose: str = "your"
) -> PracticeSuggestion | None:
    """The counselling rule: ``COUNSELLING_MANY`` or more warning signs, or any strong one."""
    strong = [w for w in warnings if w.score is not None and w.score >= STRONG_WARNING_AT]
    if len(warnings) < COUNSELLING_MANY and not strong:
        return None
    if len(warnings) >= COUNSELLING_MANY:
        names = _and([w.name for w in warnings])
        why = f"{len(warnings)} signs of fading closeness show in {whose} answers ({names})"
    else:
        names = _and([f"{w.name} ({_score_text(w.score)})" for w in strong])
        signs = (
            "a sign of fading closeness shows"
            if len(strong) == 1
            else "signs of fading closeness show"
        )
        why = f"{signs} strongly in {whose} answers: {names}"
    evidence = tuple(e for w in (strong or list(warnings))[:2] for e in w.evidence[:1])
    try:
        counsel = model.get(COUNSELLING_PRACTICE)
        name, summary = counsel.name, counsel.summary
    except KeyError:
        name, summary = "Talk to a counsellor", ""
    return PracticeSuggestion(
        practice=COUNSELLING_PRACTICE,
        name=name,
        summary=summary,
        addresses=tuple(w.dimension for w in warnings),
        strength="",
        reason=(
            f"Suggested because {why}. A counsellor can help two people find their way back "
            "to each other; many people go long before things feel serious."
        ),
        evidence=evidence,
    )


def _safety_notice(
    sheets: Sequence[AnswerSheet | None], region: str | None, *, joint: bool
) -> SafetyNotice | None:
    """Screen each safety sheet; a positive one yields the notice with help resources."""
    given = [s for s in sheets if s is not None]
    if not given:
        return None
    results = [screen(s) for s in given]
    positive = [r for r in results if r.positive]
    if not positive:
        return None
    # The joint view does not even reveal how urgent a private screen was.
    urgent = not joint and any(r.urgent for r in positive)
    # A joint report is seen by both people: it never says who screened positive or why,
    # so it lists the general resources only.
    concerns: tuple[str, ...] = () if joint else tuple(c for r in positive for c in r.concerns)
    resources = tuple(
        HelpContact(
            name=h.name,
            description=h.description,
            contact=h.contact,
            region=h.region,
            last_verified=h.last_verified.isoformat(),
            url=h.url,
            emergency=h.emergency,
        )
        for h in help_resources(region, concerns)
    )
    if joint:
        message = (
            "Joint practices are switched off for this view. If anything feels unsafe, the "
            "people below listen in confidence and can help."
        )
    else:
        message = (
            "Some of your private safety answers suggest you may not feel safe. Your safety "
            "comes first, so this report suggests no relationship practices; the people "
            "below listen in confidence and can help. Nothing here is shared with the other "
            "person."
        )
    if urgent:
        message = (
            "If you are in danger or might hurt yourself, call your local emergency number "
            "now. " + message
        )
    return SafetyNotice(message=message, urgent=urgent, resources=resources)


def _change_findings(changes: Mapping[str, Change], model: Model) -> tuple[ChangeFinding, ...]:
    found = []
    for dim, c in changes.items():
        name = _concept_name(model, dim)
        if c.rci is None or c.before is None or c.after is None:
            reason = f"{name}: not compared, one of the takes has too few answers"
        elif c.reliable:
            reason = (
                f"{name} went from {c.before:.0f} to {c.after:.0f}: a change larger than "
                f"measurement error explains (RCI {c.rci:+.1f})"
            )
        else:
            reason = (
                f"{name} went from {c.before:.0f} to {c.after:.0f}: within measurement "
                f"error (RCI {c.rci:+.1f}), so treat it as unchanged"
            )
        found.append(
            ChangeFinding(
                dim, name, c.before, c.after, c.delta, c.rci, c.reliable, c.direction, reason
            )
        )
    return tuple(found)


def build_report(
    sheet: AnswerSheet,
    instrument: Instrument,
    *,
    other_name: str,
    safety: AnswerSheet | None = None,
    previous: AnswerSheet | None = None,
    previous_instrument: Instrument | None = None,
    reliability: Mapping[str, Reliability] | None = None,
    region: str | None = None,
    model: Model | None = None,
) -> Report:
    """One person's report (rules in the module docstring).

    ``safety`` is the person's private safety-screen sheet; ``previous`` an earlier take
    (scored against ``previous_instrument`` when its version differs) whose changes are
    reported with the reliable change index. Raises :class:`CloseknitError` when a sheet
    does not match its instrument.
    """
    model = model or load_model()
    scores = score_sheet(sheet, instrument, reliability)
    rel = sheet.relationship

    def evidence(d: DimensionScore, prefer: Literal["high", "low"]) -> tuple[Evidence, ...]:
        return _evidence(d, instrument, rel, other_name, prefer=prefer)

    def finding(
        d: DimensionScore, ev: tuple[Evidence, ...], lead: str, related: tuple[str, ...] = ()
    ) -> Finding:
        name = _concept_name(model, d.dimension)
        reason = f"{name} {lead} ({_score_text(d.score)}), {_because(ev)}."
        return Finding(d.dimension, _kind(d.dimension), name, d.score, reason, ev, related)

    positive = _ok(scores, POSITIVE_KINDS)
    strengths = tuple(
        finding(d, evidence(d, "high"), "stands out as a strength")
        for d in sorted(positive, key=lambda d: -(d.score or 0))
        if (d.score or 0) >= STRENGTH_AT
    )[:MAX_STRENGTHS]
    growth_scores = [
        d for d in sorted(positive, key=lambda d: d.score or 0) if (d.score or 0) < GROWTH_BELOW
    ]
    growth = tuple(finding(d, evidence(d, "low"), "has room to grow") for d in growth_scores)[
        :MAX_GROWTH_AREAS
    ]
    warning_scores = sorted(
        (d for d in _ok(scores, frozenset({"fading_sign"})) if (d.score or 0) >= WARNING_AT),
        key=lambda d: -(d.score or 0),
    )
    warnings = tuple(
        finding(
            d,
            evidence(d, "high"),
            "shows strongly" if (d.score or 0) >= STRONG_WARNING_AT else "shows in your answers",
        )
        for d in warning_scores
    )
    obstacle_scores = sorted(
        (d for d in _ok(scores, frozenset({"cause"})) if (d.score or 0) >= OBSTACLE_AT),
        key=lambda d: -(d.score or 0),
    )
    obstacles = []
    for d in obstacle_scores:
        eroded = _eroded_by(model, d.dimension)
        f = finding(d, evidence(d, "high"), "may be getting in the way", eroded)
        if eroded:
            names = ", ".join(_concept_name(model, e) for e in eroded[:4])
            f = Finding(
                f.dimension,
                f.kind,
                f.name,
                f.score,
                f"{f.reason} It can wear down {names}.",
                f.evidence,
                f.related,
            )
        obstacles.append(f)

    targets = [
        _Target(f.dimension, (GROWTH_BELOW - (f.score or 0)) / GROWTH_BELOW, f.reason, f.evidence)
        for f in growth
    ]
    targets += [
        _Target(
            f.dimension, ((f.score or 0) - WARNING_AT) / (100 - WARNING_AT), f.reason, f.evidence
        )
        for f in (*warnings, *obstacles)
    ]
    if not targets:
        # Nothing stands out: build on the lowest-scoring components and forms.
        lowest = sorted(_ok(scores, frozenset({"component", "form"})), key=lambda d: d.score or 0)
        targets = [
            _Target(
                d.dimension,
                0.0,
                finding(
                    d, evidence(d, "low"), "is your lowest score, so the place to keep building"
                ).reason,
                evidence(d, "low"),
            )
            for d in lowest[:2]
        ]

    notice = _safety_notice([safety], region, joint=False)
    practices: tuple[PracticeSuggestion, ...] = ()
    counselling = None
    if notice is None:
        practices = _choose_practices(targets, model)
        counselling = _counselling(warnings, model)

    changes: tuple[ChangeFinding, ...] = ()
    if previous is not None:
        before = score_sheet(previous, previous_instrument or instrument, reliability)
        changes = _change_findings(compare_takes(before, scores), model)

    return Report(
        respondent=sheet.respondent,
        other_name=other_name,
        relationship=rel,
        instrument=instrument.id,
        version=instrument.version,
        dimensions=_dimension_results(scores, model),
        strengths=strengths,
        growth_areas=growth,
        warning_signs=warnings,
        obstacles=tuple(obstacles),
        practices=practices,
        counselling=counselling,
        safety=notice,
        changes=changes,
        note=NOTE,
    )


# --- joint ---------------------------------------------------------------------------------

JOINT_OTHER: Final = "the other person"


def _joint_evidence(
    da: DimensionScore,
    db: DimensionScore,
    instrument: Instrument,
    relationship: Any,
    *,
    prefer: Literal["high", "low", "apart"],
) -> tuple[Evidence, ...]:
    """The item both answered that best shows a finding: both high, both low, or furthest apart."""
    a = {c.item_id: c for c in da.answered()}
    b = {c.item_id: c for c in db.answered()}
    shared = [i for i in a if i in b]
    if not shared:
        return ()

    def key(i: str) -> float:
        pa, pb = a[i].points or 0.0, b[i].points or 0.0
        if prefer == "apart":
            return -abs(pa - pb)
        return -min(pa, pb) if prefer == "high" else max(pa, pb)

    item_id = min(shared, key=key)
    ca, cb = a[item_id], b[item_id]
    assert ca.answer is not None
    assert cb.answer is not None
    return (
        Evidence(
            item_id=item_id,
            text=_sentence(instrument.item(item_id).wording(relationship, JOINT_OTHER)),
            answer=ca.answer,
            minimum=ca.minimum,
            maximum=ca.maximum,
            label=_label(instrument, item_id, ca.answer),
            reverse=ca.reverse,
            answer_b=cb.answer,
            label_b=_label(instrument, item_id, cb.answer),
        ),
    )


def _joint_because(evidence: Sequence[Evidence], names: tuple[str, str]) -> str:
    if not evidence:
        return ""
    e = evidence[0]
    a, b = names
    if e.answer_b is None or e.answer_b == e.answer:
        return (
            f"because {a} and {b} both rated “{e.text}” "
            f"{_points_phrase(e.answer, e.minimum, e.maximum, e.label)}"
        )
    return (
        f"because {a} rated “{e.text}” {_points_phrase(e.answer, e.minimum, e.maximum, e.label)} "
        f"and {b} {_points_phrase(e.answer_b, e.minimum, e.maximum, e.label_b)}"
    )


def build_joint_report(
    sheet_a: AnswerSheet,
    sheet_b: AnswerSheet,
    instrument: Instrument,
    *,
    names: tuple[str, str],
    safety_a: AnswerSheet | None = None,
    safety_b: AnswerSheet | None = None,
    reliability: Mapping[str, Reliability] | None = None,
    region: str | None = None,
    model: Model | None = None,
) -> JointReport:
    """Two people's views of one relationship (rules in the module docstring and method.md).

    Agreements are dimensions whose gap is within measurement error and that both people
    see as a strength (both at least 70) or as room to grow (both below 50). Differences
    are exactly the gaps flagged by :func:`closeknit.scoring.two_views.compare_views`.
    Warning signs and obstacles are listed when either person's score reaches the
    threshold. Practices target the dimensions where the two people's mean score crosses
    a threshold. A positive safety screen on either sheet switches off every joint
    suggestion without saying whose screen it was.
    """
    model = model or load_model()
    a_scores = score_sheet(sheet_a, instrument, reliability)
    b_scores = score_sheet(sheet_b, instrument, reliability)
    gaps = compare_views(a_scores, b_scores)
    rel = sheet_a.relationship
    a_name, b_name = names

    dims: list[JointDimension] = []
    agreements: list[Finding] = []
    differences: list[Finding] = []
    warnings: list[Finding] = []
    obstacles: list[Finding] = []
    targets: list[_Target] = []
    for dim, g in sorted(gaps.items(), key=lambda kv: _model_order(kv[0])):
        kind = _kind(dim)
        name = _concept_name(model, dim)
        exploratory = dim in EXPLORATORY
        dims.append(
            JointDimension(
                dim, kind, name, g.a, g.b, g.gap, g.se_gap, g.differs, exploratory, g.reason
            )
        )
        if g.a is None or g.b is None:
            continue
        da, db = a_scores[dim], b_scores[dim]
        both = f"{a_name} {g.a:.0f}, {b_name} {g.b:.0f}"
        if g.differs:
            ev = _joint_evidence(da, db, instrument, rel, prefer="apart")
            limit = GAP_Z * (g.se_gap or 0.0)
            differences.append(
                Finding(
                    dim,
                    kind,
                    name,
                    g.a,
                    f"{name}: {both}. The gap of {abs(g.gap or 0):.0f} points is larger than "
                    f"the {limit:.0f} points measurement error explains, "
                    f"{_joint_because(ev, names)}.",
                    ev,
                    (),
                    g.b,
                )
            )
        if exploratory:
            continue
        mean = (g.a + g.b) / 2
        if kind in POSITIVE_KINDS and not g.differs:
            if min(g.a, g.b) >= STRENGTH_AT:
                ev = _joint_evidence(da, db, instrument, rel, prefer="high")
                agreements.append(
                    Finding(
                        dim,
                        kind,
                        name,
                        g.a,
                        f"{name} is a strength you share ({both}), {_joint_because(ev, names)}.",
                        ev,
                        (),
                        g.b,
                    )
                )
            elif max(g.a, g.b) < GROWTH_BELOW:
                ev = _joint_evidence(da, db, instrument, rel, prefer="low")
                agreements.append(
                    Finding(
                        dim,
                        kind,
                        name,
                        g.a,
                        f"{name} has room to grow for both of you ({both}), "
                        f"{_joint_because(ev, names)}.",
                        ev,
                        (),
                        g.b,
                    )
                )
        if kind in POSITIVE_KINDS and mean < GROWTH_BELOW:
            ev = _joint_evidence(da, db, instrument, rel, prefer="low")
            targets.append(
                _Target(
                    dim,
                    (GROWTH_BELOW - mean) / GROWTH_BELOW,
                    f"{name} averages {mean:.0f} of 100 ({both}), {_joint_because(ev, names)}.",
                    ev,
                )
            )
        if kind in ("fading_sign", "cause") and max(g.a, g.b) >= WARNING_AT:
            ev = _joint_evidence(da, db, instrument, rel, prefer="high")
            if min(g.a, g.b) >= WARNING_AT:
                whose = "both people's"
            else:
                who = a_name if g.a >= WARNING_AT else b_name
                whose = "your" if who == "you" else f"{who}’s"
            lead = (
                f"shows in {whose} answers"
                if kind == "fading_sign"
                else f"may be getting in the way, as {whose} answers show"
            )
            related = _eroded_by(model, dim) if kind == "cause" else ()
            f = Finding(
                dim,
                kind,
                name,
                g.a,
                f"{name} {lead} ({both}), {_joint_because(ev, names)}.",
                ev,
                related,
                g.b,
            )
            (warnings if kind == "fading_sign" else obstacles).append(f)
            if mean >= WARNING_AT:
                targets.append(_Target(dim, (mean - WARNING_AT) / (100 - WARNING_AT), f.reason, ev))

    notice = _safety_notice([safety_a, safety_b], region, joint=True)
    practices: tuple[PracticeSuggestion, ...] = ()
    counselling = None
    if notice is None:
        practices = _choose_practices(targets, model)
        # The counselling rule applies to each person's own warning signs.
        for person, own_name in enumerate(names):
            own = []
            for w in warnings:
                value = w.score if person == 0 else w.score_b
                if value is not None and value >= WARNING_AT:
                    own.append(Finding(w.dimension, w.kind, w.name, value, w.reason, w.evidence))
            whose = "your" if own_name == "you" else f"{own_name}’s"
            counselling = _counselling(own, model, whose=whose)
            if counselling is not None:
                break
    return JointReport(
        names=names,
        relationship=rel,
        instrument=instrument.id,
        version=instrument.version,
        dimensions=tuple(dims),
        agreements=tuple(agreements),
        differences=tuple(differences),
        warning_signs=tuple(warnings),
        obstacles=tuple(obstacles),
        practices=practices,
        counselling=counselling,
        safety=notice,
        note=JOINT_NOTE,
    )
