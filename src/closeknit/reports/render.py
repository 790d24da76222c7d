"""Reports as text, Markdown or JSON.

JSON of a single report carries ``dimensions: {id: {score, sem, status, ...}}``; JSON of
a joint report carries ``dimensions: {id: {a, b, gap, differs, ...}}``. Numbers are
rounded to two decimals; every other field is the report's data unchanged.
"""

from __future__ import annotations

import json
from dataclasses import asdict
from typing import Any, Literal

from closeknit.errors import CloseknitError
from closeknit.reports.types import (
    ChangeFinding,
    Finding,
    JointReport,
    PracticeSuggestion,
    Report,
    SafetyNotice,
)

Format = Literal["text", "json", "md"]
FORMATS: tuple[str, ...] = ("text", "json", "md")


def _round(value: Any) -> Any:
    if isinstance(value, float):
        return round(value, 2)
    if isinstance(value, dict):
        return {k: _round(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_round(v) for v in value]
    return value


def report_to_dict(report: Report | JointReport) -> dict[str, Any]:
    """The report as JSON-ready data, with ``dimensions`` keyed by dimension id."""
    data = asdict(report)
    dims = data.pop("dimensions")
    data["dimensions"] = {d.pop("id"): d for d in dims}
    if isinstance(report, Report):
        data["kind"] = "report"
        data["changes"] = {c.pop("dimension"): c for c in data["changes"]}
    else:
        data["kind"] = "joint_report"
        data["names"] = list(report.names)
    result: dict[str, Any] = _round(data)
    return result


def _num(value: float | None) -> str:
    return "—" if value is None else f"{value:.0f}"


def _score_cell(score: float | None, sem: float | None, status: str) -> str:
    if score is None:
        return "not enough answers" if status == "not_enough_answers" else "—"
    return f"{score:.0f} ± {sem:.0f}" if sem is not None else f"{score:.0f}"


def _section(title: str, lines: list[str], md: bool) -> list[str]:
    if not lines:
        return []
    head = [f"## {title}", ""] if md else [title, "-" * len(title)]
    return [*head, *lines, ""]


def _findings(findings: tuple[Finding, ...], md: bool) -> list[str]:
    return [f"- {f.reason}" if md else f"  • {f.reason}" for f in findings]


def _practices(practices: tuple[PracticeSuggestion, ...], md: bool) -> list[str]:
    lines = []
    for n, p in enumerate(practices, start=1):
        title = f"**{p.name}**" if md else p.name
        lines.append(f"{n}. {title} — {p.summary}" if p.summary else f"{n}. {title}")
        lines.append(f"   {p.reason}")
    return lines


def _safety(notice: SafetyNotice | None, md: bool) -> list[str]:
    if notice is None:
        return []
    lines = [notice.message, ""]
    for r in notice.resources:
        where = f" ({r.url})" if r.url else ""
        lines.append(
            f"- {r.name} [{r.region}]: {r.description} Contact: {r.contact}{where}. "
            f"Last verified {r.last_verified}."
        )
    return _section("Your safety first" if md else "YOUR SAFETY FIRST", lines, md)


def _changes(changes: tuple[ChangeFinding, ...], md: bool) -> list[str]:
    return _section("Since your last take", [f"- {c.reason}" for c in changes], md)


def _render_single(report: Report, md: bool) -> str:
    who = report.respondent or "You"
    title = f"closeknit {report.instrument} report: {who} about {report.other_name}"
    out = [f"# {title}", ""] if md else [title, "=" * len(title)]
    out += [f"Relationship: {report.relationship} · instrument version {report.version}", ""]
    out += _safety(report.safety, md)
    if md:
        rows = ["| dimension | kind | score ± SEM |", "|---|---|---|"]
        rows += [
            f"| {d.name}{' (exploratory)' if d.exploratory else ''} | {d.kind} | "
            f"{_score_cell(d.score, d.sem, d.status)} |"
            for d in report.dimensions
        ]
    else:
        rows = [
            f"  {d.name + (' (exploratory)' if d.exploratory else ''):<36} "
            f"{_score_cell(d.score, d.sem, d.status)}"
            for d in report.dimensions
        ]
    out += _section("Scores (0–100, ± measurement error)", rows, md)
    out += _section("Strengths", _findings(report.strengths, md), md)
    out += _section("Growth areas", _findings(report.growth_areas, md), md)
    out += _section("Warning signs present", _findings(report.warning_signs, md), md)
    out += _section("Likely obstacles", _findings(report.obstacles, md), md)
    out += _section("Suggested practices", _practices(report.practices, md), md)
    if report.counselling is not None:
        out += _section("Talking to a counsellor", _practices((report.counselling,), md)[1:], md)
    out += _changes(report.changes, md)
    out += [report.note, ""]
    return "\n".join(out)


def _render_joint(report: JointReport, md: bool) -> str:
    a, b = report.names
    title = f"closeknit {report.instrument}: two views, {a} and {b}"
    out = [f"# {title}", ""] if md else [title, "=" * len(title)]
    out += [f"Relationship: {report.relationship} · instrument version {report.version}", ""]
    out += _safety(report.safety, md)
    if md:
        rows = [f"| dimension | {a} | {b} | gap | differs |", "|---|---|---|---|---|"]
        rows += [
            f"| {d.name}{' (exploratory)' if d.exploratory else ''} | {_num(d.a)} | {_num(d.b)} | "
            f"{_num(d.gap)} | {'yes' if d.differs else 'no'} |"
            for d in report.dimensions
        ]
    else:
        rows = [f"  {'dimension':<36} {a[:8]:>8} {b[:8]:>8} {'gap':>6}  differs"]
        rows += [
            f"  {d.name + (' (exploratory)' if d.exploratory else ''):<36} {_num(d.a):>8} "
            f"{_num(d.b):>8} {_num(d.gap):>6}  {'yes' if d.differs else 'no'}"
            for d in report.dimensions
        ]
    out += _section("Scores side by side (0–100)", rows, md)
    out += _section("Where you agree", _findings(report.agreements, md), md)
    out += _section("Where your views differ", _findings(report.differences, md), md)
    out += _section("Warning signs present", _findings(report.warning_signs, md), md)
    out += _section("Likely obstacles", _findings(report.obstacles, md), md)
    out += _section("Suggested practices together", _practices(report.practices, md), md)
    if report.counselling is not None:
        out += _section("Talking to a counsellor", _practices((report.counselling,), md)[1:], md)
    out += [report.note, ""]
    return "\n".join(out)


def render_report(report: Report | JointReport, format: str = "text") -> str:
    """``report`` as ``text``, ``md`` (Markdown) or ``json``.

    Raises :class:`CloseknitError` for any other format name.
    """
    if format == "json":
        return json.dumps(report_to_dict(report), indent=2, ensure_ascii=False)
    if format not in FORMATS:
        raise CloseknitError(f"unknown format {format!r}; use one of: {', '.join(FORMATS)}")
    md = format == "md"
    if isinstance(report, Report):
        return _render_single(report, md)
    return _render_joint(report, md)
