"""Emotion probabilities for chat messages: 27 GoEmotions emotions plus ``neutral``.

The classifier is linear (one logistic regression per label over word unigrams and bigrams)
and its learned weights ship inside the package (``data/emotions.npz`` plus
``data/emotions.json`` with the labels, the thresholds' provenance and the measured figures).
Nothing is read from the network or from the training data at run time, and scikit-learn is
never imported. Scoring runs in a compiled kernel
(:class:`closeknit.conversation._kernels.EmotionLogits`, about a million distinct texts a
second on one core) that gives, bit for bit, the logits of the column-wise numpy/polars code
below, which stays the reference and scores whatever the kernel leaves.

Training lives in :mod:`closeknit.conversation.emotions_training` (dev-only, needs
scikit-learn) and is run by ``scripts/train_emotions.py``.

Features (shared, bit for bit, by training and inference through :func:`extract_features`):

* text is lower-cased and tokens are runs of word characters (with inner apostrophes, straight
  or typographic, which count as the same: ``don't``) or single other non-space characters
  (``!``, ``?``, each emoji code point);
* every token in the unigram vocabulary is a feature; every pair of adjacent tokens whose two
  members are both in the vocabulary and whose pair is in the bigram vocabulary is a feature;
* a message's vector is ``sum(idf[f] for each occurrence f) / sqrt(sum(idf[f]**2 ...))``,
  i.e. tf-idf normalised over occurrences (for messages without repeats this is exactly the
  usual L2-normalised tf-idf).

Reference: Demszky et al. (2020), *GoEmotions: A Dataset of Fine-Grained Emotions*, ACL.
"""

from __future__ import annotations

import json
import os
import threading
from collections.abc import Iterable, Mapping
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from functools import cache, cached_property
from importlib import resources
from typing import TYPE_CHECKING, Any

import numpy as np
import numpy.typing as npt
import polars as pl

from closeknit.conversation import kernels
from closeknit.errors import ContentError

if TYPE_CHECKING:
    from closeknit.conversation._kernels import EmotionLogits

EMOTION_LABELS: tuple[str, ...] = (
    "admiration",
    "amusement",
    "anger",
    "annoyance",
    "approval",
    "caring",
    "confusion",
    "curiosity",
    "desire",
    "disappointment",
    "disapproval",
    "disgust",
    "embarrassment",
    "excitement",
    "fear",
    "gratitude",
    "grief",
    "joy",
    "love",
    "nervousness",
    "optimism",
    "pride",
    "realization",
    "relief",
    "remorse",
    "sadness",
    "surprise",
    "neutral",
)
"""The 28 GoEmotions labels in the dataset's index order (column order of every output)."""

TOKEN_APOSTROPHES = r"['\u2019]"  # noqa: S105 - a regex, not a secret
"""The apostrophes a word token may hold inside (straight or typographic)."""
TOKEN_PATTERN = rf"\w+(?:{TOKEN_APOSTROPHES}\w+)*|[^\w\s]"
"""Runs of word characters (inner apostrophes kept) or one other non-space character."""

WEIGHTS_FILE = "emotions.npz"
METADATA_FILE = "emotions.json"
FORMAT_VERSION = 1

# Messages per work unit: small enough that a unit's score matrix stays in the CPU cache,
# large enough that the per-unit polars/numpy call overhead is negligible.
_CHUNK = 65_536
# Batches this large are scored once per distinct text when a sample of _DEDUPLICATE_SAMPLE
# messages is less than _DEDUPLICATE_BELOW distinct (hashing costs far less than scoring).
_DEDUPLICATE_FROM = 50_000
# When this few messages still have tokens left, their tails are summed in one step.
_TAIL_MESSAGES = 32
_DEDUPLICATE_SAMPLE = 10_000
_DEDUPLICATE_BELOW = 0.8

Int64Array = npt.NDArray[np.int64]
Float32Array = npt.NDArray[np.float32]
TextsLike = pl.Series | Iterable[str | None]


@dataclass(frozen=True)
class TokenFeatures:
    """Feature ids of a batch of messages, one slot per token, in message order.

    ``lengths[i]`` is the number of tokens of message ``i``; ``unigram[j]`` is the feature id
    of token ``j`` and ``bigram[j]`` the id of the pair starting at token ``j``; either is
    ``null_id`` (a feature with zero weight) when it is not in the vocabulary.
    """

    lengths: Int64Array
    unigram: Int64Array
    bigram: Int64Array
    null_id: int


@dataclass(frozen=True)
class Vocabulary:
    """Unigram strings (feature id = position) and sorted bigram keys.

    A bigram of unigram ids ``(a, b)`` has key ``a * (n_unigrams + 1) + b`` and feature id
    ``n_unigrams + position of the key in bigram_keys``; the null feature is the last id.
    """

    unigrams: pl.Series
    bigram_keys: Int64Array

    def spellings(self) -> dict[str, int]:
        """Every spelling the vocabulary reads, with its unigram id: each token, then each
        token holding an apostrophe spelled with the typographic one ("don’t" is "don't"),
        which is cheaper than rewriting every message. The polars path and the compiled
        kernel both look tokens up through this one mapping."""
        ids = {token: i for i, token in enumerate(self.unigrams.to_list())}
        for token, i in list(ids.items()):
            if "'" in token:
                ids[token.replace("'", "\u2019")] = i
        return ids

    # The lookups below serve the polars reference path only (the compiled kernel has its
    # own), so they are built on first use.
    @cached_property
    def _categories(self) -> pl.Enum:
        """Every spelling as one Enum: casting tokens to it is polars' fastest string -> code
        map."""
        return pl.Enum(list(self.spellings()))

    @cached_property
    def _category_ids(self) -> Int64Array:
        """Unigram id of each Enum code; the last slot (an unknown token) is n_unigrams."""
        return np.array([*self.spellings().values(), len(self.unigrams)], dtype=np.int64)

    @cached_property
    def _bigram_table(self) -> pl.DataFrame:
        first = len(self.unigrams)
        return pl.DataFrame(
            {
                "key": self.bigram_keys.astype(np.int64),
                "id": np.arange(first, first + len(self.bigram_keys), dtype=np.int64),
            }
        )

    @property
    def n_unigrams(self) -> int:
        return len(self.unigrams)

    @property
    def n_features(self) -> int:
        """Number of real features (the null feature has id ``n_features``)."""
        return len(self.unigrams) + len(self.bigram_keys)

    def unigram_ids(self, tokens: pl.Series) -> Int64Array:
        """Ids of ``tokens``; out-of-vocabulary tokens get ``n_unigrams``."""
        unknown = len(self._category_ids) - 1
        codes = tokens.cast(self._categories, strict=False).to_physical().fill_null(unknown)
        # Fancy indexing returns a fresh, writable array (callers write into the ids).
        ids: Int64Array = self._category_ids[codes.to_numpy()]
        return ids

    def bigram_ids(self, unigram: Int64Array, lengths: Int64Array) -> Int64Array:
        """Feature id of the pair starting at each token (``n_features`` if none)."""
        null_id = self.n_features
        if len(unigram) < 2 or len(self.bigram_keys) == 0:
            return np.full(len(unigram), null_id, dtype=np.int64)
        keys = np.empty(len(unigram), dtype=np.int64)
        keys[:-1] = unigram[:-1] * (self.n_unigrams + 1) + unigram[1:]
        # A message's last token starts no pair: the next token belongs to another message.
        keys[np.cumsum(lengths)[lengths > 0] - 1] = -1
        # A hash join: numpy's searchsorted is several times slower on unsorted keys.
        found = pl.DataFrame({"key": keys}).join(
            self._bigram_table, on="key", how="left", maintain_order="left"
        )["id"]
        return found.fill_null(null_id).to_numpy().astype(np.int64, copy=False)


def as_text_series(texts: TextsLike) -> pl.Series:
    """``texts`` as a polars String Series (``None`` stays null and scores as empty)."""
    if isinstance(texts, pl.Series):
        if texts.dtype != pl.String:
            raise TypeError(f"texts must be a Series of str, got dtype {texts.dtype}")
        return texts
    if isinstance(texts, str):
        raise TypeError("texts must be a sequence of messages, not a single str: wrap it in [ ]")
    return pl.Series("text", list(texts), dtype=pl.String)


def tokenise(texts: pl.Series) -> tuple[Int64Array, pl.Series]:
    """Token counts per message and all tokens flattened in message order."""
    tokens = texts.str.to_lowercase().str.extract_all(TOKEN_PATTERN)
    lengths = tokens.list.len().fill_null(0).to_numpy().astype(np.int64)
    flat = tokens.explode().drop_nulls()
    return lengths, flat


def extract_features(texts: TextsLike, vocabulary: Vocabulary) -> TokenFeatures:
    """Map messages to per-token unigram and bigram feature ids (see the module docstring)."""
    lengths, flat = tokenise(as_text_series(texts))
    unigram = vocabulary.unigram_ids(flat)
    bigram = vocabulary.bigram_ids(unigram, lengths)
    null_id = vocabulary.n_features
    unigram[unigram == vocabulary.n_unigrams] = null_id
    return TokenFeatures(lengths=lengths, unigram=unigram, bigram=bigram, null_id=null_id)


def sum_token_rows(
    features: TokenFeatures, table: Float32Array, weight: Float32Array
) -> tuple[Float32Array, npt.NDArray[np.float64]]:
    """Per message: the sum of ``table`` rows and of ``weight`` over its features.

    Rows are visited by token position (all first tokens, then all second tokens, ...) over
    messages sorted by length, so each step is one vectorised gather-and-add over a prefix:
    the Python loop runs once per position, never once per message.

    Every message's sum is built in one order, whatever batch it is in: token by token, its
    unigram row plus its pair's row, added to the sum so far (float32). The compiled kernel
    adds in that order too, so both give the same bits.
    """
    lengths = features.lengths
    n = len(lengths)
    order = np.argsort(-lengths, kind="stable")
    sorted_lengths = lengths[order]
    starts = (np.cumsum(lengths) - lengths)[order]
    # longer[k] = how many messages have more than k tokens (a prefix of the sorted order).
    longer = n - np.cumsum(np.bincount(sorted_lengths))
    sums = np.zeros((n, table.shape[1]), dtype=np.float32)
    max_len = int(sorted_lengths[0]) if n else 0
    for k in range(max_len):
        m = int(longer[k])
        if m <= _TAIL_MESSAGES:
            _add_tails(sums, features, table, starts[:m] + k, sorted_lengths[:m] - k)
            break
        at = starts[:m] + k
        sums[:m] += np.take(table, features.unigram[at], axis=0) + np.take(
            table, features.bigram[at], axis=0
        )
    weight_sums = np.asarray(
        np.bincount(
            np.repeat(np.arange(n), lengths),
            weights=weight[features.unigram] + weight[features.bigram],
            minlength=n,
        ),
        dtype=np.float64,
    )
    unsorted = np.empty_like(sums)
    unsorted[order] = sums
    return unsorted, weight_sums


def _add_tails(
    sums: Float32Array,
    features: TokenFeatures,
    table: Float32Array,
    first: Int64Array,
    remaining: Int64Array,
) -> None:
    """Add the remaining tokens of the few longest messages (``sums[:len(first)]``).

    Without this, one very long message would keep the position loop turning for each of its
    tokens; with it the loop runs at most as many times as the ``_TAIL_MESSAGES``-th longest
    message has tokens. ``np.add.accumulate`` adds strictly one row after the other (unlike
    ``np.add.reduceat``), so the sums keep the position loop's order and bits.
    """
    for i, (start, count) in enumerate(zip(first.tolist(), remaining.tolist(), strict=True)):
        at = slice(start, start + count)
        rows = np.empty((count + 1, table.shape[1]), dtype=np.float32)
        rows[0] = sums[i]
        np.add(
            np.take(table, features.unigram[at], axis=0),
            np.take(table, features.bigram[at], axis=0),
            out=rows[1:],
        )
        sums[i] = np.add.accumulate(rows, axis=0)[-1]


@dataclass(frozen=True, eq=False)
class EmotionClassifier:
    """The shipped emotion model: ``predict_proba`` and ``predict`` over 28 labels.

    ``weights`` has one row per feature plus a zero row for the null feature, with the idf
    already folded in; ``idf_squared`` is the per-feature ``idf**2`` used for normalising.
    """

    vocabulary: Vocabulary
    weights: Float32Array
    idf_squared: Float32Array
    intercept: Float32Array
    thresholds_: Float32Array
    metadata: Mapping[str, Any] = field(default_factory=dict)
    _kernel: EmotionLogits | None = field(init=False, repr=False)

    def __post_init__(self) -> None:
        kernel = None
        if kernels.compiled is not None:
            kernel = kernels.compiled.EmotionLogits(
                self.vocabulary.spellings(),
                self.vocabulary.n_unigrams,
                np.ascontiguousarray(self.vocabulary.bigram_keys, dtype=np.int64),
                np.ascontiguousarray(self.weights, dtype=np.float32),
                np.ascontiguousarray(self.idf_squared, dtype=np.float32),
                np.ascontiguousarray(self.intercept, dtype=np.float32),
                kernels.classify,
            )
        object.__setattr__(self, "_kernel", kernel)

    @property
    def labels(self) -> tuple[str, ...]:
        return EMOTION_LABELS

    @classmethod
    def load(cls) -> EmotionClassifier:
        """The classifier shipped in the package (read once, then cached; a thread asking
        while another reads it waits for that reading instead of repeating it)."""
        with _LOAD_LOCK:
            return _load_shipped()

    @classmethod
    def from_arrays(
        cls, arrays: Mapping[str, np.ndarray], metadata: Mapping[str, Any]
    ) -> EmotionClassifier:
        """Build from the arrays written by the training script (see ``to_arrays``)."""
        unigrams = bytes(arrays["unigrams"].tobytes()).decode("utf-8").split("\n")
        vocabulary = Vocabulary(
            unigrams=pl.Series("token", unigrams, dtype=pl.String),
            bigram_keys=arrays["bigram_keys"].astype(np.int64),
        )
        n_features = vocabulary.n_features
        weights = np.zeros((n_features + 1, len(EMOTION_LABELS)), dtype=np.float32)
        weights[:n_features] = arrays["weights"]
        idf_squared = np.zeros(n_features + 1, dtype=np.float32)
        idf_squared[:n_features] = arrays["idf"].astype(np.float32) ** 2
        weights[:n_features] *= arrays["idf"].astype(np.float32)[:, None]
        return cls(
            vocabulary=vocabulary,
            weights=weights,
            idf_squared=idf_squared,
            intercept=arrays["intercept"].astype(np.float32),
            thresholds_=arrays["thresholds"].astype(np.float32),
            metadata=metadata,
        )

    def decision_function(self, texts: TextsLike) -> Float32Array:
        """Per-label logits, shape ``(n, 28)``, float32."""
        series = as_text_series(texts)
        distinct = _distinct_texts(series)
        if distinct is None:
            return self._batched_logits(series)
        unique_texts, slots = distinct
        return np.take(self._batched_logits(unique_texts), slots, axis=0)

    def predict_proba(self, texts: TextsLike) -> Float32Array:
        """Probability of each label for each message, shape ``(n, 28)``, float32 in [0, 1]."""
        logits = self.decision_function(texts)
        # Beyond +-30 the probability is 0 or 1 in float32 anyway; clipping avoids overflow.
        np.clip(logits, -30.0, 30.0, out=logits)
        np.negative(logits, out=logits)
        np.exp(logits, out=logits)
        logits += 1.0
        np.reciprocal(logits, out=logits)
        return logits

    def predict(self, texts: TextsLike) -> npt.NDArray[np.bool_]:
        """Labels present, shape ``(n, 28)``: probability at or above the dev-tuned threshold."""
        return self.predict_proba(texts) >= self.thresholds_

    def _batched_logits(self, series: pl.Series) -> Float32Array:
        """Logits of every text, by the compiled kernel, which sums exactly as
        :meth:`_reference_logits` does; the few texts it cannot describe exactly (see
        :mod:`closeknit.conversation.kernels`), or all of them in a source tree that was
        never built, by the reference."""
        kernel = self._kernel
        if kernel is None:
            return self._reference_logits(series)
        n = len(series)
        out = np.empty((n, len(EMOTION_LABELS)), dtype=np.float32)
        done = np.zeros(n, dtype=np.uint8)
        kernel.logits(series, out, done)
        rest = np.flatnonzero(done == 0)
        if rest.size:
            out[rest] = self._reference_logits(series.gather(rest))
        return out

    def _reference_logits(self, series: pl.Series) -> Float32Array:
        """Logits in polars and numpy alone, a chunk per core: the definition."""
        n = len(series)
        if n <= _CHUNK:
            return self._logits(series)
        parts = [series.slice(start, _CHUNK) for start in range(0, n, _CHUNK)]
        # numpy and polars release the GIL in the heavy calls, so two threads use two cores.
        workers = max(1, min(2, os.cpu_count() or 1))
        with ThreadPoolExecutor(max_workers=workers) as pool:
            return np.concatenate(list(pool.map(self._logits, parts)))

    def _logits(self, texts: pl.Series) -> Float32Array:
        features = extract_features(texts, self.vocabulary)
        sums, squares = sum_token_rows(features, self.weights, self.idf_squared)
        norm = np.sqrt(squares).astype(np.float32)
        norm[norm == 0] = 1.0  # no known feature: the sum is zero, the logit the intercept
        sums /= norm[:, None]
        sums += self.intercept
        return sums


def _distinct_texts(series: pl.Series) -> tuple[pl.Series, Int64Array] | None:
    """Distinct texts and each message's slot among them, when repeats are common.

    Chats repeat themselves ("ok", "haha", "love you"); scoring each distinct text once
    saves most of the work then. A strided sample decides cheaply whether it pays off.
    """
    n = len(series)
    if n < _DEDUPLICATE_FROM:
        return None
    sample = series.gather(np.arange(0, n, n // _DEDUPLICATE_SAMPLE))
    if sample.n_unique() > _DEDUPLICATE_BELOW * len(sample):
        return None
    frame = series.rename("text").to_frame()
    distinct = frame.unique().with_row_index("slot")
    slots = frame.join(distinct, on="text", how="left", maintain_order="left", nulls_equal=True)[
        "slot"
    ]
    return distinct["text"], slots.to_numpy().astype(np.int64)


def read_metadata() -> dict[str, Any]:
    """The metadata shipped beside the weights (labels, figures, data hashes)."""
    source = resources.files("closeknit.conversation") / "data" / METADATA_FILE
    metadata: dict[str, Any] = json.loads(source.read_text(encoding="utf-8"))
    return metadata


_LOAD_LOCK = threading.Lock()


@cache
def _load_shipped() -> EmotionClassifier:
    data = resources.files("closeknit.conversation") / "data"
    metadata = read_metadata()
    if tuple(metadata.get("labels", ())) != EMOTION_LABELS:
        raise ContentError(
            f"{METADATA_FILE}: labels do not match EMOTION_LABELS; retrain with "
            "scripts/train_emotions.py"
        )
    if metadata.get("format_version") != FORMAT_VERSION:
        raise ContentError(
            f"{METADATA_FILE}: format_version {metadata.get('format_version')!r} is not "
            f"{FORMAT_VERSION}; retrain with scripts/train_emotions.py"
        )
    with (data / WEIGHTS_FILE).open("rb") as handle, np.load(handle, allow_pickle=False) as npz:
        arrays = {name: npz[name] for name in npz.files}
    return EmotionClassifier.from_arrays(arrays, metadata)
