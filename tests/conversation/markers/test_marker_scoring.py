"""Markers on hand-written messages: each marker, negation, praise, empathy in context."""

from __future__ import annotations

import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from closeknit.conversation.markers import (
    MARKERS,
    PRESENT,
    distinct_texts,
    normalize,
    normalize_texts,
    score_texts,
)


def scores(text: str, context: str | None = None) -> dict[str, float]:
    contexts = None if context is None else pl.Series([context], dtype=pl.String)
    frame = score_texts(pl.Series([text], dtype=pl.String), contexts)
    return {name: float(frame[name][0]) for name in MARKERS}


PRESENT_CASES = [
    # disclosure: feelings and inner life
    ("disclosure", "I feel so lonely when you're away"),
    ("disclosure", "I'm scared about the interview tomorrow"),
    ("disclosure", "I've been struggling a lot at work"),
    ("disclosure", "honestly I'm not ok"),
    ("disclosure", "I can't stop crying"),
    # question
    ("question", "what time are you home?"),
    ("question", "how was the dentist"),
    ("question", "did you eat"),
    # appreciation
    ("appreciation", "you did a great job today!"),
    ("appreciation", "Thank you so much for dinner"),
    ("appreciation", "that was really thoughtful of you"),
    ("appreciation", "I really appreciate it 🙏"),
    # affection
    ("affection", "love you ❤️"),
    ("affection", "I miss you so much"),
    ("affection", "can't wait to see you babe"),
    ("affection", "love you❤️"),
    # laughter
    ("laughter", "hahahaha"),
    ("laughter", "lol that's brilliant"),
    ("laughter", "😂😂"),
    ("laughter", "LMAO"),
    # support
    ("support", "I'm here for you, whatever you need"),
    ("support", "you've got this 💪"),
    ("support", "it's not your fault"),
    ("support", "don't worry, we'll figure it out"),
    # bid
    ("bid", "look at this!"),
    ("bid", "guess what happened at work"),
    ("bid", "do you want to go for a walk later"),
    ("bid", "can we talk tonight?"),
    ("bid", "https://example.org/funny-video"),
    # criticism
    ("criticism", "you always forget to call"),
    ("criticism", "You never listen to me"),
    ("criticism", "what's wrong with you"),
    ("criticism", "you're so selfish"),
    # contempt
    ("contempt", "whatever 🙄"),
    ("contempt", "oh grow up"),
    ("contempt", "yeah right, sure you did"),
    ("contempt", "you're pathetic"),
    # defensiveness
    ("defensiveness", "it's not my fault"),
    ("defensiveness", "that's not what I said"),
    ("defensiveness", "well what about you?"),
    ("defensiveness", "don't blame me, I was busy"),
]


@pytest.mark.parametrize(("marker", "text"), PRESENT_CASES)
def test_it_finds_the_marker_in_a_typical_message(marker: str, text: str) -> None:
    assert scores(text)[marker] >= PRESENT


@pytest.mark.parametrize(
    ("marker", "text"),
    [
        ("disclosure", "I went to the shop"),
        ("disclosure", "the train is late"),
        ("question", "I went to the shop"),
        ("appreciation", "the meeting ran late"),
        ("affection", "see you at 7"),
        ("laughter", "my phone is dead"),
        ("support", "the bins go out tomorrow"),
        ("bid", "ok"),
        ("criticism", "I forgot my keys"),
        ("contempt", "thanks, that was kind"),
        ("defensiveness", "sounds good"),
    ],
)
def test_it_leaves_the_marker_absent_in_plain_messages(marker: str, text: str) -> None:
    assert scores(text)[marker] < PRESENT


def test_it_scores_an_emotional_disclosure_above_a_factual_one() -> None:
    assert scores("I've been struggling")["disclosure"] > scores("I went to the shop")["disclosure"]
    assert scores("I feel scared")["disclosure"] > scores("I feel like pizza")["disclosure"]


@pytest.mark.parametrize(
    ("text", "marker"),
    [
        ("I'm not upset", "disclosure"),
        ("I’m not upset, just tired", "disclosure"),
        ("not bad at all", "criticism"),
        ("not bad at all", "contempt"),
        ("I don't blame you", "criticism"),
        ("I'm not sorry", "empathy.emotional_reaction"),
        ("I don't love you anymore", "affection"),
        ("no thanks", "appreciation"),
    ],
)
def test_it_drops_a_cue_that_a_negation_covers(text: str, marker: str) -> None:
    assert scores(text)[marker] < PRESENT


def test_negation_reaches_only_a_few_words() -> None:
    # "not" is far from "scared": the window is three words between them.
    assert scores("not now, later maybe, but honestly I'm so scared")["disclosure"] >= PRESENT


def test_a_cue_that_starts_with_its_own_negation_still_counts() -> None:
    assert scores("I'm not ok")["disclosure"] >= PRESENT
    assert scores("it's not my fault")["defensiveness"] >= PRESENT


@pytest.mark.parametrize(
    "text", ["you did a great job", "well done, I'm proud of you", "you're amazing"]
)
def test_praise_without_sarcasm_is_appreciation_and_not_contempt(text: str) -> None:
    s = scores(text)
    assert s["appreciation"] >= PRESENT
    assert s["contempt"] < PRESENT
    assert s["criticism"] < PRESENT


def test_matching_ignores_case_and_punctuation() -> None:
    assert scores("THANK YOU!!!")["appreciation"] == pytest.approx(
        scores("thank you")["appreciation"]
    )
    assert scores("I’m scared")["disclosure"] == pytest.approx(scores("im scared")["disclosure"])


def test_whole_words_only_for_phrases() -> None:
    assert scores("the glove is lost")["affection"] < PRESENT
    assert scores("lollipop")["laughter"] < PRESENT


class TestEmpathyInContext:
    def test_an_emotional_reaction_to_a_disclosure_is_strong(self) -> None:
        s = scores("I'm so sorry, that sounds awful", context="I lost my job today")
        assert s["empathy.emotional_reaction"] >= 0.8

    def test_an_interpretation_conveys_understanding(self) -> None:
        s = scores("that must have felt so lonely", context="nobody came to my birthday")
        assert s["empathy.interpretation"] >= PRESENT

    def test_sounds_like_you_felt_is_an_interpretation(self) -> None:
        s = scores("sounds like you felt left out", context="I feel ignored at work")
        assert s["empathy.interpretation"] >= PRESENT

    def test_an_exploration_asks_to_learn_more(self) -> None:
        s = scores("how are you feeling about it?", context="I've been struggling lately")
        assert s["empathy.exploration"] >= PRESENT

    def test_a_plain_question_after_a_disclosure_counts_as_exploring(self) -> None:
        s = scores("did he say why?", context="I'm so hurt, he cancelled again")
        assert s["empathy.exploration"] >= PRESENT
        neutral = scores("did he say why?", context="he moved the meeting")
        assert neutral["empathy.exploration"] < PRESENT

    @pytest.mark.parametrize(
        "reply",
        ["oh no, what happened?", "I'm so sorry", "I can imagine how hard that is"],
    )
    def test_empathy_is_higher_after_a_disclosure_than_after_small_talk(self, reply: str) -> None:
        after_disclosure = scores(reply, context="I feel so scared and alone")
        after_small_talk = scores(reply, context="I went to the shop")
        for marker in (
            "empathy.emotional_reaction",
            "empathy.interpretation",
            "empathy.exploration",
        ):
            assert after_disclosure[marker] >= after_small_talk[marker]
        assert max(after_disclosure[m] for m in MARKERS if m.startswith("empathy")) > max(
            after_small_talk[m] for m in MARKERS if m.startswith("empathy")
        )

    def test_without_empathy_cues_context_adds_nothing(self) -> None:
        s = scores("ok see you later", context="I feel awful")
        assert all(s[m] < PRESENT for m in MARKERS if m.startswith("empathy"))


def test_it_scores_many_texts_column_wise_with_one_row_each() -> None:
    texts = pl.Series(["haha", None, "", "I'm scared", "look at this"], dtype=pl.String)
    frame = score_texts(texts)
    assert frame.height == 5
    assert frame.columns == list(MARKERS)
    assert frame["laughter"][0] >= PRESENT
    assert all(frame.row(1)[i] == 0.0 for i in range(len(MARKERS)))
    assert frame["disclosure"][3] >= PRESENT


def test_it_refuses_contexts_of_another_length() -> None:
    with pytest.raises(ValueError, match="same length"):
        score_texts(pl.Series(["a", "b"]), pl.Series(["c"]))


@settings(max_examples=60, deadline=None)
@given(st.lists(st.text(max_size=80), min_size=1, max_size=20))
def test_every_score_is_between_zero_and_one(texts: list[str]) -> None:
    frame = score_texts(pl.Series(texts, dtype=pl.String))
    assert frame.height == len(texts)
    values = frame.to_numpy()
    assert ((values >= 0) & (values <= 1)).all()


@settings(max_examples=30, deadline=None)
@given(
    st.lists(
        st.sampled_from([t for _, t in PRESENT_CASES] + ["not", "ok", ""]), min_size=2, max_size=12
    )
)
def test_a_message_scores_the_same_alone_or_in_a_batch(texts: list[str]) -> None:
    batch = score_texts(pl.Series(texts, dtype=pl.String))
    alone = score_texts(pl.Series(texts[-1:], dtype=pl.String))
    assert batch.row(len(texts) - 1) == pytest.approx(alone.row(0))


def test_a_counter_cue_cancels_the_cue_it_contains() -> None:
    s = scores("guess what happened at work today")
    assert s["bid"] >= PRESENT
    assert s["empathy.exploration"] < PRESENT
    assert scores("oh no, what happened?", context="I feel awful")["empathy.exploration"] >= PRESENT


@pytest.mark.parametrize(
    "text", ["I am so scared", "I am not ok", "I’m struggling", "im so anxious"]
)
def test_spelling_variants_of_i_am_disclose_alike(text: str) -> None:
    assert scores(text)["disclosure"] >= PRESENT


@settings(max_examples=200, deadline=None)
@given(
    st.lists(
        st.one_of(
            st.none(),
            st.text(alphabet=st.characters(codec="utf-8"), max_size=40),
            st.text(alphabet="ab ?!^`'’😂❤️\u200d\ufe0f¨´.,", max_size=20),
        ),
        max_size=30,
    )
)
def test_the_series_normalisation_equals_the_expression(texts: list[str | None]) -> None:
    series = pl.Series("text", texts, dtype=pl.String)
    expected = series.to_frame().select(normalize(pl.col("text"))).to_series()
    assert normalize_texts(series).to_list() == expected.to_list()


@settings(max_examples=100, deadline=None)
@given(
    st.lists(
        st.one_of(st.none(), st.sampled_from(["ok", "haha", "", "love you", "ok "])), max_size=60
    )
)
def test_distinct_texts_gives_each_row_its_text(texts: list[str | None]) -> None:
    distinct, text_of = distinct_texts(pl.Series(texts, dtype=pl.String))
    assert distinct.n_unique() == distinct.len()
    assert distinct.gather(text_of).to_list() == [t or "" for t in texts]
