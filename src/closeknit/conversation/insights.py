"""Weekly insights from a two-person chat, mapped to the signs of the intimacy model.

:func:`analyze_conversation` scores every message (markers, optional emotions), adds the
conversation-level dynamics (:mod:`closeknit.conversation.dynamics`) and aggregates per person
per ISO week (weeks start on Monday, in the chat's wall-clock time or in ``tz`` when the
export's time zone is known). It describes what the messages show; it never diagnoses.

How each sign's weekly value (0-1) is computed

- ``frequent_communication``: days of the week on which both people wrote, divided by 7.
- ``active_listening``: of the turns holding a disclosure, the share whose answer (the other
  person's next turn, within 12 h) shows empathy or asks a question. No disclosures: no value.
- ``shared_vulnerability``: for each person, their share of messages that disclose, divided
  by ``DISCLOSURE_REFERENCE`` (5 %) and capped at 1; the smaller of the two (both must share).
- ``shared_joy``: the same with laughter or affection and ``JOY_REFERENCE`` (15 %).
- ``consistent_support``: of the turns disclosing something painful, the share answered
  within 12 h with support or an empathic reply. None in the week: no value.
- ``superficial_talk``: the share of messages that are short (at most 3 words) and carry no
  marker of connection (disclosure, question, appreciation, affection, support, laughter,
  empathy) — "ok", "on my way".
- ``sparse_sharing``: 1 minus both people's pooled disclosure share divided by
  ``DISCLOSURE_REFERENCE`` (capped to 0-1): how little inner life is shared at all.
- ``withdrawal``: the larger of (a) the share of harsh turns after which the recipient
  stonewalled and (b) the drop in messages against the median of the previous 8 weeks
  (``1 - this week / median``, 0 when not lower).
- ``misunderstanding``: the share of turns holding criticism, contempt or defensiveness that
  are answered by criticism, contempt or defensiveness, times ``EXCHANGE_SCALE`` (10),
  capped at 1 (one such exchange per ten turns reads as 1).

A sign's *level* is the mean of its weekly values over the last ``TREND_WEEKS`` (4) weeks
that have a value. Its *trend* compares that mean with the mean of the 4 weeks with a value
before them: ``rising`` when it is at least ``TREND_DELTA`` (0.10) higher, ``falling`` when
at least 0.10 lower, ``steady`` otherwise, and ``not enough data`` with fewer than 4 + 2
weeks holding a value.

Marker rates are the share of a person's messages in which a marker scores at least 0.5,
next to the mean score. Evidence (timestamps, sender and an 80-character snippet of the
messages behind a sign) is only collected when asked for (``evidence=True``).
"""

from __future__ import annotations

import math
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import asdict, dataclass, field
from datetime import date, datetime
from typing import Any

import numpy as np
import numpy.typing as npt
import polars as pl

from closeknit.conversation import dynamics as dyn
from closeknit.conversation import kernels
from closeknit.conversation.corpus import Conversation
from closeknit.conversation.markers import (
    EMPATHY,
    HARSH,
    MARKERS,
    PRESENT,
    Distinct,
    distinct_texts,
    load_lexicon,
    prepare_cue_search,
)
from closeknit.conversation.markers.language import language_note
from closeknit.errors import CloseknitError
from closeknit.model.vocabulary import FADING_SIGNS, STRONG_SIGNS

DISCLOSURE_REFERENCE = 0.05
JOY_REFERENCE = 0.15
EXCHANGE_SCALE = 10.0
TREND_WEEKS = 4
TREND_DELTA = 0.10
BASELINE_WEEKS = 8
SNIPPET_CHARS = 80
EVIDENCE_PER_SIGN = 3

SIGNS: tuple[str, ...] = (
    "frequent_communication",
    "active_listening",
    "shared_vulnerability",
    "shared_joy",
    "consistent_support",
    "superficial_talk",
    "sparse_sharing",
    "withdrawal",
    "misunderstanding",
)
CONNECTION: tuple[str, ...] = (
    "disclosure",
    "question",
    "appreciation",
    "affection",
    "support",
    "laughter",
    "bid",
    *EMPATHY,
)
Progress = Callable[[str], None]


@dataclass(frozen=True)
class Evidence:
    """One message behind a sign: when, who, which marker, and a short snippet."""

    timestamp: str
    sender: str
    marker: str
    snippet: str


@dataclass(frozen=True)
class PersonWeek:
    """One person's figures for one ISO week (``week`` is its Monday)."""

    week: date
    person: str
    messages: int
    words: int
    initiations: int
    median_response_s: float | None
    marker_rates: dict[str, float]
    marker_means: dict[str, float]
    emotions: dict[str, float]


@dataclass(frozen=True)
class SignInsight:
    """A sign of the model as the chat shows it: weekly values, level, trend, explanation."""

    sign: str
    kind: str
    level: float | None
    trend: str
    weekly: tuple[tuple[date, float | None], ...]
    explanation: str
    evidence: tuple[Evidence, ...] = ()


@dataclass(frozen=True)
class Insights:
    """Everything :func:`analyze_conversation` found; :meth:`to_dict` gives plain JSON types."""

    participants: tuple[str, str]
    platform: str
    first: datetime | None
    last: datetime | None
    messages: int
    weeks: tuple[date, ...]
    people: tuple[dyn.PersonDynamics, dyn.PersonDynamics]
    person_weeks: tuple[PersonWeek, ...]
    signs: tuple[SignInsight, ...]
    emotions_available: bool
    emotions_note: str
    method: dict[str, Any] = field(default_factory=dict)
    language_note: str = ""
    """Why the signs may read low (the chat does not look English), or ``""``."""

    def to_dict(self) -> dict[str, Any]:
        def plain(value: Any) -> Any:
            if isinstance(value, datetime | date):
                return value.isoformat()
            if isinstance(value, dict):
                return {k: plain(v) for k, v in value.items()}
            if isinstance(value, list | tuple):
                return [plain(v) for v in value]
            if isinstance(value, float):
                return None if math.isnan(value) else round(value, 4)
            return value

        out = plain(asdict(self))
        assert isinstance(out, dict)
        return out


def method_notes() -> dict[str, Any]:
    """Every window and threshold the analysis uses, for reports and JSON output."""
    return {
        "present_threshold": PRESENT,
        "session_gap_hours": dyn.SESSION_GAP.total_seconds() / 3600,
        "reply_max_gap_hours": dyn.REPLY_MAX_GAP.total_seconds() / 3600,
        "bid_window_hours": dyn.BID_WINDOW.total_seconds() / 3600,
        "stonewall_silence_hours": dyn.STONEWALL_SILENCE.total_seconds() / 3600,
        "minimal_words": dyn.MINIMAL_WORDS,
        "disclosure_reference": DISCLOSURE_REFERENCE,
        "joy_reference": JOY_REFERENCE,
        "exchange_scale": EXCHANGE_SCALE,
        "trend_weeks": TREND_WEEKS,
        "trend_delta": TREND_DELTA,
        "baseline_weeks": BASELINE_WEEKS,
    }


# ----------------------------------------------------------------------------- emotions
def _read_lexicon() -> None:
    """Read the marker lexicon and build its compiled search into their per-process caches,
    ahead of use. A failure is left for the real use to report."""
    load_lexicon()
    prepare_cue_search()


def _read_classifier() -> None:
    """Read the emotion classifier into its per-process cache, ahead of use. A failure is
    left for the real use to report."""
    try:
        from closeknit.conversation.emotions import EmotionClassifier

        EmotionClassifier.load()
    except (ImportError, CloseknitError, OSError):
        return


def _emotion_means(
    messages: pl.DataFrame, distinct: Distinct, participants: tuple[str, str]
) -> tuple[pl.DataFrame | None, str]:
    """:func:`_emotion_week_means` of the non-system ``messages``, or why there are none.
    ``distinct`` is :func:`distinct_texts` of their texts."""
    try:
        from closeknit.conversation.emotions import EmotionClassifier
    except ImportError:
        return None, "the emotion classifier is not installed"
    try:
        classifier = EmotionClassifier.load()
    except (CloseknitError, OSError) as exc:
        return None, f"the emotion classifier could not be loaded ({type(exc).__name__})"
    # Each distinct text is classified once; the weekly means gather from these rows.
    probs = np.asarray(classifier.predict_proba(distinct[0]), dtype=np.float32)
    text_of = distinct[1]
    return _emotion_week_means(messages, participants, text_of, probs), ""


# Messages gathered per step when summing emotions: a step's rows stay in the CPU cache.
_EMOTION_STEP = 32_768


def _emotion_week_means(
    messages: pl.DataFrame,
    participants: tuple[str, str],
    text_of: npt.NDArray[np.int64],
    probs: npt.NDArray[np.float32],
) -> pl.DataFrame:
    """Mean emotion probabilities of each person's text messages per week.

    Columns ``week, sender`` and ``emotion.<label>`` (Float64), one row per person-week with
    at least one text message (weeks as :func:`week_of`). ``text_of[i]`` is the distinct
    text of ``messages`` row ``i`` and ``probs`` the distinct texts' probabilities.

    No per-message table of 28 columns is built: each person's messages are summed into
    their weeks by :func:`_week_sums`.
    """
    from closeknit.conversation.emotions import EMOTION_LABELS

    is_text = messages["kind"] == "text"
    days = messages.select(week_of(pl.col("timestamp")).cast(pl.Int32)).to_series().to_numpy()
    frames = []
    for person in participants:
        rows = (is_text & (messages["sender"] == person)).arg_true().to_numpy()
        if rows.size == 0:
            continue
        week = (days[rows] - days[rows].min()) // 7
        n_weeks = int(week.max()) + 1
        sums = _week_sums(probs, text_of[rows], week, n_weeks)
        counts = np.bincount(week, minlength=n_weeks)
        held = counts > 0
        means = sums[held] / counts[held, None]
        mondays = days[rows].min() + 7 * np.flatnonzero(held)
        frame = pl.DataFrame(
            {f"emotion.{label}": means[:, i] for i, label in enumerate(EMOTION_LABELS)}
        )
        frames.append(
            frame.insert_column(
                0, pl.Series("week", mondays, dtype=pl.Int32).cast(pl.Date)
            ).insert_column(1, pl.Series("sender", [person] * len(mondays), dtype=pl.String))
        )
    if not frames:
        schema = {"week": pl.Date, "sender": pl.String}
        return pl.DataFrame(
            schema=schema | {f"emotion.{label}": pl.Float64 for label in EMOTION_LABELS}
        )
    return pl.concat(frames)


# ------------------------------------------------------------------------------ helpers
def trend_of(values: list[float | None]) -> tuple[float | None, str]:
    """A sign's level and trend from its weekly values (None = no basis that week); see the
    module docstring for the rule."""
    present = [v for v in values if v is not None]
    recent = present[-TREND_WEEKS:]
    level = sum(recent) / len(recent) if recent else None
    before = present[-2 * TREND_WEEKS : -TREND_WEEKS]
    if len(recent) < TREND_WEEKS or len(before) < 2 or level is None:
        return level, "not enough data"
    diff = level - sum(before) / len(before)
    if diff >= TREND_DELTA:
        return level, "rising"
    if diff <= -TREND_DELTA:
        return level, "falling"
    return level, "steady"


def _week_sums(
    probs: npt.NDArray[np.float32],
    texts: npt.NDArray[np.int64],
    week: npt.NDArray[np.int64],
    n_weeks: int,
) -> npt.NDArray[np.float64]:
    """``sums[w]``: the sum of ``probs[texts[i]]`` over the messages ``i`` of week ``w``.

    Each message's row is added into its week in float64, one message after another in their
    order: by the compiled kernel, or without it by ``np.add.at`` a step of
    :data:`_EMOTION_STEP` messages at a time, which adds in the same order (same bits).
    """
    sums = np.zeros((n_weeks, probs.shape[1]), dtype=np.float64)
    if kernels.compiled is not None:
        kernels.compiled.add_rows_by_group(
            np.ascontiguousarray(probs, dtype=np.float32),
            np.ascontiguousarray(texts, dtype=np.int64),
            np.ascontiguousarray(week, dtype=np.int64),
            sums,
        )
        return sums
    for start in range(0, week.size, _EMOTION_STEP):
        step = slice(start, start + _EMOTION_STEP)
        rows = np.take(probs, texts[step], axis=0).astype(np.float64)
        np.add.at(sums, week[step], rows)
    return sums


def _pct(x: float | None) -> str:
    return "no data" if x is None else f"{round(100 * x)} %"


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}" if n == 1 else f"{n} {noun}s"


def _snippet(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= SNIPPET_CHARS else text[: SNIPPET_CHARS - 1] + "…"


def _evidence(frame: pl.DataFrame, markers: tuple[str, ...], mask: pl.Expr) -> tuple[Evidence, ...]:
    """Up to three text messages matching ``mask``, strongest first, each labelled with the
    strongest of ``markers`` (or ``brief`` when none is present)."""
    strongest = pl.max_horizontal([pl.col(m) for m in markers])
    label = pl.lit("brief")
    for m in reversed(markers):
        label = (
            pl.when((pl.col(m) >= PRESENT) & (pl.col(m) == strongest))
            .then(pl.lit(m))
            .otherwise(label)
        )
    picked = (
        frame.filter(mask & (pl.col("kind") == "text"))
        .with_columns(strongest.alias("__strength"), label.alias("__marker"))
        .sort("__strength", descending=True, maintain_order=True)
        .head(EVIDENCE_PER_SIGN)
        .sort("timestamp")
    )
    return tuple(
        Evidence(r["timestamp"].isoformat(), r["sender"], r["__marker"], _snippet(r["text"]))
        for r in picked.iter_rows(named=True)
    )


def week_of(timestamp: pl.Expr) -> pl.Expr:
    """The Monday (a Date) of the ISO week holding each timestamp, in its own wall-clock time.

    Plain integer arithmetic on days since 1970-01-01 (a Thursday, hence the 3), which is
    several times cheaper than ``dt.truncate("1w")`` on a million rows and gives the same day.
    """
    days = timestamp.dt.replace_time_zone(None).dt.epoch("d")
    return ((days + 3) // 7 * 7 - 3).cast(pl.Int32).cast(pl.Date)


def _week_range(weeks: pl.Series) -> pl.Series:
    """Every Monday from the first to the last week, including weeks without messages."""
    first, last = weeks.min(), weeks.max()
    if not isinstance(first, date) or not isinstance(last, date):
        return pl.Series("week", [], dtype=pl.Date)
    return pl.date_range(first, last, "1w", eager=True).alias("week")


# ----------------------------------------------------------------------------- analysis
MAX_SPAN_YEARS = 30
"""The longest history analysed. Weekly figures cost time and space per week, so a wrong
date (a year 2171 among 2024s) must not turn a small export into centuries of weeks."""


def _check_span(conv: Conversation) -> None:
    stamps = conv.messages.get_column("timestamp")
    first, last = stamps.min(), stamps.max()
    if not isinstance(first, datetime) or not isinstance(last, datetime):
        return
    if (last - first).days > MAX_SPAN_YEARS * 366:
        raise CloseknitError(
            f"the messages run from {first:%Y-%m-%d} to {last:%Y-%m-%d}, more than "
            f"{MAX_SPAN_YEARS} years: check the dates in the export (a wrong year on one "
            "message is enough)"
        )


def analyze_conversation(
    conv: Conversation,
    *,
    evidence: bool = False,
    emotions: bool = True,
    tz: str | None = None,
    progress: Progress | None = None,
) -> Insights:
    """Score, aggregate and map a conversation to the model's signs.

    ``tz`` (an IANA zone) sets the calendar used for weeks and days when the export's
    timestamps are real instants (``conv.timezone_known``); wall-clock exports are already
    local time and are left as they are. ``progress`` is called with a stage name as each
    stage starts. Raises :class:`CloseknitError` for an unknown time zone.
    """
    step = progress or (lambda _stage: None)
    a, b = conv.participants
    _check_span(conv)
    step("markers")
    local = bool(tz) and conv.timezone_known

    def in_calendar(frame: pl.DataFrame) -> pl.DataFrame:
        """``frame`` with its timestamps in the calendar used for weeks and days."""
        if not local:
            return frame
        try:
            return frame.with_columns(pl.col("timestamp").dt.convert_time_zone(str(tz)))
        except pl.exceptions.PolarsError as exc:
            raise CloseknitError(
                f"unknown time zone {tz!r}: use an IANA name such as Europe/Paris"
            ) from exc

    # Two workers: the classifier, and later the whole-period dynamics summary. First, while
    # the texts are being grouped, one reads the lexicon and the other the classifier.
    pool = ThreadPoolExecutor(max_workers=2)
    try:
        pool.submit(_read_lexicon)
        if emotions:
            pool.submit(_read_classifier)
        # Texts are grouped once; markers and emotions both score each distinct text once.
        kept = in_calendar(conv.messages.filter(pl.col("kind") != "system"))
        distinct = distinct_texts(kept["text"])
        pending: Future[tuple[pl.DataFrame | None, str]] | None = None
        if emotions:
            # The classifier (and the weekly emotion means) run beside the markers: both
            # spend their time in polars and numpy, which release the GIL, so the two cores
            # stay busy.
            pending = pool.submit(_emotion_means, kept, distinct, conv.participants)
        week = week_of(pl.col("timestamp")).alias("week")
        scored = in_calendar(dyn.score_conversation(conv, distinct)).with_columns(week)
        # The person-week figures that read the markers alone are summed in the second
        # worker while this thread works out the turns and the dynamics.
        marker_weeks = pool.submit(_person_week_markers, scored)
        # The dynamics do not read the emotions, so they run while the classifier finishes;
        # its columns are added (in the same rows' order) only where the weekly figures
        # need them. Stages are reported in the progress bar's order.
        if pending is not None:
            step("emotions")
        step("dynamics")
        turns = dyn.turn_table(scored, conv.participants)
        annotated = dyn.annotate_dynamics(scored, turns)
        # The whole-period summary reads nothing the weekly figures produce: it runs in the
        # second worker while this thread aggregates the weeks.
        summarized = pool.submit(dyn.summarize_dynamics, annotated, turns, conv.participants)
        step("weekly insights")
        turns = turns.with_columns(week_of(pl.col("first_ts")).alias("week"))
        # Every message is in one of the person-weeks, so their weeks span the same range.
        marker_frame = marker_weeks.result()
        weeks_series = _week_range(marker_frame["week"])
        weeks = weeks_series.to_list()
        per_person_week = _person_week_frame(
            annotated, weeks_series, conv.participants, marker_frame
        )
        emotion_note = "emotions were not requested"
        emotion_cols: list[str] = []
        if pending is not None:
            means, emotion_note = pending.result()
            if means is not None and means.height == 0:
                emotion_note = "the chat has no text messages to read emotions from"
            elif means is not None:
                emotion_cols = means.columns[2:]
                per_person_week = per_person_week.join(
                    means, on=["week", "sender"], how="left", maintain_order="left"
                )
        person_weeks = _person_weeks(per_person_week, emotion_cols)
        values = _weekly_sign_values(
            annotated, turns, per_person_week, weeks_series, conv.participants
        )
        summary = summarized.result()
    finally:
        pool.shutdown(wait=True, cancel_futures=True)
    signs = _signs(values, annotated, turns, summary, evidence)
    first = annotated["timestamp"].min() if annotated.height else None
    last = annotated["timestamp"].max() if annotated.height else None
    return Insights(
        participants=(a, b),
        platform=conv.platform,
        first=first if isinstance(first, datetime) else None,
        last=last if isinstance(last, datetime) else None,
        messages=annotated.height,
        weeks=tuple(weeks),
        people=summary.people,
        person_weeks=person_weeks,
        signs=signs,
        emotions_available=bool(emotion_cols),
        emotions_note="" if emotion_cols else emotion_note,
        method=method_notes(),
        language_note=language_note(distinct[0]),
    )


def _person_week_markers(scored: pl.DataFrame) -> pl.DataFrame:
    """The per person-week aggregates that read the markers alone, not the dynamics, from
    :func:`dyn.score_conversation`'s frame with a ``week`` column: they can be computed
    while the dynamics are."""
    connection = pl.any_horizontal([pl.col(m) >= PRESENT for m in CONNECTION])
    plain = (pl.col("words") <= dyn.MINIMAL_WORDS) & ~connection & (pl.col("kind") == "text")
    joy = (pl.col("laughter") >= PRESENT) | (pl.col("affection") >= PRESENT)
    return scored.group_by("week", "sender").agg(
        pl.len().alias("messages"),
        pl.col("words").sum(),
        *[(pl.col(m) >= PRESENT).mean().alias(f"rate:{m}") for m in MARKERS],
        *[pl.col(m).mean().alias(f"mean:{m}") for m in MARKERS],
        plain.sum().alias("n_plain"),
        joy.sum().alias("n_joy"),
        (pl.col("disclosure") >= PRESENT).sum().alias("n_disclosed"),
    )


def _person_week_frame(
    annotated: pl.DataFrame,
    weeks: pl.Series,
    participants: tuple[str, str],
    markers: pl.DataFrame | None = None,
) -> pl.DataFrame:
    """All per person-week aggregates (empty weeks included). ``markers`` may hold
    :func:`_person_week_markers` of the same messages, when it was computed already."""
    grid = pl.DataFrame({"week": weeks}).join(
        pl.DataFrame({"sender": list(participants)}), how="cross"
    )
    if markers is None:
        markers = _person_week_markers(annotated)
    timing = annotated.group_by("week", "sender").agg(
        pl.col("initiates").sum().alias("initiations"),
        pl.col("latency").dt.total_seconds().median().alias("median_response_s"),
    )
    return (
        grid.join(markers, on=["week", "sender"], how="left")
        .join(timing, on=["week", "sender"], how="left")
        .select(
            "week",
            "sender",
            "messages",
            "words",
            "initiations",
            "median_response_s",
            *[f"rate:{m}" for m in MARKERS],
            *[f"mean:{m}" for m in MARKERS],
            "n_plain",
            "n_joy",
            "n_disclosed",
        )
        .with_columns(pl.col("messages", "n_plain", "n_joy", "n_disclosed").fill_null(0))
        .sort("week", "sender")
    )


def _person_weeks(full: pl.DataFrame, emotion_cols: list[str]) -> tuple[PersonWeek, ...]:
    out = []
    for r in full.iter_rows(named=True):  # one row per person-week, not per message
        out.append(
            PersonWeek(
                week=r["week"],
                person=r["sender"],
                messages=int(r["messages"] or 0),
                words=int(r["words"] or 0),
                initiations=int(r["initiations"] or 0),
                median_response_s=r["median_response_s"],
                marker_rates={m: float(r[f"rate:{m}"] or 0.0) for m in MARKERS},
                marker_means={m: float(r[f"mean:{m}"] or 0.0) for m in MARKERS},
                emotions={
                    c.removeprefix("emotion."): float(r[c])
                    for c in emotion_cols
                    if r[c] is not None and not math.isnan(r[c])
                },
            )
        )
    return tuple(out)


def _weekly_sign_values(
    annotated: pl.DataFrame,
    turns: pl.DataFrame,
    per_person_week: pl.DataFrame,
    weeks: pl.Series,
    participants: tuple[str, str],
) -> pl.DataFrame:
    """One row per week, one Float64 column per sign (null where the week has no basis)."""
    answered = pl.col("reply_gap") <= dyn.REPLY_MAX_GAP
    harsh_or_def = pl.col("harsh") | pl.col("defensive")
    turn_week = (
        turns.with_columns(dyn.stonewalling(turns).alias("stonewalled"))
        .group_by("week")
        .agg(
            (pl.col("disclosure") & answered & (pl.col("next_empathic") | pl.col("next_question")))
            .sum()
            .alias("listened"),
            pl.col("disclosure").sum().alias("disclosures"),
            (
                pl.col("negative_disclosure")
                & answered
                & (pl.col("next_supportive") | pl.col("next_empathic"))
            )
            .sum()
            .alias("supported"),
            pl.col("negative_disclosure").sum().alias("painful"),
            pl.col("harsh").sum().alias("harsh_turns"),
            pl.col("stonewalled").sum().alias("stonewalled"),
            harsh_or_def.sum().alias("tense_turns"),
            (harsh_or_def & answered & (pl.col("next_harsh") | pl.col("next_defensive")))
            .sum()
            .alias("exchanges"),
            pl.len().alias("turns"),
        )
    )

    def share_of(person: str, count: str) -> pl.Expr:
        # A person silent that week shared nothing: 0, so "both" signs read 0, not the other's.
        mine = pl.col("sender") == person
        return (
            (pl.col(count) / pl.col("messages")).filter(mine & (pl.col("messages") > 0)).first()
        ).fill_null(0.0)

    def pooled(count: str) -> pl.Expr:
        total = pl.col("messages").sum()
        return pl.when(total > 0).then(pl.col(count).sum() / total)

    msg_week = per_person_week.group_by("week").agg(
        pl.col("messages").sum(),
        pooled("n_plain").alias("plain"),
        pooled("n_disclosed").alias("disclosure_share"),
        *[share_of(p, "n_disclosed").alias(f"disclosure_{i}") for i, p in enumerate(participants)],
        *[share_of(p, "n_joy").alias(f"joy_{i}") for i, p in enumerate(participants)],
    )
    both_days = (
        annotated.group_by("week", pl.col("timestamp").dt.date().alias("day"))
        .agg(pl.col("sender").n_unique().alias("n"))
        .filter(pl.col("n") == 2)
        .group_by("week")
        .agg(pl.len().alias("both_days"))
    )
    w = (
        pl.DataFrame({"week": weeks})
        .join(msg_week, on="week", how="left")
        .join(turn_week, on="week", how="left")
        .join(both_days, on="week", how="left")
        .sort("week")
        .with_columns(pl.col("messages", "both_days").fill_null(0))
    )
    baseline = (
        pl.col("messages").cast(pl.Float64).shift(1).rolling_median(BASELINE_WEEKS, min_samples=2)
    )
    drop = pl.when(baseline > 0).then((1 - pl.col("messages") / baseline).clip(0, 1)).otherwise(0.0)
    stonewall = pl.when(pl.col("harsh_turns") > 0).then(
        pl.col("stonewalled") / pl.col("harsh_turns")
    )

    def ratio(num: str, den: str) -> pl.Expr:
        return pl.when(pl.col(den) > 0).then(pl.col(num) / pl.col(den)).otherwise(None)

    def capped(expr: pl.Expr) -> pl.Expr:
        return expr.clip(0.0, 1.0)

    return w.select(
        "week",
        (pl.col("both_days") / 7.0).alias("frequent_communication"),
        ratio("listened", "disclosures").alias("active_listening"),
        capped(
            pl.min_horizontal(pl.col("disclosure_0"), pl.col("disclosure_1")).fill_null(0.0)
            / DISCLOSURE_REFERENCE
        )
        .cast(pl.Float64)
        .alias("shared_vulnerability"),
        capped(pl.min_horizontal(pl.col("joy_0"), pl.col("joy_1")).fill_null(0.0) / JOY_REFERENCE)
        .cast(pl.Float64)
        .alias("shared_joy"),
        ratio("supported", "painful").alias("consistent_support"),
        pl.col("plain").cast(pl.Float64).alias("superficial_talk"),
        pl.when(pl.col("messages") > 0)
        .then(capped(1.0 - pl.col("disclosure_share") / DISCLOSURE_REFERENCE))
        .cast(pl.Float64)
        .alias("sparse_sharing"),
        pl.max_horizontal(stonewall.fill_null(0.0), drop).cast(pl.Float64).alias("withdrawal"),
        pl.when(pl.col("turns") > 0)
        .then(capped(EXCHANGE_SCALE * pl.col("exchanges").fill_null(0) / pl.col("turns")))
        .cast(pl.Float64)
        .alias("misunderstanding"),
    )


def _signs(
    values: pl.DataFrame,
    annotated: pl.DataFrame,
    turns: pl.DataFrame,
    summary: dyn.Dynamics,
    evidence: bool,
) -> tuple[SignInsight, ...]:
    weeks = values["week"].to_list()
    p, q = summary.people
    recent_start = (
        weeks[-TREND_WEEKS] if len(weeks) >= TREND_WEEKS else (weeks[0] if weeks else None)
    )
    recent = annotated.filter(pl.col("week") >= recent_start) if recent_start else annotated

    def rate(person: str, expr: pl.Expr) -> float | None:
        sub = recent.filter(pl.col("sender") == person)
        return float(sub.select(expr.mean()).item()) if sub.height else None

    def present(*names: str) -> pl.Expr:
        return pl.any_horizontal([pl.col(n) >= PRESENT for n in names])

    explain: dict[str, Callable[[float | None], str]] = {
        "frequent_communication": lambda lvl: (
            f"In recent weeks you both wrote on about {round(7 * (lvl or 0.0), 1)} of 7 days "
            f"a week. Over the whole history {p.name} sent {_pct(p.message_share)} and "
            f"{q.name} {_pct(q.message_share)} of the messages; {p.name} started "
            f"{_count(p.initiations, 'conversation')} and {q.name} {q.initiations}."
        ),
        "active_listening": lambda lvl: (
            f"When one of you shared something personal, the other answered with empathy or a "
            f"question {_pct(lvl)} of the time recently. Bids for attention: {p.name} turned "
            f"toward {q.name}'s bids {_count(p.turned_toward, 'time')} and away "
            f"{_count(p.turned_away, 'time')}; {q.name} turned toward "
            f"{_count(q.turned_toward, 'time')} and away {_count(q.turned_away, 'time')}."
        ),
        "shared_vulnerability": lambda lvl: (
            f"Messages sharing feelings or inner life recently: {p.name} "
            f"{_pct(rate(p.name, present('disclosure')))}, {q.name} "
            f"{_pct(rate(q.name, present('disclosure')))}. The level is highest when both share."
        ),
        "shared_joy": lambda lvl: (
            f"Messages with laughter or affection recently: {p.name} "
            f"{_pct(rate(p.name, present('laughter', 'affection')))}, {q.name} "
            f"{_pct(rate(q.name, present('laughter', 'affection')))}."
        ),
        "consistent_support": lambda lvl: (
            "When one of you wrote about something painful, the other answered with support "
            f"or warmth {_pct(lvl)} of the time recently."
        ),
        "superficial_talk": lambda lvl: (
            f"{_pct(lvl)} of recent messages were brief and carried no sign of sharing, "
            "asking, warmth or laughter (such as 'ok' or 'on my way'). Some of this is normal "
            "day-to-day coordination."
        ),
        "sparse_sharing": lambda lvl: (
            f"Recently about {_pct(rate(p.name, present('disclosure')))} of {p.name}'s and "
            f"{_pct(rate(q.name, present('disclosure')))} of {q.name}'s messages shared "
            "feelings; the value is higher the less inner life comes up in the chat."
        ),
        "withdrawal": lambda lvl: (
            f"After a harsh message, {p.name} went quiet or answered minimally "
            f"{p.stonewalled} of {_count(p.harsh_received, 'time')} and {q.name} "
            f"{q.stonewalled} of {_count(q.harsh_received, 'time')}; the value also rises "
            "when the number of messages drops below the usual weekly amount."
        ),
        "misunderstanding": lambda lvl: (
            "Exchanges where criticism, contempt or defensiveness was met with more of the "
            f"same: {p.name} sent {_count(p.harsh_turns, 'harsh turn')} and {q.name} "
            f"{q.harsh_turns} "
            "over the whole history."
        ),
    }
    brief = (pl.col("words") <= dyn.MINIMAL_WORDS) & ~present(*CONNECTION)
    evidence_markers: dict[str, tuple[tuple[str, ...], pl.Expr]] = {
        "active_listening": (EMPATHY, present(*EMPATHY)),
        "shared_vulnerability": (("disclosure",), present("disclosure")),
        "shared_joy": (("laughter", "affection"), present("laughter", "affection")),
        "consistent_support": (
            ("support", "empathy.emotional_reaction"),
            present("support", "empathy.emotional_reaction"),
        ),
        "superficial_talk": (("disclosure",), brief),
        "withdrawal": (("criticism", "contempt"), present("criticism", "contempt")),
        "misunderstanding": (HARSH, present(*HARSH)),
    }
    out = []
    for sign in SIGNS:
        series = values[sign].to_list()
        level, trend = trend_of(series)
        found: tuple[Evidence, ...] = ()
        if evidence and sign in evidence_markers:
            markers, mask = evidence_markers[sign]
            found = _evidence(recent, markers, mask)
        out.append(
            SignInsight(
                sign=sign,
                kind="strong_sign" if sign in STRONG_SIGNS else "fading_sign",
                level=level,
                trend=trend,
                weekly=tuple(zip(weeks, series, strict=True)),
                explanation=explain[sign](level),
                evidence=found,
            )
        )
    assert all(s.sign in STRONG_SIGNS or s.sign in FADING_SIGNS for s in out)
    return tuple(out)
