"""Conversation-level markers on small synthetic chats with known answers."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import polars as pl
import pytest
from conversation_rows import conversation_of

from closeknit.conversation.corpus import Conversation
from closeknit.conversation.dynamics import (
    annotate_dynamics,
    score_conversation,
    stonewalling,
    summarize_dynamics,
    turn_table,
)

T0 = datetime(2024, 3, 4, 9, 0, tzinfo=UTC)  # a Monday


def chat(*rows: tuple[float, str, str] | tuple[float, str, str, str]) -> Conversation:
    """Rows of (minutes after T0, sender, text[, kind])."""
    return conversation_of([(T0 + timedelta(minutes=r[0]), *r[1:]) for r in rows])


def analyse(conv: Conversation) -> tuple[pl.DataFrame, pl.DataFrame]:
    scored = score_conversation(conv)
    turns = turn_table(scored, conv.participants)
    return annotate_dynamics(scored, turns), turns


def test_latency_is_the_time_until_the_other_answers_and_its_median_is_per_person() -> None:
    conv = chat(
        (0, "Alex", "hi"),
        (4, "Blair", "hey"),  # Blair answers after 4 min
        (5, "Blair", "how are you"),
        (15, "Alex", "good"),  # Alex answers after 10 min
        (17, "Blair", "nice"),  # 2 min
        (30, "Alex", "yes"),  # 13 min
        (31, "Blair", "ok"),  # 1 min
    )
    annotated, turns = analyse(conv)
    latencies = annotated["latency"].dt.total_minutes().to_list()
    assert latencies == [None, 4, None, 10, 2, 13, 1]
    alex, blair = summarize_dynamics(annotated, turns, conv.participants).people
    assert alex.median_latency_s == pytest.approx(11.5 * 60)
    assert blair.median_latency_s == pytest.approx(2 * 60)


def test_a_gap_over_twelve_hours_is_a_new_conversation_not_a_slow_answer() -> None:
    conv = chat((0, "Alex", "night"), (13 * 60, "Blair", "morning"))
    annotated, _ = analyse(conv)
    assert annotated["latency"].to_list() == [None, None]
    assert annotated["initiates"].to_list() == [True, True]


def test_the_first_message_after_six_hours_of_silence_initiates() -> None:
    conv = chat(
        (0, "Alex", "hi"),
        (10, "Blair", "hi"),
        (5 * 60, "Blair", "still there?"),  # 4h50 later: same conversation
        (12 * 60, "Blair", "good morning"),  # 7 h later: new conversation
        (12 * 60 + 1, "Alex", "morning"),
    )
    annotated, turns = analyse(conv)
    assert annotated["initiates"].to_list() == [True, False, False, True, False]
    alex, blair = summarize_dynamics(annotated, turns, conv.participants).people
    assert (alex.initiations, blair.initiations) == (1, 1)


def test_balance_is_each_persons_share_of_messages_and_words() -> None:
    conv = chat(
        (0, "Alex", "one two three"),
        (1, "Alex", "four"),
        (2, "Alex", "five"),
        (3, "Blair", "six seven eight nine ten eleven"),
        (4, "Blair", "", "media"),
    )
    annotated, turns = analyse(conv)
    alex, blair = summarize_dynamics(annotated, turns, conv.participants).people
    assert (alex.messages, blair.messages) == (3, 2)
    assert alex.message_share == pytest.approx(0.6)
    assert (alex.words, blair.words) == (5, 6)
    assert blair.word_share == pytest.approx(6 / 11)


class TestBids:
    def test_an_engaged_reply_turns_toward_a_bid(self) -> None:
        annotated, _ = analyse(
            chat((0, "Alex", "look at this!"), (5, "Blair", "haha amazing, where is that?"))
        )
        assert annotated["bid_response"].to_list()[0] == "toward"

    def test_a_substantive_reply_turns_toward_even_without_markers(self) -> None:
        annotated, _ = analyse(
            chat((0, "Alex", "guess what"), (5, "Blair", "I was just about to cook dinner"))
        )
        assert annotated["bid_response"].to_list()[0] == "toward"

    def test_a_minimal_reply_turns_away(self) -> None:
        annotated, _ = analyse(chat((0, "Alex", "look at this!"), (5, "Blair", "ok")))
        assert annotated["bid_response"].to_list()[0] == "away"

    def test_no_reply_within_three_hours_turns_away(self) -> None:
        annotated, _ = analyse(
            chat(
                (0, "Alex", "want to go for a walk later?"),
                (4 * 60, "Blair", "sorry I was out, sure, let's go tomorrow"),
            )
        )
        assert annotated["bid_response"].to_list()[0] == "away"

    def test_a_harsh_reply_turns_against(self) -> None:
        annotated, _ = analyse(
            chat((0, "Alex", "can we talk tonight?"), (5, "Blair", "whatever 🙄"))
        )
        assert annotated["bid_response"].to_list()[0] == "against"

    def test_the_reply_is_the_others_whole_next_turn(self) -> None:
        annotated, _ = analyse(
            chat(
                (0, "Alex", "look at this!"),
                (2, "Blair", "ok"),
                (3, "Blair", "hahaha that's brilliant"),
            )
        )
        assert annotated["bid_response"].to_list()[0] == "toward"

    def test_only_bids_get_a_response_and_it_counts_for_the_responder(self) -> None:
        conv = chat(
            (0, "Alex", "look at this!"),
            (5, "Blair", "ok"),
            (10, "Alex", "the train is late"),
            (12, "Blair", "guess what"),
            (13, "Alex", "what?? tell me everything"),
        )
        annotated, turns = analyse(conv)
        assert annotated["bid_response"].to_list() == ["away", None, None, "toward", None]
        alex, blair = summarize_dynamics(annotated, turns, conv.participants).people
        assert (alex.bids, blair.bids) == (1, 1)
        assert (blair.turned_away, blair.turned_toward) == (1, 0)
        assert (alex.turned_toward, alex.turned_away) == (1, 0)


class TestStonewalling:
    def test_a_long_silence_after_criticism_is_stonewalling(self) -> None:
        conv = chat(
            (0, "Alex", "you never listen to me"),
            (5 * 60, "Blair", "I was thinking about what you said"),
        )
        annotated, turns = analyse(conv)
        walls = turns.select(stonewalling(turns)).to_series().to_list()
        assert walls[0] is True
        blair = summarize_dynamics(annotated, turns, conv.participants).people[1]
        assert (blair.stonewalled, blair.harsh_received) == (1, 1)

    def test_a_minimal_reply_after_contempt_is_stonewalling(self) -> None:
        conv = chat((0, "Alex", "grow up"), (3, "Blair", "k"))
        _, turns = analyse(conv)
        assert turns.select(stonewalling(turns)).to_series().to_list()[0] is True

    def test_an_engaged_reply_in_time_is_not_stonewalling(self) -> None:
        conv = chat(
            (0, "Alex", "you always forget"),
            (3, "Blair", "you're right, I'm sorry, I'll set a reminder"),
        )
        annotated, turns = analyse(conv)
        assert turns.select(stonewalling(turns)).to_series().to_list()[0] is False
        assert summarize_dynamics(annotated, turns, conv.participants).people[1].stonewalled == 0

    def test_a_defensive_reply_is_not_withdrawal(self) -> None:
        conv = chat((0, "Alex", "you always forget"), (3, "Blair", "not my fault"))
        _, turns = analyse(conv)
        assert turns.select(stonewalling(turns)).to_series().to_list()[0] is False

    def test_no_reply_at_all_after_criticism_is_stonewalling(self) -> None:
        _, turns = analyse(chat((0, "Blair", "hi"), (1, "Alex", "you're so selfish")))
        assert turns.select(stonewalling(turns)).to_series().to_list() == [None, True]


def test_empathy_is_scored_against_the_others_previous_turn() -> None:
    conv = chat(
        (0, "Alex", "I've been feeling really lonely"),
        (1, "Alex", "anyway"),
        (3, "Blair", "I'm so sorry, what happened?"),
    )
    scored = score_conversation(conv)
    assert scored["context"].to_list()[2] > 0.8
    assert scored["empathy.emotional_reaction"][2] > 0.8
    assert scored["empathy.exploration"][2] > 0.8


def test_a_disclosure_more_than_twelve_hours_earlier_is_not_the_context() -> None:
    conv = chat((0, "Alex", "I've been feeling really lonely"), (13 * 60, "Blair", "I'm so sorry"))
    assert score_conversation(conv)["context"].to_list()[1] == 0.0


def test_system_messages_are_ignored_and_media_counts_as_a_bid() -> None:
    conv = chat(
        (0, "", "Messages are end-to-end encrypted", "system"),
        (1, "Alex", "", "media"),
        (2, "Blair", "haha love it"),
    )
    annotated, _ = analyse(conv)
    assert annotated.height == 2
    assert annotated["bid_response"].to_list() == ["toward", None]
