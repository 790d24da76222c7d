"""Weekly insights: per-person weeks, the mapping to the model's signs, trends, evidence."""

from __future__ import annotations

import json
import sys
import types
from datetime import UTC, date, datetime, timedelta

import numpy as np
import polars as pl
import pytest
from conversation_rows import conversation_of
from hypothesis import given, settings
from hypothesis import strategies as st

from closeknit.conversation import insights as insights_module
from closeknit.conversation.corpus import SCHEMA, Conversation
from closeknit.conversation.insights import (
    SIGNS,
    Insights,
    analyze_conversation,
    trend_of,
    week_of,
)
from closeknit.model.vocabulary import FADING_SIGNS, STRONG_SIGNS

MONDAY = datetime(2024, 1, 1, 9, 0, tzinfo=UTC)


def conversation(rows: list[tuple[datetime, str, str]], *, tz_known: bool = False) -> Conversation:
    return conversation_of(sorted(rows, key=lambda r: r[0]), tz_known=tz_known)


def warm_week(week: int, days: int = 7) -> list[tuple[datetime, str, str]]:
    """A week where both share, answer with empathy, laugh and write every day."""
    rows = []
    for day in range(days):
        t = MONDAY + timedelta(weeks=week, days=day)
        rows += [
            (t, "Alex", "I've been feeling really anxious about work"),
            (t + timedelta(minutes=3), "Blair", "oh no, that sounds hard. what happened?"),
            (t + timedelta(minutes=5), "Blair", "I feel scared about my exam too"),
            (t + timedelta(minutes=9), "Alex", "I'm so sorry, that must be stressful"),
            (t + timedelta(minutes=10), "Alex", "hahaha love you"),
            (t + timedelta(minutes=12), "Blair", "haha love you more ❤️"),
        ]
    return rows


def cold_week(week: int) -> list[tuple[datetime, str, str]]:
    """A week with few, brief messages and a harsh exchange nobody answers well."""
    t = MONDAY + timedelta(weeks=week, days=2)
    return [
        (t, "Alex", "ok"),
        (t + timedelta(minutes=30), "Blair", "k"),
        (t + timedelta(hours=2), "Alex", "you never listen to me"),
        (t + timedelta(hours=2, minutes=5), "Blair", "it's not my fault"),
        (t + timedelta(hours=2, minutes=6), "Alex", "whatever 🙄"),
        (t + timedelta(hours=9), "Blair", "fine"),
    ]


def sign(ins, name: str):  # type: ignore[no-untyped-def]
    return next(s for s in ins.signs if s.sign == name)


@pytest.mark.parametrize(
    ("values", "trend"),
    [
        ([0.2, 0.2, 0.2, 0.2, 0.5, 0.5, 0.5, 0.5], "rising"),
        ([0.8, 0.8, 0.8, 0.8, 0.3, 0.3, 0.3, 0.3], "falling"),
        ([0.5, 0.5, 0.5, 0.5, 0.55, 0.5, 0.45, 0.5], "steady"),
        ([0.1, 0.9, 0.9, 0.9, 0.9], "not enough data"),
        ([0.1, 0.1, None, None, 0.9, 0.9, 0.9, 0.9], "rising"),
        ([None, None, None, None], "not enough data"),
    ],
)
def test_the_trend_compares_the_last_four_weeks_with_the_four_before(values, trend) -> None:  # type: ignore[no-untyped-def]
    level, got = trend_of(values)
    assert got == trend
    present = [v for v in values if v is not None]
    if present:
        assert level == pytest.approx(sum(present[-4:]) / len(present[-4:]))
    else:
        assert level is None


def test_every_sign_maps_to_a_vocabulary_id_with_its_kind_and_a_plain_explanation() -> None:
    ins = analyze_conversation(conversation(warm_week(0)), emotions=False)
    assert [s.sign for s in ins.signs] == list(SIGNS)
    for s in ins.signs:
        assert s.kind == ("strong_sign" if s.sign in STRONG_SIGNS else "fading_sign")
        assert s.sign in STRONG_SIGNS + FADING_SIGNS
        assert s.explanation
        assert "diagnos" not in s.explanation.lower()
        assert "break up" not in s.explanation.lower()


def test_per_person_weeks_count_messages_words_initiations_and_response_time() -> None:
    rows = [
        (MONDAY, "Alex", "hello there"),
        (MONDAY + timedelta(minutes=10), "Blair", "hi"),
        (MONDAY + timedelta(minutes=12), "Alex", "how are you"),
        (MONDAY + timedelta(days=8), "Blair", "one two three four"),  # next week, initiates
    ]
    ins = analyze_conversation(conversation(rows), emotions=False)
    assert ins.weeks == (date(2024, 1, 1), date(2024, 1, 8))
    by = {(pw.week, pw.person): pw for pw in ins.person_weeks}
    alex0, blair0 = by[(date(2024, 1, 1), "Alex")], by[(date(2024, 1, 1), "Blair")]
    assert (alex0.messages, alex0.words, alex0.initiations) == (2, 5, 1)
    assert alex0.median_response_s == pytest.approx(120)
    assert blair0.median_response_s == pytest.approx(600)
    assert by[(date(2024, 1, 8), "Blair")].initiations == 1
    assert by[(date(2024, 1, 8), "Alex")].messages == 0
    assert alex0.marker_rates["question"] == pytest.approx(0.5)
    assert 0 < alex0.marker_means["question"] <= 1


def test_weeks_without_messages_are_kept_so_quiet_spells_show() -> None:
    rows = warm_week(0, days=1) + warm_week(3, days=1)
    ins = analyze_conversation(conversation(rows), emotions=False)
    assert len(ins.weeks) == 4
    quiet = [pw for pw in ins.person_weeks if pw.week == date(2024, 1, 8)]
    assert [pw.messages for pw in quiet] == [0, 0]


def test_a_warm_chat_shows_the_strong_signs() -> None:
    ins = analyze_conversation(conversation(warm_week(0)), emotions=False)
    assert sign(ins, "frequent_communication").level == pytest.approx(1.0)
    assert sign(ins, "active_listening").level == pytest.approx(1.0)
    assert sign(ins, "shared_vulnerability").level == pytest.approx(1.0)
    assert sign(ins, "shared_joy").level == pytest.approx(1.0)
    assert sign(ins, "consistent_support").level == pytest.approx(1.0)
    assert sign(ins, "misunderstanding").level == pytest.approx(0.0)
    assert sign(ins, "sparse_sharing").level == pytest.approx(0.0)


def test_a_cold_chat_shows_the_fading_signs() -> None:
    ins = analyze_conversation(conversation(cold_week(0)), emotions=False)
    assert sign(ins, "misunderstanding").level > 0.5
    assert sign(ins, "superficial_talk").level >= 0.5
    assert sign(ins, "sparse_sharing").level == pytest.approx(1.0)
    assert sign(ins, "shared_vulnerability").level == pytest.approx(0.0)
    assert sign(ins, "active_listening").level is None  # nobody disclosed: no basis


def test_a_chat_that_cools_down_shows_falling_closeness_and_rising_withdrawal() -> None:
    rows = [r for w in range(4) for r in warm_week(w)] + [
        r for w in range(4, 8) for r in cold_week(w)
    ]
    ins = analyze_conversation(conversation(rows), emotions=False)
    assert sign(ins, "frequent_communication").trend == "falling"
    assert sign(ins, "shared_joy").trend == "falling"
    assert sign(ins, "withdrawal").trend == "rising"
    assert sign(ins, "misunderstanding").trend == "rising"


def test_evidence_is_only_collected_on_request() -> None:
    conv = conversation(warm_week(0, days=2))
    assert all(not s.evidence for s in analyze_conversation(conv, emotions=False).signs)
    with_evidence = analyze_conversation(conv, evidence=True, emotions=False)
    examples = sign(with_evidence, "shared_vulnerability").evidence
    assert 1 <= len(examples) <= 3
    assert all(e.marker == "disclosure" and e.sender in ("Alex", "Blair") for e in examples)
    assert all(len(e.snippet) <= 80 for e in examples)


def test_insights_convert_to_plain_json() -> None:
    ins = analyze_conversation(conversation(cold_week(0) + warm_week(1, days=2)), emotions=False)
    data = json.loads(json.dumps(ins.to_dict()))
    assert data["participants"] == ["Alex", "Blair"]
    assert data["method"]["bid_window_hours"] == 3
    assert {s["sign"] for s in data["signs"]} == set(SIGNS)
    assert data["person_weeks"][0]["week"] == "2024-01-01"


def test_a_time_zone_moves_messages_across_the_week_boundary_when_instants_are_known() -> None:
    sunday_late_utc = datetime(2024, 1, 7, 23, 30, tzinfo=UTC)  # Monday 00:30 in Berlin
    rows = [
        (sunday_late_utc, "Alex", "hi"),
        (sunday_late_utc + timedelta(minutes=1), "Blair", "hey"),
    ]
    utc = analyze_conversation(conversation(rows, tz_known=True), emotions=False)
    berlin = analyze_conversation(
        conversation(rows, tz_known=True), emotions=False, tz="Europe/Berlin"
    )
    assert utc.weeks == (date(2024, 1, 1),)
    assert berlin.weeks == (date(2024, 1, 8),)


def test_an_unknown_time_zone_is_refused_clearly() -> None:
    from closeknit.errors import CloseknitError

    rows = [(MONDAY, "Alex", "hi"), (MONDAY + timedelta(minutes=1), "Blair", "hey")]
    with pytest.raises(CloseknitError, match="time zone"):
        analyze_conversation(conversation(rows, tz_known=True), emotions=False, tz="Mars/Olympus")


def test_emotions_are_averaged_per_person_week_when_a_classifier_is_installed(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    labels = ("joy", "sadness")

    class FakeClassifier:
        @classmethod
        def load(cls) -> FakeClassifier:
            return cls()

        def predict_proba(self, texts: pl.Series) -> np.ndarray:
            sad = texts.str.contains("sad").to_numpy()
            return np.stack([np.where(sad, 0.1, 0.9), np.where(sad, 0.8, 0.0)], axis=1).astype(
                np.float32
            )

    fake = types.ModuleType("closeknit.conversation.emotions")
    fake.EMOTION_LABELS = labels  # type: ignore[attr-defined]
    fake.EmotionClassifier = FakeClassifier  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "closeknit.conversation.emotions", fake)
    rows = [
        (MONDAY, "Alex", "I'm sad"),
        (MONDAY + timedelta(minutes=1), "Blair", "yay"),
        (MONDAY + timedelta(minutes=2), "Alex", ""),
    ]
    conv = conversation(rows)
    # The last message is a photo: it has no text and must not dilute the weekly means.
    media = conv.messages.with_columns(
        pl.Series("kind", ["text", "text", "media"], dtype=SCHEMA["kind"])
    )
    ins = analyze_conversation(Conversation(media, conv.participants, "csv"))
    assert ins.emotions_available
    by = {pw.person: pw for pw in ins.person_weeks}
    assert by["Alex"].emotions == pytest.approx({"joy": 0.1, "sadness": 0.8})
    assert by["Blair"].emotions == pytest.approx({"joy": 0.9, "sadness": 0.0})


@pytest.mark.parametrize("compiled", [True, False], ids=["kernel", "reference"])
def test_emotion_means_follow_the_local_week_across_summing_steps(monkeypatch, compiled) -> None:  # type: ignore[no-untyped-def]
    if not compiled:
        monkeypatch.setattr(insights_module, "kernels", types.SimpleNamespace(compiled=None))

    class FakeClassifier:
        @classmethod
        def load(cls) -> FakeClassifier:
            return cls()

        def predict_proba(self, texts: pl.Series) -> np.ndarray:
            # The probability of "joy" is the number in the text, in tenths.
            joy = texts.str.extract(r"([0-9])").cast(pl.Float32).fill_null(0).to_numpy() / 10
            return np.stack([joy, 1 - joy], axis=1).astype(np.float32)

    fake = types.ModuleType("closeknit.conversation.emotions")
    fake.EMOTION_LABELS = ("joy", "sadness")  # type: ignore[attr-defined]
    fake.EmotionClassifier = FakeClassifier  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "closeknit.conversation.emotions", fake)
    # Steps of two messages, so that weeks straddle steps.
    monkeypatch.setattr("closeknit.conversation.insights._EMOTION_STEP", 2)
    sunday_late_utc = datetime(2024, 1, 7, 23, 30, tzinfo=UTC)  # Monday 00:30 in Berlin
    rows = [
        (MONDAY, "Alex", "1"),
        (MONDAY + timedelta(hours=1), "Blair", "9"),
        (MONDAY + timedelta(hours=2), "Alex", "3"),
        (MONDAY + timedelta(hours=3), "Alex", "5 again 5"),
        (sunday_late_utc, "Alex", "8"),
        (sunday_late_utc + timedelta(days=1), "Alex", "2"),
        (sunday_late_utc + timedelta(days=2), "Blair", "4"),
    ]
    utc = analyze_conversation(conversation(rows, tz_known=True))
    berlin = analyze_conversation(conversation(rows, tz_known=True), tz="Europe/Berlin")

    def joy(ins: Insights) -> dict[tuple[date, str], float]:
        return {(pw.week, pw.person): pw.emotions["joy"] for pw in ins.person_weeks if pw.emotions}

    assert joy(utc) == pytest.approx(
        {
            (date(2024, 1, 1), "Alex"): (0.1 + 0.3 + 0.5 + 0.8) / 4,
            (date(2024, 1, 1), "Blair"): 0.9,
            (date(2024, 1, 8), "Alex"): 0.2,
            (date(2024, 1, 8), "Blair"): 0.4,
        }
    )
    # In Berlin the Sunday-night message belongs to the next week.
    assert joy(berlin) == pytest.approx(
        {
            (date(2024, 1, 1), "Alex"): (0.1 + 0.3 + 0.5) / 3,
            (date(2024, 1, 1), "Blair"): 0.9,
            (date(2024, 1, 8), "Alex"): (0.8 + 0.2) / 2,
            (date(2024, 1, 8), "Blair"): 0.4,
        }
    )


def test_without_a_classifier_the_insights_say_why_emotions_are_missing(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setitem(sys.modules, "closeknit.conversation.emotions", None)
    rows = [(MONDAY, "Alex", "hi"), (MONDAY + timedelta(minutes=1), "Blair", "hey")]
    ins = analyze_conversation(conversation(rows))
    assert not ins.emotions_available
    assert "not installed" in ins.emotions_note
    assert all(pw.emotions == {} for pw in ins.person_weeks)


def test_a_chat_without_messages_gives_empty_insights_not_an_error() -> None:
    system_only = Conversation(
        pl.DataFrame(
            {
                "timestamp": [MONDAY],
                "sender": [""],
                "text": ["Messages are end-to-end encrypted"],
                "kind": ["system"],
                "edited": [False],
            },
            schema=SCHEMA,
        ),
        ("Alex", "Blair"),
        "whatsapp",
    )
    ins = analyze_conversation(system_only, evidence=True, emotions=False)
    assert ins.messages == 0
    assert ins.weeks == ()
    assert all(s.level is None and s.trend == "not enough data" for s in ins.signs)
    assert json.loads(json.dumps(ins.to_dict()))["messages"] == 0


def test_sharing_by_only_one_person_is_not_shared_vulnerability() -> None:
    rows = [(MONDAY + timedelta(hours=h), "Alex", "I feel so scared and lonely") for h in range(3)]
    ins = analyze_conversation(conversation(rows), emotions=False)
    assert sign(ins, "shared_vulnerability").level == pytest.approx(0.0)
    assert sign(ins, "shared_joy").level == pytest.approx(0.0)
    assert sign(ins, "sparse_sharing").level == pytest.approx(0.0)


@settings(max_examples=50, deadline=None)
@given(
    st.lists(
        st.datetimes(min_value=datetime(1960, 1, 1), max_value=datetime(2090, 1, 1)),
        min_size=1,
        max_size=30,
    ),
    st.sampled_from(["UTC", "Europe/Berlin", "America/New_York", "Asia/Kolkata"]),
)
def test_week_of_is_the_monday_that_truncating_to_a_week_gives(
    stamps: list[datetime], zone: str
) -> None:
    frame = pl.DataFrame({"t": stamps}).with_columns(
        pl.col("t").dt.replace_time_zone("UTC").dt.convert_time_zone(zone)
    )
    got = frame.select(
        week_of(pl.col("t")).alias("a"), pl.col("t").dt.truncate("1w").dt.date().alias("b")
    )
    assert got["a"].to_list() == got["b"].to_list()


def test_a_history_spanning_centuries_is_refused_clearly() -> None:
    from closeknit.errors import CloseknitError

    rows = [
        (MONDAY, "Alex", "hi"),
        (MONDAY + timedelta(minutes=1), "Blair", "hey"),
        (MONDAY.replace(year=2171), "Alex", "a wrong year"),
    ]
    with pytest.raises(CloseknitError, match=r"2024-01-01 to 2171-01-01, more than 30 years"):
        analyze_conversation(conversation(rows), emotions=False)
    thirty = [(MONDAY, "Alex", "hi"), (MONDAY.replace(year=2053), "Blair", "still here")]
    assert analyze_conversation(conversation(thirty), emotions=False).messages == 2


def test_a_chat_without_text_says_there_were_no_emotions_to_read() -> None:
    rows = [(MONDAY, "Alex", ""), (MONDAY + timedelta(minutes=1), "Blair", "")]
    conv = conversation(rows)
    media = conv.messages.with_columns(pl.Series("kind", ["media", "media"], dtype=SCHEMA["kind"]))
    ins = analyze_conversation(Conversation(media, conv.participants, "csv"))
    assert not ins.emotions_available
    assert ins.emotions_note == "the chat has no text messages to read emotions from"


def test_week_sums_agree_with_and_without_the_kernel(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    rng = np.random.default_rng(7)
    probs = rng.random((500, 28), dtype=np.float32)
    texts = rng.integers(0, 500, size=20_000)
    week = np.sort(rng.integers(0, 60, size=20_000))
    fast = insights_module._week_sums(probs, texts, week, 60)
    monkeypatch.setattr(insights_module, "kernels", types.SimpleNamespace(compiled=None))
    monkeypatch.setattr(insights_module, "_EMOTION_STEP", 1000)
    reference = insights_module._week_sums(probs, texts, week, 60)
    np.testing.assert_array_equal(fast, reference)
    assert fast.sum() == pytest.approx(float(probs[texts].astype(np.float64).sum()))


def test_the_week_sum_kernel_refuses_indices_out_of_range() -> None:
    from closeknit.conversation import kernels

    assert kernels.compiled is not None
    table = np.ones((3, 2), dtype=np.float32)
    out = np.zeros((2, 2))
    with pytest.raises(IndexError, match="out of range"):
        kernels.compiled.add_rows_by_group(table, np.array([0, 3]), np.array([0, 1]), out)
    with pytest.raises(IndexError, match="out of range"):
        kernels.compiled.add_rows_by_group(table, np.array([0, 1]), np.array([0, -1]), out)
    assert not out.any()


def test_person_week_figures_are_the_same_when_the_marker_part_is_summed_apart() -> None:
    from closeknit.conversation import dynamics as dyn

    rows = [
        (MONDAY + timedelta(hours=h), "Alex" if h % 3 else "Blair", text)
        for h, text in enumerate(["I feel so sad", "hug?", "haha", "love you", "ok", "why"] * 5)
    ]
    conv = conversation(rows)
    week = insights_module.week_of(pl.col("timestamp")).alias("week")
    scored = dyn.score_conversation(conv).with_columns(week)
    annotated = dyn.annotate_dynamics(scored, dyn.turn_table(scored, conv.participants))
    weeks = insights_module._week_range(annotated["week"])
    together = insights_module._person_week_frame(annotated, weeks, conv.participants)
    apart = insights_module._person_week_frame(
        annotated, weeks, conv.participants, insights_module._person_week_markers(scored)
    )
    assert together.equals(apart)
    assert together["messages"].sum() == len(rows)
