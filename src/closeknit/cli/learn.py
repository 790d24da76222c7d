"""closeknit CLI: ``learn`` shows the intimacy model (all concepts, or one with its links).

Thin layer over :mod:`closeknit.model`: JSON to stdout, errors raised as CloseknitError.
"""

from __future__ import annotations

import argparse
import json
import textwrap

from closeknit.model import Concept, Link, Model, load_model
from closeknit.model.guide import KIND_NAMES, KIND_TITLES, connections

WIDTH = 80


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add ``learn [CONCEPT]``."""
    learn = subparsers.add_parser(
        "learn",
        help="explore the intimacy model",
        description="List the concepts of the intimacy model, or show one with its links.",
    )
    learn.add_argument("concept", nargs="?", metavar="CONCEPT", help="a concept id, e.g. trust")
    learn.add_argument("--format", choices=("text", "json", "md"), default="text")
    learn.set_defaults(handler=run_learn)


def run_learn(args: argparse.Namespace) -> int:
    model = load_model()
    if args.concept is None:
        print(_render_list(model, args.format))
    else:
        concept = model.get(args.concept.strip().lower().replace("-", "_"))
        print(_render_concept(model, concept, args.format))
    return 0


# --- the list --------------------------------------------------------------------------


def _render_list(model: Model, fmt: str) -> str:
    if fmt == "json":
        return json.dumps(
            [
                {
                    "id": c.id,
                    "kind": c.kind,
                    "name": c.name,
                    "summary": c.summary,
                    "evidence": c.evidence,
                }
                for c in model.concepts.values()
            ],
            indent=2,
            ensure_ascii=False,
        )
    lines: list[str] = []
    for kind, title in KIND_TITLES.items():
        concepts = model.of_kind(kind)
        if fmt == "md":
            lines += [f"## {title}", ""]
            lines += [f"- **{c.name}** (`{c.id}`): {c.summary}" for c in concepts]
        else:
            lines.append(title)
            width = max(len(c.id) for c in concepts)
            lines += [f"  {c.id:<{width}}  {c.summary}" for c in concepts]
        lines.append("")
    hint = "Show one with: closeknit learn CONCEPT"
    lines.append(f"_{hint}_" if fmt == "md" else hint)
    return "\n".join(lines)


# --- one concept -----------------------------------------------------------------------


def _link_json(link: Link) -> dict[str, str]:
    return {
        "source": link.source,
        "target": link.target,
        "relation": link.relation,
        "strength": link.strength,
        "note": link.note,
    }


def _render_concept(model: Model, concept: Concept, fmt: str) -> str:
    if fmt == "json":
        data = {
            "id": concept.id,
            "kind": concept.kind,
            "name": concept.name,
            "summary": concept.summary,
            "definition": concept.definition,
            "why_it_matters": concept.why_it_matters,
            "in_daily_life": concept.in_daily_life,
            "what_helps": list(concept.what_helps),
            "evidence": concept.evidence,
            "research": concept.research,
            "exploratory": concept.exploratory,
            "links_from": [_link_json(link) for link in model.links_from(concept.id)],
            "links_to": [_link_json(link) for link in model.links_to(concept.id)],
        }
        return json.dumps(data, indent=2, ensure_ascii=False)
    md = fmt == "md"
    kind = KIND_NAMES[concept.kind]
    sections = [
        ("What it is", concept.definition),
        ("Why it matters", concept.why_it_matters),
        ("In daily life", concept.in_daily_life),
    ]
    lines: list[str] = []
    if md:
        lines += [f"# {concept.name}", "", f"*{kind}* · evidence: {concept.evidence}", ""]
        lines += [concept.summary, ""]
        for title, body in sections:
            lines += [f"## {title}", "", body, ""]
        lines += ["## What helps", ""] + [f"- {h}" for h in concept.what_helps] + [""]
    else:
        lines += [f"{concept.name} ({kind}; evidence: {concept.evidence})", ""]
        lines += [*textwrap.wrap(concept.summary, WIDTH), ""]
        for title, body in sections:
            lines.append(title)
            lines += textwrap.wrap(body, WIDTH, initial_indent="  ", subsequent_indent="  ")
            lines.append("")
        lines.append("What helps")
        for h in concept.what_helps:
            lines += textwrap.wrap(h, WIDTH, initial_indent="  - ", subsequent_indent="    ")
        lines.append("")
    if concept.exploratory:
        note = "Exploratory: shown for reflection, never counted in an overall score."
        lines += [f"> {note}" if md else note, ""]
    if concept.research:
        lines += (
            [f"**Research.** {concept.research}", ""]
            if md
            else [
                "Research",
                *textwrap.wrap(
                    concept.research, WIDTH, initial_indent="  ", subsequent_indent="  "
                ),
                "",
            ]
        )
    grouped = connections(model, concept)
    if grouped:
        lines += ["## Connections", ""] if md else ["Connections"]
        for label, found in grouped:
            pairs = [(c.other, c.link) for c in found]
            if md:
                lines.append(f"**{label}**")
                lines.append("")
                lines += [
                    f"- [{other.name}](#{other.id}) (`{other.id}`, {link.strength}): {link.note}"
                    for other, link in pairs
                ]
                lines.append("")
            else:
                lines.append(f"  {label}:")
                for other, link in pairs:
                    lines.append(f"    {other.id} ({link.strength})")
                    lines += textwrap.wrap(
                        link.note, WIDTH, initial_indent="      ", subsequent_indent="      "
                    )
        if not md:
            lines.append("")
    return "\n".join(lines).rstrip() + "\n"
