"""closeknit CLI: ``practice`` (library, weekly plan, check-in trends) and ``questions``.

Thin layer: parse arguments, call :mod:`closeknit.practice` and :mod:`closeknit.trends`,
print. JSON goes to stdout; errors are raised as CloseknitError and printed by ``main``.
"""

from __future__ import annotations

import argparse
import csv
import dataclasses
import json
import random
import sys
from collections.abc import Mapping
from datetime import date, datetime
from pathlib import Path
from typing import Any, cast

from closeknit.errors import CloseknitError
from closeknit.model.vocabulary import FORMS, RELATIONSHIP_TYPES, RelationshipType
from closeknit.practice.decks import TIERS, Question, draw_question, draw_session, load_deck
from closeknit.practice.library import Exercise, load_exercises
from closeknit.practice.planner import (
    PlanInput,
    PlannedPractice,
    WeeklyPlan,
    build_weekly_plan,
)
from closeknit.trends.checkins import Checkin, weekly_series
from closeknit.trends.warning import early_warning

WHO_LABELS = {
    "both": "Both",
    "speaker": "Speaker",
    "listener": "Listener",
    "person_a": "Person A",
    "person_b": "Person B",
    "you": "You",
}


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add ``practice`` and ``questions`` with their sub-commands."""
    practice = subparsers.add_parser("practice", help="guided exercises and the weekly plan")
    practice_sub = practice.add_subparsers(dest="practice_command", metavar="ACTION")
    practice.set_defaults(handler=lambda _args: _help(practice))

    listing = practice_sub.add_parser("list", help="list the exercises")
    _format(listing, ("text", "json", "md"))
    listing.add_argument("--relationship", choices=RELATIONSHIP_TYPES)
    listing.add_argument("--solo", action="store_true", help="only exercises done alone")
    listing.set_defaults(handler=list_exercises)

    show = practice_sub.add_parser("show", help="show one exercise with its steps")
    show.add_argument("id", metavar="ID")
    _format(show, ("text", "json", "md"))
    show.set_defaults(handler=show_exercise)

    plan = practice_sub.add_parser("plan", help="build a weekly plan from a JSON input file")
    plan.add_argument("input", type=Path, metavar="FILE.json")
    plan.add_argument("--week", type=_iso_date, default=None, help="a day in the week (ISO)")
    _format(plan, ("text", "json", "md"))
    plan.set_defaults(handler=plan_week)

    trends = practice_sub.add_parser("trends", help="weekly means and early warning from a CSV")
    trends.add_argument("checkins", type=Path, metavar="CHECKINS.csv")
    _format(trends, ("text", "json"))
    trends.set_defaults(handler=show_trends)

    questions = subparsers.add_parser("questions", help="draw from the question decks")
    questions_sub = questions.add_subparsers(dest="questions_command", metavar="ACTION")
    questions.set_defaults(handler=lambda _args: _help(questions))

    draw = questions_sub.add_parser("draw", help="draw a question not seen before")
    _filters(draw)
    draw.add_argument("--history", type=Path, help="file of seen question ids, one per line")
    draw.add_argument(
        "--remember", action="store_true", help="append the drawn id to the --history file"
    )
    draw.add_argument("--seed", type=int, default=None, help="make the draw repeatable")
    _format(draw, ("text", "json"))
    draw.set_defaults(handler=draw_from_deck)

    session = questions_sub.add_parser(
        "session", help="draw a turn-taking session: 3 light, 3 deeper, 1 vulnerable"
    )
    session.add_argument("--form", choices=FORMS)
    session.add_argument("--relationship", choices=RELATIONSHIP_TYPES, default="partner")
    session.add_argument("--history", type=Path, help="file of seen question ids, one per line")
    session.add_argument("--remember", action="store_true", help="append the drawn ids")
    session.add_argument("--seed", type=int, default=None, help="make the draw repeatable")
    _format(session, ("text", "json"))
    session.set_defaults(handler=draw_session_from_deck)

    qlist = questions_sub.add_parser("list", help="list questions matching the filters")
    _filters(qlist)
    _format(qlist, ("text", "json"))
    qlist.set_defaults(handler=list_questions)


def _help(parser: argparse.ArgumentParser) -> int:
    parser.print_help()
    return 0


def _format(parser: argparse.ArgumentParser, choices: tuple[str, ...]) -> None:
    parser.add_argument("--format", choices=choices, default="text")


def _filters(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--tier", choices=TIERS)
    parser.add_argument("--form", choices=FORMS)
    parser.add_argument("--relationship", choices=RELATIONSHIP_TYPES, default="partner")


def _iso_date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date like 2026-11-23") from exc


def _local_today() -> date:
    # The plan's week is the person's own local week.
    return datetime.now().astimezone().date()


def _to_json(value: Any) -> Any:
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: _to_json(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Mapping):
        return {str(k): _to_json(v) for k, v in value.items()}
    if isinstance(value, tuple | list):
        return [_to_json(v) for v in value]
    return value


def _print_json(value: Any) -> None:
    json.dump(_to_json(value), sys.stdout, indent=2, ensure_ascii=False)
    sys.stdout.write("\n")


# --- practice list / show -------------------------------------------------------------


def list_exercises(args: argparse.Namespace) -> int:
    exercises = [
        e
        for e in load_exercises()
        if (args.relationship is None or e.suits(args.relationship))
        and (not args.solo or e.mode == "solo")
    ]
    if args.format == "json":
        _print_json(exercises)
    elif args.format == "md":
        print("| id | title | minutes | mode |\n|---|---|---|---|")
        for e in exercises:
            print(f"| `{e.id}` | {e.title} | {e.minutes} | {e.mode} |")
    else:
        width = max(len(e.id) for e in exercises) if exercises else 0
        for e in exercises:
            print(f"{e.id:<{width}}  {e.minutes:>3} min  {e.mode:<5}  {e.title}")
    return 0


def show_exercise(args: argparse.Namespace) -> int:
    exercise = load_exercises().get(args.id)
    if args.format == "json":
        _print_json(exercise)
    elif args.format == "md":
        print(_exercise_md(exercise))
    else:
        print(_exercise_text(exercise))
    return 0


def _exercise_text(e: Exercise) -> str:
    who = "both of you" if e.joint else "you alone"
    lines = [e.title, "=" * len(e.title), e.summary, "", f"{e.minutes} minutes, {who}.", ""]
    lines += [f"{n}. {WHO_LABELS[s.who]}: {s.text}" for n, s in enumerate(e.steps, start=1)]
    lines += ["", "Helps with: " + ", ".join(a.replace("_", " ") for a in e.addresses)]
    return "\n".join(lines)


def _exercise_md(e: Exercise) -> str:
    who = "both of you" if e.joint else "you alone"
    lines = [f"# {e.title}", "", e.summary, "", f"*{e.minutes} minutes, {who}.*", ""]
    lines += [f"{n}. **{WHO_LABELS[s.who]}:** {s.text}" for n, s in enumerate(e.steps, start=1)]
    return "\n".join(lines)


# --- practice plan ----------------------------------------------------------------------


def _read_json(path: Path) -> dict[str, Any]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise CloseknitError(f"{path}: no such file") from exc
    except json.JSONDecodeError as exc:
        raise CloseknitError(f"{path}: not valid JSON (line {exc.lineno}): {exc.msg}") from exc
    if not isinstance(data, dict):
        raise CloseknitError(f"{path}: expected a JSON object with 'dimension_scores'")
    return data


def _checkin_from(raw: Mapping[str, Any], where: str) -> Checkin:
    try:
        return Checkin(
            day=date.fromisoformat(str(raw["date"])),
            mood=int(raw["mood"]),
            closeness=int(raw["closeness"]),
            loneliness=int(raw["loneliness"]),
            stress=int(raw["stress"]),
            minutes_together=int(raw.get("minutes_together") or 0),
            shared_moment=str(raw.get("shared_moment", "")).strip().lower() in {"1", "true", "yes"},
        )
    except KeyError as exc:
        raise CloseknitError(f"{where}: missing field {exc.args[0]!r}") from exc
    except ValueError as exc:
        raise CloseknitError(
            f"{where}: expected an ISO date and whole numbers (mood, closeness, loneliness, "
            "stress, minutes_together)"
        ) from exc


def plan_input_from_json(data: Mapping[str, Any], source: str) -> PlanInput:
    """Build a PlanInput from the documented JSON shape (see docs/practice.md)."""
    checkins = [
        _checkin_from(raw, f"{source}: checkins[{i}]")
        for i, raw in enumerate(data.get("checkins", []))
    ]
    try:
        pulse = {
            dim: tuple((date.fromisoformat(d), float(s)) for d, s in points)
            for dim, points in data.get("pulse", {}).items()
        }
        return PlanInput(
            dimension_scores={
                k: (None if v is None else float(v))
                for k, v in data.get("dimension_scores", {}).items()
            },
            warning_signs=tuple(data.get("warning_signs", ())),
            obstacles=tuple(data.get("obstacles", ())),
            joint_features_enabled=bool(data.get("joint_features_enabled", True)),
            relationship=cast(RelationshipType, data.get("relationship", "partner")),
            recent_checkins=weekly_series(checkins),
            pulse_history=pulse,
        )
    except (TypeError, ValueError, AttributeError) as exc:
        raise CloseknitError(
            f"{source}: 'dimension_scores' must map ids to numbers and 'pulse' must map ids "
            "to [date, score] pairs"
        ) from exc


def plan_week(args: argparse.Namespace) -> int:
    data = _read_json(args.input)
    plan_input = plan_input_from_json(data, str(args.input))
    library = load_exercises()
    previous = None
    if data.get("previous_exercises"):
        previous = WeeklyPlan(
            week=date.min,
            practices=tuple(
                PlannedPractice(e.id, e.title, e.minutes, e.mode, "", ())
                for e in (library.get(i) for i in data["previous_exercises"])
            ),
            counselling=None,
            notes=(),
        )
    plan = build_weekly_plan(plan_input, week=args.week or _local_today(), previous_plan=previous)
    if args.format == "json":
        _print_json(plan)
        return 0
    md = args.format == "md"
    print(f"{'# ' if md else ''}Your practices for the week of {plan.week.isoformat()}\n")
    for n, p in enumerate(plan.practices, start=1):
        title = f"**{p.title}**" if md else p.title
        print(f"{n}. {title} ({p.minutes} min, {p.mode}; `{p.exercise_id}`)")
        print(f"   {p.reason}")
    if plan.counselling:
        print(f"\n{plan.counselling.reason} See `{plan.counselling.exercise_id}`.")
    for warning in plan.warnings:
        print(f"\n{warning.message}")
    for note in plan.notes:
        print(f"\n{note}")
    return 0


# --- practice trends ------------------------------------------------------------------


def read_checkins_csv(path: Path) -> list[Checkin]:
    try:
        with path.open(newline="", encoding="utf-8") as handle:
            return [
                _checkin_from(row, f"{path}: line {n}")
                for n, row in enumerate(csv.DictReader(handle), start=2)
            ]
    except FileNotFoundError as exc:
        raise CloseknitError(f"{path}: no such file") from exc


def show_trends(args: argparse.Namespace) -> int:
    series = weekly_series(read_checkins_csv(args.checkins))
    warning = early_warning(series)
    if args.format == "json":
        _print_json({"weeks": series, "early_warning": warning})
        return 0
    print("week        n  closeness  loneliness  stress  mood")
    for w in series:
        print(
            f"{w.week_start.isoformat()}  {w.checkins}  {w.closeness:9.1f}  "
            f"{w.loneliness:10.1f}  {w.stress:6.1f}  {w.mood:4.1f}"
        )
    if warning is None:
        print("\nNo early warning: closeness shows no steady fade beyond your usual variation.")
    else:
        print(f"\n{warning.message}")
        print("Rebuilding steps: " + ", ".join(warning.rebuilding_exercises))
        if warning.suggest_counselling:
            print(f"A counsellor could help: {warning.counselling_reason}.")
    return 0


# --- questions ------------------------------------------------------------------------


def read_history(path: Path | None) -> list[str]:
    """Seen ids, one per line; blank lines and ``#`` comments are ignored; missing = empty."""
    if path is None or not path.exists():
        return []
    lines = path.read_text(encoding="utf-8").splitlines()
    return [s for s in (line.strip() for line in lines) if s and not s.startswith("#")]


def _remember(path: Path, question_id: str) -> None:
    prefix = ""
    if path.exists() and path.stat().st_size:
        with path.open("rb") as handle:
            handle.seek(-1, 2)
            prefix = "" if handle.read(1) == b"\n" else "\n"
    with path.open("a", encoding="utf-8") as handle:
        handle.write(f"{prefix}{question_id}\n")


def draw_from_deck(args: argparse.Namespace) -> int:
    if args.remember and args.history is None:
        raise CloseknitError("--remember needs --history FILE to know where to write")
    seed = args.seed if args.seed is not None else random.SystemRandom().randrange(2**32)
    question = draw_question(
        load_deck(),
        read_history(args.history),
        tier=args.tier,
        form=args.form,
        relationship=args.relationship,
        rng_seed=seed,
    )
    if args.remember:
        _remember(args.history, question.id)
    if args.format == "json":
        _print_json(question)
    else:
        print(question.text)
        print(f"({question.tier}, {question.form}; {question.id})")
    return 0


def draw_session_from_deck(args: argparse.Namespace) -> int:
    if args.remember and args.history is None:
        raise CloseknitError("--remember needs --history FILE to know where to write")
    seed = args.seed if args.seed is not None else random.SystemRandom().randrange(2**32)
    questions = draw_session(
        load_deck(),
        read_history(args.history),
        form=args.form,
        relationship=args.relationship,
        rng_seed=seed,
    )
    if args.remember:
        for question in questions:
            _remember(args.history, question.id)
    if args.format == "json":
        _print_json(questions)
    else:
        for n, q in enumerate(questions, start=1):
            print(f"{n}. [{q.tier}] {q.text}")
    return 0


def list_questions(args: argparse.Namespace) -> int:
    questions: tuple[Question, ...] = load_deck().filter(
        tier=args.tier, form=args.form, relationship=args.relationship
    )
    if args.format == "json":
        _print_json(questions)
    else:
        for q in questions:
            print(f"{q.id:<26} {q.text}")
    return 0
