"""The compiled kernels give the reference path's results, bit for bit, on the texts they take.

The reference (polars and numpy) is the definition; the kernels only make it fast. Each test
scores texts both ways and compares exactly, so any difference in lower-casing, character
classes, normalisation, tokenising, matching, negation or the order of the float additions
fails here.
"""

from __future__ import annotations

import dataclasses

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
    # Beyond ASCII: emoji with variation selectors and joiners, typographic apostrophes and
    # quotes, accents in all three string widths, other scripts and spaces, and capitals.
    "I feel so sad 😢",
    "love you ❤️❤️ so much",
    "👨‍👩‍👧 family time!!😂😂",
    "I don’t blame you, it’s fine",
    "“I’m not ok” — she said…",
    "ÇA VA? très bien, merci",
    "Ich fühle mich so allein",
    "non breaking spaces　here",
    "Ω ΩMEGA ǅemal ß ẞ",
    "日本語のテキスト、です。",
    "مرحبا كيف حالك",
    "I FEEL SO SAD 😭 AND ALONE",
    "^^ ¨ ´ ˆ ° ± × ÷ € ™ ©",
    "á ë combining marks",
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

SEPARATORS += ["’", "’’", "😂", "❤️", "\u200d", "\ufe0f", "…", "\u00a0", "é", "É", "—", "“"]

texts = (
    st.lists(st.one_of(st.sampled_from(WORDS), st.sampled_from(SEPARATORS)), max_size=40).map(
        "".join
    )
    | st.text(st.characters(max_codepoint=127), max_size=60)
    | st.text(max_size=40)
)


@pytest.fixture(scope="module")
def classifier() -> EmotionClassifier:
    return EmotionClassifier.load()


def kernel_cue_sums(texts: list[str | None]) -> tuple[np.ndarray, np.ndarray]:
    """The kernel's sums and which texts it took (the others' columns stay 0)."""
    search = scoring._cue_search()
    assert search is not None
    sums = np.zeros((len(load_lexicon().names), len(texts)))
    done = np.zeros(len(texts), dtype=np.uint8)
    search.cue_sums(pl.Series(texts, dtype=pl.String), sums, done)
    return sums / 100.0, done.astype(bool)  # the kernel sums in hundredths


def kernel_logits(
    classifier: EmotionClassifier, texts: list[str | None]
) -> tuple[np.ndarray, np.ndarray]:
    kernel = classifier._kernel
    assert kernel is not None
    out = np.zeros((len(texts), len(EMOTION_LABELS)), dtype=np.float32)
    done = np.zeros(len(texts), dtype=np.uint8)
    kernel.logits(pl.Series(texts, dtype=pl.String), out, done)
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
    # Not vacuous: emoji and typographic apostrophes are cues too.
    names = load_lexicon().names
    assert sums[names.index("affection"), TRICKY.index("love you ❤️❤️ so much")] > 0
    assert sums[names.index("disclosure"), TRICKY.index("I FEEL SO SAD 😭 AND ALONE")] > 0
    # Not vacuous: the cues and the negation rule were exercised.
    names = load_lexicon().names
    assert sums[names.index("disclosure"), TRICKY.index("I feel so sad")] > 0
    assert sums[names.index("disclosure"), TRICKY.index("i'm not sad, I feel so sad")] > 0


@settings(max_examples=400, deadline=None)
@given(st.lists(texts, min_size=1, max_size=8))
def test_cue_sums_match_the_reference_on_any_text(batch: list[str]) -> None:
    sums, done = kernel_cue_sums(list(batch))
    reference = scoring._reference_cue_sums(pl.Series(batch, dtype=pl.String))
    np.testing.assert_array_equal(sums[:, done], reference[:, done])
    assert done.all() or any(not t.isascii() for t in batch)


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


@settings(max_examples=400, deadline=None)
@given(st.lists(texts, min_size=1, max_size=8))
def test_logits_match_the_reference_on_any_text(
    classifier: EmotionClassifier, batch: list[str]
) -> None:
    out, done = kernel_logits(classifier, list(batch))
    reference = classifier._reference_logits(pl.Series(batch, dtype=pl.String))
    np.testing.assert_array_equal(out[done], reference[done])
    assert done.all() or any(not t.isascii() for t in batch)


def test_texts_the_kernels_do_not_take_go_to_the_reference(
    classifier: EmotionClassifier,
) -> None:
    # A capital sigma lower-cases by its neighbours, a dotted capital I to two characters:
    # the kernels leave those texts to the reference, and the results still agree.
    batch = ["I feel so sad", "ΟΔΟΣ", None, "İstanbul is lovely", "thank you 😊"]
    _, cue_done = kernel_cue_sums(list(batch))
    _, logit_done = kernel_logits(classifier, list(batch))
    assert cue_done.tolist() == [True, False, True, False, True]
    assert logit_done.tolist() == [True, False, True, False, True]
    series = pl.Series(batch, dtype=pl.String)
    filled = series.fill_null("")
    np.testing.assert_array_equal(
        scoring._distinct_cue_sums(filled), scoring._reference_cue_sums(filled)
    )
    np.testing.assert_array_equal(
        classifier._batched_logits(series), classifier._reference_logits(series)
    )


def test_the_character_table_asks_the_reference() -> None:
    described = dict(
        zip(
            [65, 0x2019, 0x1F602, 0xFE0F, 0xA0, 0x3A3, 0x130, 0xD800],
            kernels.classify([65, 0x2019, 0x1F602, 0xFE0F, 0xA0, 0x3A3, 0x130, 0xD800]),
            strict=True,
        )
    )
    compiled = kernels.compiled
    assert compiled is not None
    assert described[65] == (97, compiled.FLAG_WORD | compiled.FLAG_KEPT)
    assert described[0x2019] == (0x2019, compiled.FLAG_KEPT | compiled.FLAG_APOSTROPHE)
    assert described[0x1F602] == (0x1F602, compiled.FLAG_SYMBOL | compiled.FLAG_KEPT)
    # The variation selector is a mark: a word character to \w, kept and a symbol here.
    assert described[0xFE0F][1] & compiled.FLAG_WORD
    assert described[0xA0] == (0xA0, compiled.FLAG_SPACE)
    assert described[0x3A3][0] == -1
    assert described[0x130][0] == -1
    assert described[0xD800][0] == -1


def test_the_kernels_check_their_arguments(classifier: EmotionClassifier) -> None:
    search = scoring._cue_search()
    kernel = classifier._kernel
    assert search is not None
    assert kernel is not None
    done = np.zeros(2, dtype=np.uint8)
    two = pl.Series(["a", "b"])
    with pytest.raises(ValueError, match="shape"):
        search.cue_sums(two, np.zeros((3, 2)), done)
    with pytest.raises(ValueError, match="shape"):
        kernel.logits(two, np.zeros((2, 5), dtype=np.float32), done)
    with pytest.raises(ValueError, match="slots"):
        kernel.logits(pl.Series(["a"]), np.zeros((1, 28), dtype=np.float32), done)
    with pytest.raises(TypeError, match="String Series"):
        kernel.logits(pl.Series([1, 2]), np.zeros((2, 28), dtype=np.float32), done)


def test_the_kernels_read_any_layout_of_the_series(classifier: EmotionClassifier) -> None:
    # Several chunks, a slice that starts inside one, missing texts, and texts long enough
    # to live outside Arrow's 12-byte inline views.
    first = pl.Series(["I feel so sad", None, "love you so much ❤️", "ok"] * 5)
    second = pl.Series(["thank you for listening to me, really", "", "haha 😂"] * 7)
    series = pl.concat([first, second], rechunk=False).slice(3, 30)
    assert series.n_chunks() == 2
    filled = series.fill_null("")
    sums, done = kernel_cue_sums(series.to_list())
    assert done.all()
    search = scoring._cue_search()
    assert search is not None
    direct = np.zeros_like(sums)
    search.cue_sums(series, direct, np.zeros(series.len(), dtype=np.uint8))
    np.testing.assert_array_equal(direct / 100.0, scoring._reference_cue_sums(filled))
    logits = np.zeros((series.len(), len(EMOTION_LABELS)), dtype=np.float32)
    assert classifier._kernel is not None
    classifier._kernel.logits(series, logits, np.zeros(series.len(), dtype=np.uint8))
    np.testing.assert_array_equal(logits, classifier._reference_logits(series))


@settings(max_examples=200, deadline=None)
@given(st.lists(st.one_of(texts, st.none()), min_size=1, max_size=8))
def test_counts_match_polars(batch: list[str | None]) -> None:
    series = pl.Series(batch, dtype=pl.String)
    frame = scoring.cue_sums_and_counts(series)
    assert frame["_question_marks"].to_list() == (
        series.str.count_matches("?", literal=True).fill_null(0).to_list()
    )
    assert frame["_spaces"].to_list() == (
        series.str.count_matches(" ", literal=True).fill_null(0).to_list()
    )


def without_kernels(monkeypatch: pytest.MonkeyPatch) -> None:
    """Make every text take the reference path, as in a source tree never built."""
    classifier = EmotionClassifier.load()
    plain = EmotionClassifier(
        vocabulary=classifier.vocabulary,
        weights=classifier.weights,
        idf_squared=classifier.idf_squared,
        intercept=classifier.intercept,
        thresholds_=classifier.thresholds_,
        metadata=classifier.metadata,
    )
    object.__setattr__(plain, "_kernel", None)
    import types

    from closeknit.conversation import insights

    monkeypatch.setattr(scoring, "_cue_search", lambda: None)
    monkeypatch.setattr(insights, "kernels", types.SimpleNamespace(compiled=None))
    monkeypatch.setattr(EmotionClassifier, "load", classmethod(lambda cls: plain))


def test_a_whole_analysis_is_the_same_with_and_without_the_kernels(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from pathlib import Path

    from closeknit.conversation.importers import load_conversation
    from closeknit.conversation.insights import analyze_conversation

    fixtures = Path(__file__).parent / "importers" / "fixtures"
    for name in (
        "whatsapp_android_24h.txt",
        "telegram_personal.json",
        "whatsapp_german.txt",
        "discord_dm.json",
    ):
        conv = load_conversation(fixtures / name)
        fast = dataclasses.asdict(analyze_conversation(conv, evidence=True))
        with monkeypatch.context() as patch:
            without_kernels(patch)
            assert scoring._cue_search() is None
            assert EmotionClassifier.load()._kernel is None
            reference = dataclasses.asdict(analyze_conversation(conv, evidence=True))
        assert fast == reference, name


def test_a_needle_that_is_a_negation_and_a_cue_counts_as_both(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # "never" negates the next cues, and here it is also a cue of criticism of its own.
    import tomllib
    from importlib import resources

    from closeknit.conversation.markers.lexicon import parse_lexicon

    data = tomllib.loads(
        resources.files("closeknit.conversation.markers").joinpath("lexicon.toml").read_text()
    )
    data["markers"]["criticism"]["cues"].append({"weight": 1.0, "phrases": ["never"]})
    lexicon = parse_lexicon(data)
    monkeypatch.setattr(scoring, "load_lexicon", lambda: lexicon)
    scoring._cue_search.cache_clear()
    try:
        batch = ["you never listen", "never", "i never said that", "never ever sad"]
        sums, done = kernel_cue_sums(list(batch))
        assert done.all()
        reference = scoring._reference_cue_sums(pl.Series(batch))
        np.testing.assert_array_equal(sums, reference)
        criticism = lexicon.names.index("criticism")
        assert (reference[criticism] >= 1.0).all()
    finally:
        scoring._cue_search.cache_clear()


def test_a_long_message_left_to_the_reference_is_scored_in_linear_time() -> None:
    # A capital sigma sends the text to the reference, whose negation check once copied the
    # text for every cue; the same text with a small sigma goes through the kernel.
    body = "i'm not sad, i don't feel alone, i feel so sad and never happy " * 800
    sums, done = kernel_cue_sums([body + "σ"])
    assert done.all()
    reference = scoring._reference_cue_sums(pl.Series([body + "Σ"]))
    np.testing.assert_array_equal(sums, reference)


def test_the_kernels_cannot_be_set_up_twice_or_half(classifier: EmotionClassifier) -> None:
    compiled = kernels.compiled
    assert compiled is not None
    with pytest.raises(ValueError, match="every code point"):
        compiled.CharTable(lambda code_points: [])
    search = scoring._cue_search()
    assert search is not None
    with pytest.raises(RuntimeError, match="set up once"):
        search.__init__([" a "], [[(0, 100.0, False)]], 1, 3, kernels.classify)  # type: ignore[misc]
    assert not hasattr(search, "_build_automaton")
    broken = compiled.CueSearch.__new__(compiled.CueSearch)
    with pytest.raises(RuntimeError, match="not set up"):
        broken.cue_sums(pl.Series(["a"]), np.zeros((0, 1)), np.zeros(1, dtype=np.uint8))


def test_a_failing_classification_is_reported_and_the_kernel_still_works() -> None:
    compiled = kernels.compiled
    assert compiled is not None
    calls = []

    def classify(code_points: list[int]) -> list[tuple[int, int]]:
        calls.append(code_points)
        if len(calls) == 2:
            raise LookupError("no answer")
        return kernels.classify(code_points)

    search = compiled.CueSearch([" sad "], [[(0, 100.0, False)]], 1, 3, classify)
    texts = pl.Series(["so sad 😢"])
    with pytest.raises(LookupError):
        search.cue_sums(texts, np.zeros((1, 1)), np.zeros(1, dtype=np.uint8))
    out = np.zeros((1, 1))
    search.cue_sums(texts, out, np.zeros(1, dtype=np.uint8))
    assert out[0, 0] == 100.0


def test_two_threads_setting_up_one_kernel_cannot_both_build_it() -> None:
    # classify runs Python code, so a second thread may come in while the first sets up.
    import threading
    import time

    compiled = kernels.compiled
    assert compiled is not None

    def slow_classify(code_points: list[int]) -> list[tuple[int, int]]:
        time.sleep(0.05)
        return kernels.classify(code_points)

    search = compiled.CueSearch.__new__(compiled.CueSearch)
    outcomes: list[str] = []

    def set_up() -> None:
        try:
            search.__init__([" sad "], [[(0, 100.0, False)]], 1, 3, slow_classify)  # type: ignore[misc]
            outcomes.append("built")
        except RuntimeError as error:
            outcomes.append(str(error))

    threads = [threading.Thread(target=set_up) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["a CueSearch is set up once", "built"]
    out = np.zeros((1, 1))
    search.cue_sums(pl.Series(["so sad"]), out, np.zeros(1, dtype=np.uint8))
    assert out[0, 0] == 100.0
