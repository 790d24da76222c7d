"""Conversation-level markers: who starts, who answers how fast, and how bids and harsh words
are met. Everything is column-wise over the scored messages (no loop per message).

Windows and thresholds (all constants below; the HTML report's method section repeats them)

- **Scoring context.** A message's empathy is judged against the other person's previous
  *turn* (a run of consecutive messages by one person): the largest disclosure / negativity
  score in it, when that turn ended at most ``REPLY_MAX_GAP`` (12 h) earlier.
- **Initiation.** A message that follows at least ``SESSION_GAP`` (6 h) of silence from both
  people, or the first message of the history, starts a conversation: its sender initiates.
- **Response latency.** The time from the other person's message to this person's next
  message, when the sender changes and the gap is at most ``REPLY_MAX_GAP`` (12 h); longer
  gaps are new conversations, not slow answers. Reported as a median per person.
- **Balance.** Each person's share of messages and of words (a word is a run of characters
  between spaces; media, deleted and system messages have none).
- **Bids and how they are met** (after Gottman). A message with ``bid`` ≥ 0.5 is a bid. The
  answer is the other person's next turn, if it begins within ``BID_WINDOW`` (3 h):
  *against* when it holds criticism, contempt or defensiveness (≥ 0.5); otherwise *toward*
  when it is engaged — a question, appreciation, affection, support, laughter, disclosure or
  empathy marker, shared media, or more than ``MINIMAL_WORDS`` (3) words; otherwise (no
  answer in the window, or only a minimal one such as "ok") *away*.
- **Stonewalling.** After a turn holding criticism or contempt (≥ 0.5), the recipient
  withdraws when their next turn comes more than ``STONEWALL_SILENCE`` (3 h) later, never
  comes, or is minimal (at most 3 words, no engaged marker, no harsh reply either).
- System messages are ignored throughout; media and deleted messages count as messages.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from typing import Any

import numpy as np
import polars as pl

from closeknit.conversation.corpus import Conversation
from closeknit.conversation.markers import (
    EMPATHY,
    MARKERS,
    NEGATIVE,
    PRESENT,
    Distinct,
    context_strength,
    cue_sums_and_counts,
    distinct_texts,
    saturate,
    score_exprs,
)

SESSION_GAP = timedelta(hours=6)
REPLY_MAX_GAP = timedelta(hours=12)
BID_WINDOW = timedelta(hours=3)
STONEWALL_SILENCE = timedelta(hours=3)
MINIMAL_WORDS = 3

ENGAGED: tuple[str, ...] = (
    "question",
    "appreciation",
    "affection",
    "support",
    "laughter",
    "disclosure",
    *EMPATHY,
)
BID_RESPONSES: tuple[str, ...] = ("toward", "away", "against")
BidResponse = pl.Enum(BID_RESPONSES)


def _present(*names: str) -> pl.Expr:
    return pl.any_horizontal([pl.col(n) >= PRESENT for n in names])


# Scores that depend on a message's text alone (not on the answered turn or the kind):
# computed once per distinct text, then gathered to every message holding it.
_TEXT_ONLY: tuple[str, ...] = tuple(m for m in MARKERS if m not in EMPATHY and m != "bid")


def _per_text(unique: pl.Series) -> pl.DataFrame:
    """Everything :func:`score_conversation` needs that depends on the text alone, one row per
    distinct text: the text-only scores, ``bid`` without and with media (``__bid_media``),
    the raw empathy sums (named as the markers), ``__strength`` (the text's context
    strength), ``__question`` (holds a ``?``), ``__words`` (words if it is a text message)
    and the ``_negative`` score. Each value is the very expression the per-message form
    used, so gathering it gives the same bits."""
    has_q = pl.col("__question")
    no_context = pl.lit(0.0)
    return (
        cue_sums_and_counts(unique)
        .with_columns(
            (pl.col("_question_marks") > 0).alias("__question"),
            (pl.col("_spaces") + 1).alias("__words"),
        )
        .select(
            *score_exprs(
                has_question=has_q, is_media=pl.lit(False), context=no_context, only=_TEXT_ONLY
            ),
            *score_exprs(
                has_question=has_q, is_media=pl.lit(False), context=no_context, only=("bid",)
            ),
            *(
                e.alias("__bid_media")
                for e in score_exprs(
                    has_question=has_q, is_media=pl.lit(True), context=no_context, only=("bid",)
                )
            ),
            *EMPATHY,
            context_strength(pl.col("disclosure"), pl.col(NEGATIVE)).alias("__strength"),
            "__question",
            "__words",
            saturate(pl.col(NEGATIVE)).cast(pl.Float32).alias(NEGATIVE),
        )
    )


def score_conversation(conv: Conversation, distinct: Distinct | None = None) -> pl.DataFrame:
    """The conversation's non-system messages with every marker scored in context.

    Columns: ``timestamp, sender, text, kind, edited, words, turn, context`` and one Float32
    column per marker (:data:`closeknit.conversation.markers.MARKERS`) plus ``_negative``
    (internal negativity, kept for the support analysis). ``turn`` numbers runs of
    consecutive messages by one sender; ``context`` is the previous turn's context strength.
    ``distinct`` may hold :func:`~closeknit.conversation.markers.distinct_texts` of those
    messages' texts, when the caller needs it too.

    Each distinct text is scored once (:func:`_per_text`); only what depends on the message's
    place in the chat (turns, context, empathy, media bids) is computed per message.
    """
    msgs = conv.messages.filter(pl.col("kind") != "system")
    unique, text_of = distinct if distinct is not None else distinct_texts(msgs["text"])
    index = pl.Series(text_of)
    per_text = _per_text(unique)
    # One gather per column, run side by side by polars.
    frame = pl.concat([msgs, per_text.select(pl.all().gather(index))], how="horizontal")
    if msgs["text"].null_count():
        # A null text scores as "" for cues, but (as before) has no question mark or words.
        missing = pl.col("text").is_null()
        frame = frame.with_columns(
            pl.when(~missing).then(pl.col(c)).alias(c)
            for c in ("__question", "__words", "question")
        )
    new_turn = (pl.col("sender") != pl.col("sender").shift()).fill_null(True)
    lf = frame.lazy().with_columns(
        new_turn.alias("__new"),
        new_turn.cum_sum().cast(pl.UInt32).alias("turn"),
        pl.when(pl.col("kind") == "text")
        .then(pl.col("__words"))
        .otherwise(0)
        .cast(pl.UInt32)
        .alias("words"),
    )
    # The previous turn's largest strength without a group-by: offsetting each turn by twice
    # its number makes a plain running maximum restart at every turn (strength is in [0, 1]).
    offset = 2.0 * pl.col("turn").cast(pl.Float64)
    running_max = (pl.col("__strength") + offset).cum_max() - offset
    lf = lf.with_columns(
        pl.when(pl.col("__new")).then(running_max.shift(1)).forward_fill().alias("__strength_prev"),
        pl.when(pl.col("__new")).then(pl.col("timestamp").shift(1)).forward_fill().alias("__end"),
    )
    in_reach = (pl.col("timestamp") - pl.col("__end")) <= REPLY_MAX_GAP
    context = pl.when(in_reach).then(pl.col("__strength_prev")).otherwise(0.0).fill_null(0.0)
    lf = lf.with_columns(context.alias("__context"))
    empathy = score_exprs(
        has_question=pl.col("__question"),
        is_media=pl.col("kind") == "media",
        context=pl.col("__context"),
        only=EMPATHY,
    )
    bid = pl.when(pl.col("kind") == "media").then(pl.col("__bid_media")).otherwise(pl.col("bid"))
    markers = {name: pl.col(name) for name in _TEXT_ONLY} | {"bid": bid.alias("bid")}
    markers |= {e.meta.output_name(): e for e in empathy}
    return lf.select(
        "timestamp",
        "sender",
        "text",
        "kind",
        "edited",
        "words",
        "turn",
        pl.col("__context").cast(pl.Float32).alias("context"),
        *(markers[name] for name in MARKERS),
        NEGATIVE,
    ).collect()


def turn_table(scored: pl.DataFrame, participants: tuple[str, str]) -> pl.DataFrame:
    """One row per turn with what it holds and how the other person's next turn answers it.

    Columns: ``turn, sender, responder, first_ts, last_ts, messages, words`` and flags
    ``engaged, minimal, harsh`` (criticism/contempt), ``defensive``, ``disclosure``,
    ``negative_disclosure`` (a disclosure of something painful), ``empathic`` (any empathy
    marker), ``question``, ``supportive`` (support or emotional reaction); then the same for
    the next turn prefixed ``next_`` and ``reply_gap`` (next turn's start minus this turn's end).
    Row ``i`` is turn number ``i + 1``.
    """
    a, b = participants
    flags = scored.select(
        (_present(*ENGAGED) | (pl.col("kind") == "media")).alias("engaged"),
        _present("criticism", "contempt").alias("harsh"),
        _present("defensiveness").alias("defensive"),
        _present("disclosure").alias("disclosure"),
        (_present("disclosure") & _present("_negative")).alias("negative_disclosure"),
        _present(*EMPATHY).alias("empathic"),
        _present("question").alias("question"),
        _present("support", "empathy.emotional_reaction").alias("supportive"),
    )
    n = scored.height
    turn = scored["turn"].to_numpy()
    # Turns are contiguous runs, so per-turn sums and "any" are reduceat over their starts.
    starts = np.flatnonzero(np.r_[True, turn[1:] != turn[:-1]]) if n else np.array([], int)
    ends = np.r_[starts[1:] - 1, n - 1] if n else np.array([], int)
    columns: dict[str, Any] = {
        "turn": pl.Series(turn[starts], dtype=pl.UInt32),
        "sender": scored["sender"].gather(starts),
        "first_ts": scored["timestamp"].gather(starts),
        "last_ts": scored["timestamp"].gather(ends),
        "messages": pl.Series(ends - starts + 1, dtype=pl.UInt32),
        "words": pl.Series(
            np.add.reduceat(scored["words"].to_numpy(), starts) if n else [], dtype=pl.UInt32
        ),
    }
    # All flags packed as bits of one integer per message: a single OR-reduceat gives every
    # turn's "any" for all of them (one pass instead of one per flag).
    packed = flags.select(
        pl.sum_horizontal(
            [
                pl.col(c).fill_null(False).cast(pl.UInt16) * (1 << i)
                for i, c in enumerate(flags.columns)
            ]
        )
    ).to_series()
    per_turn = np.bitwise_or.reduceat(packed.to_numpy(), starts) if n else np.array([], np.uint16)
    for i, name in enumerate(flags.columns):
        columns[name] = pl.Series((per_turn >> i) & 1 == 1, dtype=pl.Boolean)
    turns = pl.DataFrame(columns).with_columns(
        pl.when(pl.col("sender") == a).then(pl.lit(b)).otherwise(pl.lit(a)).alias("responder"),
        (~pl.col("engaged") & (pl.col("words") <= MINIMAL_WORDS)).alias("minimal"),
    )
    nxt = [
        "first_ts",
        "engaged",
        "minimal",
        "harsh",
        "defensive",
        "empathic",
        "question",
        "supportive",
    ]
    return turns.with_columns([pl.col(c).shift(-1).alias(f"next_{c}") for c in nxt]).with_columns(
        (pl.col("next_first_ts") - pl.col("last_ts")).alias("reply_gap")
    )


def annotate_dynamics(scored: pl.DataFrame, turns: pl.DataFrame) -> pl.DataFrame:
    """Add per-message dynamics to :func:`score_conversation`'s frame.

    New columns: ``initiates`` (Boolean), ``latency`` (Duration, null unless a reply),
    ``bid_response`` (Enum toward|away|against, null unless the message is a bid) and
    ``responder`` (the other person).
    """
    gap = pl.col("timestamp").diff()
    changed = pl.col("sender") != pl.col("sender").shift()
    # Row i of the turn table is turn i + 1: gather each message's turn, no join needed.
    index = (scored["turn"].cast(pl.Int64) - 1).clip(lower_bound=0)
    # One frame gather: polars gathers its columns side by side.
    of_turn = turns.select(
        "responder", "next_first_ts", "next_engaged", "next_minimal", "next_harsh", "next_defensive"
    ).gather(index)
    lf = pl.concat([scored, of_turn], how="horizontal").lazy()
    answered = (pl.col("next_first_ts") - pl.col("timestamp")) <= BID_WINDOW
    against = answered & (pl.col("next_harsh") | pl.col("next_defensive"))
    toward = answered & ~against & ~pl.col("next_minimal")
    response = (
        pl.when(pl.col("bid") < PRESENT)
        .then(None)
        .when(against)
        .then(pl.lit("against"))
        .when(toward)
        .then(pl.lit("toward"))
        .otherwise(pl.lit("away"))
        .cast(BidResponse)
    )
    return (
        lf.with_columns(
            (gap.is_null() | (gap >= SESSION_GAP)).alias("initiates"),
            pl.when(changed.fill_null(False) & (gap <= REPLY_MAX_GAP))
            .then(gap)
            .otherwise(None)
            .alias("latency"),
            response.alias("bid_response"),
        )
        .drop("next_first_ts", "next_engaged", "next_minimal", "next_harsh", "next_defensive")
        .collect()
    )


def stonewalling(turns: pl.DataFrame) -> pl.Expr:
    """True on a harsh turn whose recipient then withdrew (null on other turns)."""
    silent = pl.col("next_first_ts").is_null() | (pl.col("reply_gap") > STONEWALL_SILENCE)
    minimal = pl.col("next_minimal") & ~pl.col("next_harsh") & ~pl.col("next_defensive")
    return pl.when(pl.col("harsh")).then(silent | minimal.fill_null(False)).otherwise(None)


@dataclass(frozen=True)
class PersonDynamics:
    """Conversation-level figures for one person over the whole period.

    ``turned_*`` count how this person answered the *other's* bids; ``stonewalled`` counts
    the other's harsh turns after which this person withdrew, of ``harsh_received``.
    """

    name: str
    messages: int
    words: int
    message_share: float
    word_share: float
    initiations: int
    median_latency_s: float | None
    bids: int
    turned_toward: int
    turned_away: int
    turned_against: int
    harsh_turns: int
    harsh_received: int
    stonewalled: int


@dataclass(frozen=True)
class Dynamics:
    """Both people's :class:`PersonDynamics`, in the order of ``Conversation.participants``."""

    people: tuple[PersonDynamics, PersonDynamics]


def summarize_dynamics(
    annotated: pl.DataFrame, turns: pl.DataFrame, participants: tuple[str, str]
) -> Dynamics:
    """Whole-period figures per person from :func:`annotate_dynamics` and :func:`turn_table`."""
    total_msgs = max(annotated.height, 1)
    total_words = max(int(annotated["words"].sum() or 0), 1)
    # One pass per frame, grouped by sender; what a person *received* is read off the other.
    per_sender = (
        annotated.group_by("sender")
        .agg(
            pl.len().alias("messages"),
            pl.col("words").sum().alias("words"),
            pl.col("initiates").sum().alias("initiations"),
            pl.col("latency").dt.total_seconds().median().alias("latency"),
            pl.col("bid_response").is_not_null().sum().alias("bids"),
            *[(pl.col("bid_response") == r).sum().alias(r) for r in BID_RESPONSES],
        )
        .rows_by_key("sender", named=True, unique=True)
    )
    per_turn_sender = (
        turns.with_columns(stonewalling(turns).alias("stonewalled"))
        .group_by("sender")
        .agg(pl.col("harsh").sum(), pl.col("stonewalled").sum())
        .rows_by_key("sender", named=True, unique=True)
    )

    def count(table: dict[Any, Any], who: str, key: str) -> int:
        return int(table.get(who, {}).get(key, 0) or 0)

    people = []
    for name, other in (participants, participants[::-1]):
        latency = per_sender.get(name, {}).get("latency")
        messages = count(per_sender, name, "messages")
        words = count(per_sender, name, "words")
        people.append(
            PersonDynamics(
                name=name,
                messages=messages,
                words=words,
                message_share=messages / total_msgs,
                word_share=words / total_words,
                initiations=count(per_sender, name, "initiations"),
                median_latency_s=None if latency is None else float(latency),
                bids=count(per_sender, name, "bids"),
                turned_toward=count(per_sender, other, "toward"),
                turned_away=count(per_sender, other, "away"),
                turned_against=count(per_sender, other, "against"),
                harsh_turns=count(per_turn_sender, name, "harsh"),
                harsh_received=count(per_turn_sender, other, "harsh"),
                stonewalled=count(per_turn_sender, other, "stonewalled"),
            )
        )
    return Dynamics(people=(people[0], people[1]))
