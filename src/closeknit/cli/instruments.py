"""closeknit CLI: ``items`` (list an instrument's items) and ``checkup`` (take one).

``checkup`` runs a questionnaire in the terminal, reading answers line by line from
standard input (so it can be driven by a pipe). It saves the sheet atomically after every
answer and resumes a partial sheet for the same instrument and version.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Mapping
from pathlib import Path
from typing import TextIO

from closeknit.cli.files import write_text_atomically
from closeknit.errors import CloseknitError, SheetError
from closeknit.instruments import (
    AnswerSheet,
    Instrument,
    Item,
    describe_range,
    dump_sheet,
    load_instrument,
    load_sheet,
)
from closeknit.model.vocabulary import RELATIONSHIP_TYPES, RelationshipType

# What to call the other person when no --name is given; reads naturally in "I" items.
DEFAULT_NAMES: Mapping[str, str] = {
    "partner": "my partner",
    "friend": "my friend",
    "family": "my family member",
}


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add ``items`` and ``checkup``."""
    items = subparsers.add_parser(
        "items",
        help="list the items of an instrument",
        description="List the items of the Checkup, the Pulse or the safety screen.",
    )
    items.add_argument("instrument", choices=("checkup", "pulse", "safety"))
    items.add_argument("--format", choices=("text", "json"), default="text")
    items.add_argument("--relationship", choices=RELATIONSHIP_TYPES, default="partner")
    items.add_argument("--name", help='the other person\'s name (default: "{name}")')
    items.add_argument("--version", dest="instrument_version", help="an older version")
    items.set_defaults(handler=run_items)

    checkup = subparsers.add_parser(
        "checkup",
        help="take the Checkup (or the Pulse) in the terminal",
        description=(
            "Answer the Checkup or the Pulse in the terminal. Type a number to answer, "
            "s to skip, b to go back, q to save and quit. The sheet is saved after every "
            "answer; run the same command again to continue where you left off."
        ),
    )
    checkup.add_argument(
        "--out", type=Path, default=None, help="the sheet file (default: INSTRUMENT.json)"
    )
    checkup.add_argument("--relationship", choices=RELATIONSHIP_TYPES, default=None)
    checkup.add_argument("--name", help="the other person's name")
    checkup.add_argument("--instrument", choices=("checkup", "pulse"), default="checkup")
    checkup.set_defaults(handler=run_checkup)


def _sentence(text: str) -> str:
    # "my partner and I laugh together." must start with a capital.
    return text[:1].upper() + text[1:]


# --- items ---------------------------------------------------------------------------------


def run_items(args: argparse.Namespace) -> int:
    instrument = load_instrument(args.instrument, args.instrument_version)
    relationship: RelationshipType = args.relationship
    name = args.name if args.name else "{name}"
    rows = [
        {
            "id": item.id,
            "text": _sentence(item.wording(relationship, name)),
            "dimensions": list(item.dimensions),
            "min": item.scale.minimum,
            "max": item.scale.maximum,
            "reverse": item.reverse,
            "section": item.section,
            "labels": list(item.scale.labels),
            "scale": item.scale.id,
        }
        for item in instrument.items
    ]
    if args.format == "json":
        print(json.dumps(rows, indent=2, ensure_ascii=False))
        return 0
    print(f"{instrument.title} (version {instrument.version}, {len(instrument.items)} items)")
    for section in instrument.sections:
        print()
        print(f"== {section.title_for(name)}")
        for item in instrument.items:
            if item.section != section.id:
                continue
            keyed = ", reverse-keyed" if item.reverse else ""
            span = f"{item.scale.minimum}–{item.scale.maximum}"
            print(f"  {item.id}  [{', '.join(item.dimensions)}; {span}{keyed}]")
            print(f"    {_sentence(item.wording(relationship, name))}")
    return 0


# --- checkup -------------------------------------------------------------------------------


def save_sheet_atomically(sheet: AnswerSheet, path: Path) -> None:
    """Write the sheet so that a crash leaves either the old file or the new one (see
    :func:`~closeknit.cli.files.write_text_atomically`; the file is owner-only)."""
    write_text_atomically(path, json.dumps(dump_sheet(sheet), indent=2, ensure_ascii=False) + "\n")


def _existing_sheet(path: Path, instrument: Instrument) -> AnswerSheet | None:
    if not path.exists():
        return None
    try:
        sheet = load_sheet(path)
    except SheetError as exc:
        raise CloseknitError(
            f"{path} exists but is not a sheet closeknit can continue ({exc}); "
            "choose another --out file"
        ) from None
    if (sheet.instrument, sheet.version) != (instrument.id, instrument.version):
        raise CloseknitError(
            f"{path} holds {sheet.instrument} version {sheet.version}, not "
            f"{instrument.id} version {instrument.version}; choose another --out file"
        )
    return sheet


class _Session:
    """One run through the questionnaire: the answers so far and where we are."""

    def __init__(
        self,
        instrument: Instrument,
        sheet: AnswerSheet,
        path: Path,
        name: str,
        stdin: TextIO,
        stdout: TextIO,
    ) -> None:
        self.instrument = instrument
        self.sheet = sheet
        self.answers = dict(sheet.answers)
        self.path = path
        self.name = name
        self.stdin = stdin
        self.out = stdout
        self.skipped: set[str] = set()
        self.shown_section = ""

    def say(self, text: str = "") -> None:
        print(text, file=self.out)

    def save(self) -> None:
        self.sheet = AnswerSheet(
            instrument=self.sheet.instrument,
            version=self.sheet.version,
            relationship=self.sheet.relationship,
            answers={
                it.id: self.answers[it.id] for it in self.instrument.items if it.id in self.answers
            },
            respondent=self.sheet.respondent,
            other=self.sheet.other,
        )
        save_sheet_atomically(self.sheet, self.path)

    def next_open(self, start: int) -> int:
        """Index of the first item at or after ``start`` that is neither answered nor skipped."""
        items = self.instrument.items
        for index in range(start, len(items)):
            if items[index].id not in self.answers and items[index].id not in self.skipped:
                return index
        return len(items)

    def ask(self, index: int, item: Item) -> str:
        section = self.instrument.section_of(item.id)
        if section is not None and section.id != self.shown_section:
            self.shown_section = section.id
            self.say()
            self.say(f"== {section.title_for(self.name)}")
            self.say(f"   {section.intro_for(self.name)}")
        total = len(self.instrument.items)
        self.say()
        self.say(
            f"({index + 1}/{total}) {_sentence(item.wording(self.sheet.relationship, self.name))}"
        )
        scale = item.scale
        self.say(
            "   "
            + " · ".join(
                f"{p} {label}" for p, label in zip(scale.points, scale.labels, strict=True)
            )
        )
        current = self.answers.get(item.id)
        if current is not None:
            self.say(f"   (your answer so far: {current}; press Enter to keep it)")
        while True:
            print(
                f"   answer {scale.minimum}–{scale.maximum}, s skip, b back, q save and quit: ",
                end="",
                file=self.out,
                flush=True,
            )
            line = self.stdin.readline()
            if not line:
                return "q"  # end of input: save and stop, as if the person typed q
            choice = line.strip().lower()
            if not self.stdin.isatty():
                # Piped input is not echoed by a terminal; echo it so a transcript reads well.
                print(choice, file=self.out)
            if choice == "" and current is not None:
                return "keep"
            if choice in {"s", "b", "q"}:
                return choice
            try:
                value = int(choice)
            except ValueError:
                value = None
            if value is not None and value in scale.points:
                self.answers[item.id] = value
                self.save()
                return "answered"
            self.say(f"   Please type a number {describe_range(scale)}, or s, b or q.")

    def run(self) -> bool:
        """Ask until the end or until the person quits; True when the end was reached."""
        items = self.instrument.items
        index = self.next_open(0)
        history: list[int] = []
        while index < len(items):
            action = self.ask(index, items[index])
            if action == "q":
                return False
            if action == "b":
                if history:
                    index = history.pop()
                elif index > 0:
                    index -= 1
                else:
                    self.say("   (this is the first question)")
                continue
            if action == "s":
                self.skipped.add(items[index].id)
            history.append(index)
            index = self.next_open(index + 1)
        return True


def run_checkup(args: argparse.Namespace) -> int:
    instrument = load_instrument(args.instrument)
    path: Path = args.out if args.out is not None else Path(f"{instrument.id}.json")
    existing = _existing_sheet(path, instrument)
    relationship: RelationshipType = args.relationship or (
        existing.relationship if existing else "partner"
    )
    other = args.name or (existing.other if existing else "")
    name = other or DEFAULT_NAMES[relationship]
    sheet = AnswerSheet(
        instrument=instrument.id,
        version=instrument.version,
        relationship=relationship,
        answers=dict(existing.answers) if existing else {},
        respondent=existing.respondent if existing else "",
        other=other,
    )
    out = sys.stdout
    total = len(instrument.items)
    print(f"{instrument.title} (version {instrument.version})", file=out)
    if existing and existing.answers:
        print(
            f"Welcome back: {len(existing.answers)} of {total} answered so far in {path}. "
            "Continuing with the first unanswered question.",
            file=out,
        )
    else:
        print(_sentence(instrument.intro_for(name)), file=out)
    print("Type a number to answer, s to skip, b to go back, q to save and quit.", file=out)
    session = _Session(instrument, sheet, path, name, sys.stdin, out)
    session.save()  # the file exists from the start, so nothing typed is ever lost
    finished = session.run()
    answered = len(session.answers)
    print(file=out)
    if finished and answered == total:
        print(f"All {total} questions answered. Your sheet is saved in {path}.", file=out)
    elif finished:
        print(
            f"You reached the end with {answered} of {total} answered; the rest were skipped. "
            f"Your sheet is saved in {path}; run the same command again to answer them.",
            file=out,
        )
    else:
        print(
            f"Saved {answered} of {total} answers in {path}. "
            "Run the same command again to continue where you left off.",
            file=out,
        )
    print(f"See your scores with: closeknit score {path}", file=out)
    return 0
