"""What a report says, as plain immutable data (rendered by :mod:`closeknit.reports.render`).

Every finding and suggestion carries a ``reason`` in plain words and the ``evidence``
(item id, wording shown, answer) the reason rests on, so a reader can trace each line of a
report back to the answers that produced it.
"""

from __future__ import annotations

from dataclasses import dataclass

from closeknit.scoring.scales import ItemContribution


@dataclass(frozen=True, slots=True)
class Evidence:
    """One answer a reason rests on. ``answer_b`` is set in joint reports only."""

    item_id: str
    text: str
    answer: int
    minimum: int
    maximum: int
    label: str
    reverse: bool
    answer_b: int | None = None
    label_b: str = ""


@dataclass(frozen=True, slots=True)
class DimensionResult:
    """One dimension as shown in a single person's report.

    ``items`` is the per-item trace (answer, keyed value, 0–100 points) behind the score,
    so anyone can recompute it.
    """

    id: str
    kind: str
    name: str
    score: float | None
    sem: float | None
    status: str
    n_answered: int
    n_items: int
    exploratory: bool
    reliability: float | None
    reliability_source: str
    items: tuple[ItemContribution, ...] = ()


@dataclass(frozen=True, slots=True)
class Finding:
    """A strength, growth area, warning sign, obstacle, agreement or difference.

    ``related`` names the model concepts this one connects to (for an obstacle: the
    components and forms it erodes).
    """

    dimension: str
    kind: str
    name: str
    score: float | None
    reason: str
    evidence: tuple[Evidence, ...] = ()
    related: tuple[str, ...] = ()
    score_b: float | None = None


@dataclass(frozen=True, slots=True)
class PracticeSuggestion:
    """A recommended practice, what it addresses and why it was chosen."""

    practice: str
    name: str
    summary: str
    addresses: tuple[str, ...]
    strength: str
    reason: str
    evidence: tuple[Evidence, ...] = ()


@dataclass(frozen=True, slots=True)
class HelpContact:
    name: str
    description: str
    contact: str
    region: str
    last_verified: str
    url: str = ""
    emergency: bool = False


@dataclass(frozen=True, slots=True)
class SafetyNotice:
    """Shown instead of joint suggestions when a safety screen is positive."""

    message: str
    urgent: bool
    resources: tuple[HelpContact, ...]


@dataclass(frozen=True, slots=True)
class ChangeFinding:
    dimension: str
    name: str
    before: float | None
    after: float | None
    delta: float | None
    rci: float | None
    reliable: bool
    direction: str
    reason: str


@dataclass(frozen=True, slots=True)
class Report:
    """One person's report on one take of an instrument."""

    respondent: str
    other_name: str
    relationship: str
    instrument: str
    version: str
    dimensions: tuple[DimensionResult, ...]
    strengths: tuple[Finding, ...]
    growth_areas: tuple[Finding, ...]
    warning_signs: tuple[Finding, ...]
    obstacles: tuple[Finding, ...]
    practices: tuple[PracticeSuggestion, ...]
    counselling: PracticeSuggestion | None
    safety: SafetyNotice | None
    changes: tuple[ChangeFinding, ...]
    note: str


@dataclass(frozen=True, slots=True)
class JointDimension:
    """One dimension seen by two people: both scores, the gap and whether it is real."""

    id: str
    kind: str
    name: str
    a: float | None
    b: float | None
    gap: float | None
    se_gap: float | None
    differs: bool
    exploratory: bool
    reason: str


@dataclass(frozen=True, slots=True)
class JointReport:
    """Two people's views of one relationship, side by side."""

    names: tuple[str, str]
    relationship: str
    instrument: str
    version: str
    dimensions: tuple[JointDimension, ...]
    agreements: tuple[Finding, ...]
    differences: tuple[Finding, ...]
    warning_signs: tuple[Finding, ...]
    obstacles: tuple[Finding, ...]
    practices: tuple[PracticeSuggestion, ...]
    counselling: PracticeSuggestion | None
    safety: SafetyNotice | None
    note: str
