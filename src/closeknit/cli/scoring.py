"""closeknit CLI: ``score``, ``compare``, ``simulate`` and ``reliability``.

Thin layer: read sheets through :mod:`closeknit.instruments`, call
:mod:`closeknit.scoring` and :mod:`closeknit.reports`, print. Reports and JSON go to
stdout; errors are raised as CloseknitError and printed by ``main`` (status 2).
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Mapping
from pathlib import Path
from typing import Any, cast

from closeknit.cli.files import write_text_atomically
from closeknit.errors import CloseknitError, SheetError
from closeknit.instruments import (
    INSTRUMENT_IDS,
    AnswerSheet,
    Instrument,
    InstrumentId,
    dump_sheet,
    load_instrument,
    load_sheet,
    parse_sheet,
)
from closeknit.model.vocabulary import RELATIONSHIP_TYPES, RelationshipType
from closeknit.reports import build_joint_report, build_report, render_report
from closeknit.scoring.reliability import (
    Reliability,
    default_reliability,
    measurement_error,
    reliability_table,
)
from closeknit.scoring.simulate import simulate_sheets

FORMATS = ("text", "json", "md")


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add ``score``, ``compare``, ``simulate`` and ``reliability``."""
    score = subparsers.add_parser(
        "score", help="score one answer sheet and explain it (strengths, growth, practices)"
    )
    score.add_argument("sheet", type=Path, metavar="SHEET.json")
    score.add_argument("--format", choices=FORMATS, default="text")
    score.add_argument(
        "--safety", type=Path, metavar="SAFETY.json", help="your safety-screen sheet"
    )
    score.add_argument("--previous", type=Path, metavar="OLD.json", help="an earlier take")
    score.add_argument("--other-name", help="the other person's name (default: from the sheet)")
    _common(score)
    score.set_defaults(handler=score_command)

    compare = subparsers.add_parser("compare", help="two people's views of one relationship")
    compare.add_argument("sheet_a", type=Path, metavar="A.json")
    compare.add_argument("sheet_b", type=Path, metavar="B.json")
    compare.add_argument("--format", choices=FORMATS, default="text")
    compare.add_argument("--names", nargs=2, metavar=("A", "B"), help="how to call the two people")
    compare.add_argument("--safety-a", type=Path, metavar="SAFETY_A.json")
    compare.add_argument("--safety-b", type=Path, metavar="SAFETY_B.json")
    _common(compare)
    compare.set_defaults(handler=compare_command)

    simulate = subparsers.add_parser(
        "simulate", help="write plausible answer sheets from the documented latent model"
    )
    simulate.add_argument("--people", type=int, required=True, metavar="N")
    simulate.add_argument("--seed", type=int, default=0, metavar="S")
    simulate.add_argument("--out", type=Path, required=True, metavar="FILE.jsonl")
    simulate.add_argument("--instrument", choices=INSTRUMENT_IDS, default="checkup")
    simulate.add_argument("--version", help="instrument version (default: the latest)")
    simulate.add_argument("--relationship", choices=RELATIONSHIP_TYPES, default="partner")
    simulate.set_defaults(handler=simulate_command)

    reliability = subparsers.add_parser(
        "reliability", help="Cronbach's alpha and McDonald's omega per dimension from sheets"
    )
    reliability.add_argument("file", type=Path, metavar="FILE.jsonl")
    reliability.add_argument("--format", choices=("json", "text"), default="json")
    reliability.set_defaults(handler=reliability_command)


def _common(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--region",
        metavar="CODE",
        help="country code (e.g. GB, US) for help resources; default: international",
    )
    parser.add_argument(
        "--sample",
        type=Path,
        metavar="FILE.jsonl",
        help="sheets whose reliabilities replace the defaults in the measurement error",
    )


# --- reading --------------------------------------------------------------------------------


def _instrument_of(sheet: AnswerSheet) -> Instrument:
    return load_instrument(sheet.instrument, sheet.version)


def _read(path: Path, *, expect: str | None = None, refuse: str | None = None) -> AnswerSheet:
    sheet = load_sheet(path)
    if expect is not None and sheet.instrument != expect:
        raise SheetError(f"{path}: expected a {expect} sheet, got a {sheet.instrument} sheet")
    if refuse is not None and sheet.instrument == refuse:
        raise SheetError(
            f"{path}: a {refuse} sheet is private and is not scored as a report; "
            "pass it with --safety instead"
        )
    return sheet


def read_jsonl(path: Path) -> list[AnswerSheet]:
    """Sheets from a JSON-lines file, one per line.

    Raises :class:`SheetError` naming the file and line number for an empty line, a line
    that is not JSON, or a sheet that does not fit its instrument; and for an empty file.
    """
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise SheetError(f"{path}: no such file") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise SheetError(f"{path}: cannot be read ({exc.__class__.__name__})") from None
    lines = text.splitlines()
    if lines and lines[-1] == "":
        lines.pop()
    sheets = []
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            raise SheetError(f"{path}, line {number}: empty line; put one sheet on every line")
        try:
            data = json.loads(line)
        except json.JSONDecodeError as exc:
            raise SheetError(
                f"{path}, line {number}: not valid JSON (column {exc.colno}: {exc.msg})"
            ) from None
        try:
            sheets.append(parse_sheet(data))
        except SheetError as exc:
            raise SheetError(f"{path}, line {number}: {exc}") from None
    if not sheets:
        raise SheetError(f"{path}: no sheets; write one sheet as JSON on each line")
    return sheets


def _one_instrument(sheets: list[AnswerSheet], path: Path) -> Instrument:
    first = sheets[0]
    for number, sheet in enumerate(sheets, start=1):
        if (sheet.instrument, sheet.version) != (first.instrument, first.version):
            raise SheetError(
                f"{path}, line {number}: {sheet.instrument} version {sheet.version} differs "
                f"from line 1 ({first.instrument} version {first.version}); keep one "
                "instrument version per file"
            )
    return _instrument_of(first)


def _sample(path: Path | None, instrument: Instrument) -> Mapping[str, Reliability] | None:
    if path is None:
        return None
    sheets = [
        s
        for s in read_jsonl(path)
        if (s.instrument, s.version) == (instrument.id, instrument.version)
    ]
    if not sheets:
        raise SheetError(
            f"{path}: no {instrument.id} version {instrument.version} sheets to estimate from"
        )
    return reliability_table(sheets, instrument)


def _print(text: str) -> None:
    sys.stdout.write(text if text.endswith("\n") else text + "\n")


# --- handlers -------------------------------------------------------------------------------


def score_command(args: argparse.Namespace) -> int:
    sheet = _read(args.sheet, refuse="safety")
    instrument = _instrument_of(sheet)
    safety = _read(args.safety, expect="safety") if args.safety else None
    previous = _read(args.previous, refuse="safety") if args.previous else None
    if previous is not None and previous.instrument != sheet.instrument:
        raise SheetError(
            f"{args.previous}: an earlier take must answer the same instrument "
            f"({sheet.instrument}), not {previous.instrument}"
        )
    report = build_report(
        sheet,
        instrument,
        other_name=args.other_name or sheet.other or "the other person",
        safety=safety,
        previous=previous,
        previous_instrument=_instrument_of(previous) if previous else None,
        reliability=_sample(args.sample, instrument),
        region=args.region,
    )
    _print(render_report(report, args.format))
    return 0


def compare_command(args: argparse.Namespace) -> int:
    a = _read(args.sheet_a, refuse="safety")
    b = _read(args.sheet_b, refuse="safety")
    if (a.instrument, a.version) != (b.instrument, b.version):
        raise SheetError(
            f"the two sheets answer different instruments ({a.instrument} {a.version} and "
            f"{b.instrument} {b.version}); compare two takes of the same version"
        )
    instrument = _instrument_of(a)
    names = tuple(args.names) if args.names else (a.respondent or "A", b.respondent or "B")
    report = build_joint_report(
        a,
        b,
        instrument,
        names=cast(tuple[str, str], names),
        safety_a=_read(args.safety_a, expect="safety") if args.safety_a else None,
        safety_b=_read(args.safety_b, expect="safety") if args.safety_b else None,
        reliability=_sample(args.sample, instrument),
        region=args.region,
    )
    _print(render_report(report, args.format))
    return 0


def simulate_command(args: argparse.Namespace) -> int:
    if args.people < 1:
        raise CloseknitError("--people must be at least 1")
    instrument = load_instrument(cast(InstrumentId, args.instrument), args.version)
    sheets = simulate_sheets(
        instrument, args.people, args.seed, cast(RelationshipType, args.relationship)
    )
    lines = "".join(json.dumps(dump_sheet(s), ensure_ascii=False) + "\n" for s in sheets)
    write_text_atomically(args.out, lines)
    print(
        f"wrote {len(sheets)} {instrument.id} sheets (version {instrument.version}, "
        f"seed {args.seed}) to {args.out}",
        file=sys.stderr,
    )
    return 0


def reliability_data(sheets: list[AnswerSheet], instrument: Instrument) -> dict[str, Any]:
    """Alpha, omega, sample size, SD and the resulting SEM per dimension, JSON-ready."""
    table = reliability_table(sheets, instrument)
    dims: dict[str, Any] = {}
    for dim, rel in table.items():
        error = measurement_error(dim, rel.k, rel.k, rel)
        dims[dim] = {
            "alpha": None if rel.alpha is None else round(rel.alpha, 4),
            "omega": None if rel.omega is None else round(rel.omega, 4),
            "n": rel.n,
            "k": rel.k,
            "sd": None if rel.sd is None else round(rel.sd, 2),
            "default_reliability": round(default_reliability(dim, rel.k), 4),
            "sem": None if error.sem is None else round(error.sem, 2),
            "sem_source": error.source,
        }
    return {
        "instrument": instrument.id,
        "version": instrument.version,
        "sheets": len(sheets),
        "dimensions": dims,
    }


def reliability_command(args: argparse.Namespace) -> int:
    sheets = read_jsonl(args.file)
    instrument = _one_instrument(sheets, args.file)
    data = reliability_data(sheets, instrument)
    if args.format == "json":
        _print(json.dumps(data, indent=2))
        return 0

    def cell(value: float | None) -> str:
        return "—" if value is None else f"{value:.2f}"

    lines = [
        f"{instrument.id} version {instrument.version}: {len(sheets)} sheets",
        f"{'dimension':<28} {'k':>3} {'n':>6} {'alpha':>6} {'omega':>6} {'SEM':>6}  source",
    ]
    for dim, row in data["dimensions"].items():
        lines.append(
            f"{dim:<28} {row['k']:>3} {row['n']:>6} {cell(row['alpha']):>6} "
            f"{cell(row['omega']):>6} {cell(row['sem']):>6}  {row['sem_source']}"
        )
    _print("\n".join(lines))
    return 0
