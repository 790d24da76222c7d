"""closeknit CLI: ``analyze`` (weekly insights from a chat export) and ``markers`` (per-text
marker scores for researchers).

``closeknit analyze EXPORT [--format text|json|html] [--out FILE] [--between A B] [--tz ZONE]
[--evidence] [--no-emotions] [--quiet]`` reads the export, scores every message locally and
prints (or writes to FILE) the insights. Message text appears only with ``--evidence``.

``closeknit markers INPUT.jsonl [--out OUT.jsonl] [--echo]`` reads one JSON object per line,
``{"text": ..., "context": optional message it answers}``, and writes one JSON line per input:
``{"index": i, "markers": {...}, "emotions": {...} | null}`` (plus the text and context with
``--echo``). A bad line stops everything before any output, naming the line number.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, TextIO

import polars as pl

from closeknit.cli.files import write_text_atomically
from closeknit.conversation.insights import Insights, analyze_conversation
from closeknit.conversation.markers import MARKERS, score_texts
from closeknit.errors import CloseknitError

PROGRESS_MIN_BYTES = 1_000_000
STAGES = ("reading", "markers", "emotions", "dynamics", "weekly insights", "report")


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the ``analyze`` and ``markers`` commands."""
    analyze = subparsers.add_parser(
        "analyze",
        help="weekly insights from a two-person chat export, analysed locally",
        description="Read a chat export (WhatsApp, Telegram, Signal, Messenger, Discord or "
        "CSV), measure the markers of closeness in every message on this machine, and "
        "describe them week by week, mapped to the signs of the intimacy model.",
    )
    analyze.add_argument("export", type=Path, metavar="EXPORT", help="export file, folder or zip")
    analyze.add_argument("--format", choices=("text", "json", "html"), default="text")
    analyze.add_argument("--out", type=Path, metavar="FILE", help="write here, not to stdout")
    analyze.add_argument(
        "--between",
        nargs=2,
        metavar=("A", "B"),
        help="keep only these two people's messages (needed for group chats)",
    )
    analyze.add_argument(
        "--tz", metavar="ZONE", help="IANA time zone for days and weeks (e.g. Europe/Berlin)"
    )
    analyze.add_argument(
        "--evidence",
        action="store_true",
        help="include example messages (time, sender, short snippet) behind each sign",
    )
    analyze.add_argument("--no-emotions", action="store_true", help="skip the emotion classifier")
    analyze.add_argument("--quiet", action="store_true", help="no progress bar")
    analyze.set_defaults(handler=run_analyze)

    markers = subparsers.add_parser(
        "markers",
        help="score the markers of JSON-lines texts (optionally with the message answered)",
        description='Read lines {"text": ..., "context": optional} and write one JSON line '
        "per input with every marker score (0-1) and the emotion probabilities.",
    )
    markers.add_argument("input", metavar="INPUT.jsonl", help="JSON lines file, or - for stdin")
    markers.add_argument("--out", type=Path, metavar="OUT.jsonl", help="write here, not stdout")
    markers.add_argument("--echo", action="store_true", help="repeat text and context in output")
    markers.add_argument("--no-emotions", action="store_true", help="skip the emotion classifier")
    markers.set_defaults(handler=run_markers)


# ------------------------------------------------------------------------------- analyze
@contextmanager
def _progress(enabled: bool) -> Iterator[Any]:
    from tqdm import tqdm

    bar = tqdm(
        total=len(STAGES),
        unit="stage",
        file=sys.stderr,
        disable=not enabled,
        bar_format="{desc:<16} {bar} {n_fmt}/{total_fmt} [{elapsed}]",
    )
    try:
        yield bar
    finally:
        bar.close()


def _advance(bar: Any, stage: str) -> None:
    bar.set_description_str(stage)
    bar.n = STAGES.index(stage)
    bar.refresh()


def run_analyze(args: argparse.Namespace) -> int:
    from closeknit.conversation.importers import load_conversation

    size = args.export.stat().st_size if args.export.is_file() else PROGRESS_MIN_BYTES
    show = not args.quiet and sys.stderr.isatty() and size >= PROGRESS_MIN_BYTES
    with _progress(show) as bar:
        _advance(bar, "reading")
        conv = load_conversation(
            args.export,
            between=tuple(args.between) if args.between else None,
            tz=args.tz,
        )
        insights = analyze_conversation(
            conv,
            evidence=args.evidence,
            emotions=not args.no_emotions,
            tz=args.tz,
            progress=lambda stage: _advance(bar, stage),
        )
        _advance(bar, "report")
        if args.format == "json":
            output = json.dumps(insights.to_dict(), ensure_ascii=False, indent=2) + "\n"
        elif args.format == "html":
            from closeknit.conversation.report_html import render_html

            output = render_html(insights)
        else:
            output = render_text(insights)
        bar.n = len(STAGES)
        bar.refresh()
    _write(output, args.out)
    return 0


def _write(output: str, out: Path | None) -> None:
    if out is None:
        sys.stdout.write(output)
        return
    write_text_atomically(out, output)


def _duration(seconds: float | None) -> str:
    if seconds is None:
        return "—"
    if seconds < 90:
        return f"{seconds:.0f} s"
    if seconds < 5400:
        return f"{seconds / 60:.0f} min"
    return f"{seconds / 3600:.1f} h"


def render_text(ins: Insights) -> str:
    """A plain-text summary of :class:`Insights` for the terminal."""
    lines: list[str] = []
    a, b = ins.participants
    span = f"{ins.first:%Y-%m-%d} to {ins.last:%Y-%m-%d}" if ins.first and ins.last else "no dates"
    lines.append(f"Conversation between {a} and {b} ({ins.platform}): {ins.messages} messages, ")
    lines[-1] += f"{span}, {len(ins.weeks)} weeks."
    lines.append("This describes what the messages show; it is not a diagnosis.")
    if ins.language_note:
        lines.append(f"Note: {ins.language_note}.")
    lines.append("")
    lines.append("Who writes and answers")
    for p in ins.people:
        lines.append(
            f"  {p.name}: {p.messages} messages ({p.message_share:.0%}), {p.words} words "
            f"({p.word_share:.0%}), started {p.initiations} conversations, median answer "
            f"time {_duration(p.median_latency_s)}; turned toward {p.turned_toward}, away "
            f"{p.turned_away}, against {p.turned_against} of the other's bids."
        )
    lines.append("")
    lines.append("Signs (level over the last weeks, 0-100, and trend)")
    for s in ins.signs:
        level = "  —" if s.level is None else f"{round(100 * s.level):3d}"
        kind = "strong" if s.kind == "strong_sign" else "fading"
        lines.append(f"  {s.sign:<24} {level}  {s.trend:<15} ({kind} sign)")
        lines.append(f"      {s.explanation}")
        for ev in s.evidence:
            lines.append(f"      · {ev.timestamp[:16]} {ev.sender} [{ev.marker}]: {ev.snippet}")
    lines.append("")
    recent = ins.weeks[-8:]
    if recent:
        lines.append("Recent weeks (messages per person)")
        by_key = {(pw.week, pw.person): pw for pw in ins.person_weeks}
        for week in recent:
            cells = ", ".join(f"{p}: {by_key[(week, p)].messages}" for p in ins.participants)
            lines.append(f"  week of {week:%Y-%m-%d}  {cells}")
    if not ins.emotions_available:
        lines.append("")
        lines.append(f"Emotions: not shown ({ins.emotions_note}).")
    return "\n".join(lines) + "\n"


# ------------------------------------------------------------------------------- markers
def _read_jsonl(stream: TextIO, name: str) -> tuple[list[str], list[str | None]]:
    texts: list[str] = []
    contexts: list[str | None] = []
    for number, line in enumerate(stream, start=1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError as exc:
            raise CloseknitError(
                f"{name}, line {number}: not valid JSON ({exc.msg}); expected an object "
                'like {"text": "...", "context": "..."}'
            ) from None
        if not isinstance(record, dict) or not isinstance(record.get("text"), str):
            raise CloseknitError(
                f'{name}, line {number}: expected an object with a string "text" field'
            )
        context = record.get("context")
        if context is not None and not isinstance(context, str):
            raise CloseknitError(
                f'{name}, line {number}: "context" must be a string or null when present'
            )
        texts.append(record["text"])
        contexts.append(context)
    return texts, contexts


def _emotions(texts: pl.Series) -> tuple[list[str], Any] | None:
    try:
        from closeknit.conversation.emotions import EMOTION_LABELS, EmotionClassifier

        classifier = EmotionClassifier.load()
    except (ImportError, CloseknitError, OSError):
        return None
    return list(EMOTION_LABELS), classifier.predict_proba(texts)


def run_markers(args: argparse.Namespace) -> int:
    name = "<stdin>" if args.input == "-" else args.input
    try:
        if args.input == "-":
            texts, contexts = _read_jsonl(sys.stdin, name)
        else:
            with open(args.input, encoding="utf-8") as stream:
                texts, contexts = _read_jsonl(stream, name)
    except FileNotFoundError:
        raise CloseknitError(f"{name}: no such file; give a JSON lines file or -") from None
    except UnicodeDecodeError:
        raise CloseknitError(f"{name}: not UTF-8 text; save it as UTF-8 JSON lines") from None
    text_series = pl.Series("text", texts, dtype=pl.String)
    context_series = pl.Series("context", contexts, dtype=pl.String)
    scores = score_texts(text_series, context_series)
    emotions = None if args.no_emotions else _emotions(text_series)
    if emotions is None and not args.no_emotions:
        print("closeknit: emotion classifier unavailable; emotions are null", file=sys.stderr)
    rows = scores.rows()
    out_lines = []
    for i, row in enumerate(rows):
        record: dict[str, Any] = {"index": i}
        if args.echo:
            record["text"] = texts[i]
            record["context"] = contexts[i]
        record["markers"] = {m: round(float(v), 4) for m, v in zip(MARKERS, row, strict=True)}
        record["emotions"] = (
            None
            if emotions is None
            else {
                label: round(float(p), 4)
                for label, p in zip(emotions[0], emotions[1][i], strict=True)
            }
        )
        out_lines.append(json.dumps(record, ensure_ascii=False))
    _write("".join(line + "\n" for line in out_lines), args.out)
    return 0
