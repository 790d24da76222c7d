"""The compiled kernels give the reference path's results, bit for bit, on the texts they take.

The reference (polars and numpy) is the definition; the kernels only make it fast. Each test
scores texts both ways and compares exactly, so any difference in normalisation, tokenising,
matching, negation or the order of the float additions fails here.
"""

from __future__ import annotations

import numpy as np
import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from closeknit.conversation import kernels
from closeknit.conversation.emotions import EMOTION_LABELS, EmotionClassifier
from closeknit.conversation.markers import load_lexicon, scoring

# Texts chosen for the corners of the rules: punctuation runs next to single and double
# spaces, the two ASCII symbols, underscores and control characters, apostrophes inside,
# at the ends of and between words, negation right before, inside and far from a cue,
# openers, and a message of thousands of tokens (the reference's tail path).
TRICKY = [
    "",
    " ",
    "   ",
    "a  ,b",
    "a , b",
    "a ,  b",
    " ,a",
    "a, ",
    "I feel so sad",
    "i'm not sad, I feel so sad",
    "I'm not ok",
    "im not ok",
    "not not not i feel so sad",
    "it's not my fault",
    "It's NOT my fault!!!",
    "what happened??",
    "What happened?",
    "  what happened",
    "thank you ^^ so much`",
    "^_^ love you",
    "snake_case and __dunder__",
    "tabs\tand\nnewlines\x0bvt\x0cff\rcr",
    "\x02 what",
    "control\x01char\x7fdel",
    "don't dont' 'dont a''b o'clock",
    "rock'n'roll isn't it",
    "haha hahahaha HAHA",
    "I don't blame you at all, I really don't",
    "never have I ever felt so loved",
    "you never listen, you always do this",
    "whatever. fine.",
    "ok",
    "12 34 5.6 7,8",
    "?!?!",
    "I love you " * 800,
    "i miss you so much, can't wait to see you :) " * 120,
]

WORDS = [
    "i",
    "I",
    "feel",
    "so",
    "sad",
    "not",
    "don't",
    "dont",
    "never",
    "really",
    "love",
    "you",
    "thank",
    "sorry",
    "what",
    "happened",
    "haha",
    "miss",
    "always",
    "fault",
    "it's",
    "my",
    "ok",
    "Proud",
    "of",
    "x",
    "_",
    "42",
]
SEPARATORS = [" ", "  ", ", ", ",", ". ", "!", "?", " ? ", "'", "''", "^", "`", "\t", "\n", "-", ""]

ascii_texts = st.lists(
    st.one_of(st.sampled_from(WORDS), st.sampled_from(SEPARATORS)), max_size=40
).map("".join) | st.text(st.characters(max_codepoint=127), max_size=60)


@pytest.fixture(scope="module")
def classifier() -> EmotionClassifier:
    return EmotionClassifier.load()


def kernel_cue_sums(texts: list[str | None]) -> tuple[np.ndarray, np.ndarray]:
    search = scoring._cue_search()
    assert search is not None
    sums = np.zeros((len(load_lexicon().names), len(texts)))
    done = np.zeros(len(texts), dtype=np.uint8)
    search.cue_sums(texts, sums, done)
    return sums / 100.0, done.astype(bool)  # the kernel sums in hundredths


def kernel_logits(
    classifier: EmotionClassifier, texts: list[str | None]
) -> tuple[np.ndarray, np.ndarray]:
    kernel = classifier._ascii_kernel
    assert kernel is not None
    out = np.zeros((len(texts), len(EMOTION_LABELS)), dtype=np.float32)
    done = np.zeros(len(texts), dtype=np.uint8)
    kernel.logits(texts, out, done)
    return out, done.astype(bool)


def test_the_installed_package_has_its_kernels() -> None:
    # `make` installs the package, which compiles them; without them everything still works,
    # slowly, and this says so.
    assert kernels.AVAILABLE


def test_cue_sums_match_the_reference_on_tricky_texts() -> None:
    sums, done = kernel_cue_sums(list(TRICKY))
    assert done.all()
    reference = scoring._reference_cue_sums(pl.Series(TRICKY, dtype=pl.String))
    np.testing.assert_array_equal(sums, reference)
    # Not vacuous: the cues and the negation rule were exercised.
    names = load_lexicon().names
    assert sums[names.index("disclosure"), TRICKY.index("I feel so sad")] > 0
    assert sums[names.index("disclosure"), TRICKY.index("i'm not sad, I feel so sad")] > 0


@settings(max_examples=300, deadline=None)
@given(st.lists(ascii_texts, min_size=1, max_size=8))
def test_cue_sums_match_the_reference_on_any_ascii(texts: list[str]) -> None:
    sums, done = kernel_cue_sums(list(texts))
    assert done.all()
    reference = scoring._reference_cue_sums(pl.Series(texts, dtype=pl.String))
    np.testing.assert_array_equal(sums, reference)


def test_logits_match_the_reference_on_tricky_texts(classifier: EmotionClassifier) -> None:
    out, done = kernel_logits(classifier, list(TRICKY))
    assert done.all()
    reference = classifier._reference_logits(pl.Series(TRICKY, dtype=pl.String))
    np.testing.assert_array_equal(out, reference)


def test_logits_of_a_text_do_not_depend_on_its_batch(classifier: EmotionClassifier) -> None:
    # The reference sums the longest messages of a batch separately (its tail path); the
    # order of the additions is the same either way, so a text has one result.
    alone = classifier._reference_logits(pl.Series([TRICKY[-1]]))
    among = classifier._reference_logits(pl.Series(["ok"] * 40 + [TRICKY[-1]]))
    np.testing.assert_array_equal(alone[0], among[-1])


@settings(max_examples=300, deadline=None)
@given(st.lists(ascii_texts, min_size=1, max_size=8))
def test_logits_match_the_reference_on_any_ascii(
    classifier: EmotionClassifier, texts: list[str]
) -> None:
    out, done = kernel_logits(classifier, list(texts))
    assert done.all()
    reference = classifier._reference_logits(pl.Series(texts, dtype=pl.String))
    np.testing.assert_array_equal(out, reference)


def test_texts_the_kernels_do_not_take_go_to_the_reference(
    classifier: EmotionClassifier,
) -> None:
    texts = ["I feel so sad", "I feel so sad 😢", None, "je suis très triste", "thank you"]
    _, cue_done = kernel_cue_sums(list(texts))
    _, logit_done = kernel_logits(classifier, list(texts))
    # Missing texts count as empty ones; the rest depends on the characters.
    assert cue_done[[0, 2, 4]].all()
    assert logit_done[[0, 2, 4]].all()
    series = pl.Series(texts, dtype=pl.String)
    filled = series.fill_null("")
    np.testing.assert_array_equal(
        scoring._distinct_cue_sums(filled), scoring._reference_cue_sums(filled)
    )
    np.testing.assert_array_equal(
        classifier._batched_logits(series), classifier._reference_logits(series)
    )


def test_the_kernels_check_their_arguments(classifier: EmotionClassifier) -> None:
    search = scoring._cue_search()
    kernel = classifier._ascii_kernel
    assert search is not None
    assert kernel is not None
    done = np.zeros(2, dtype=np.uint8)
    with pytest.raises(ValueError, match="shape"):
        search.cue_sums(["a", "b"], np.zeros((3, 2)), done)
    with pytest.raises(ValueError, match="shape"):
        kernel.logits(["a", "b"], np.zeros((2, 5), dtype=np.float32), done)
    with pytest.raises(ValueError, match="slots"):
        kernel.logits(["a"], np.zeros((1, 28), dtype=np.float32), done)
