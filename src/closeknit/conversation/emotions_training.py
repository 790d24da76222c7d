"""Training the emotion classifier on GoEmotions (development only: needs scikit-learn).

The runtime (:mod:`closeknit.conversation.emotions`) never imports this module; scikit-learn
and scipy are imported inside the functions that need them, so importing this module is cheap.

:class:`EmotionModel` follows the estimator contract: ``__init__`` stores parameters, ``fit``
learns ``vocabulary_``, ``idf_``, ``coef_`` and ``intercept_`` and returns ``self``. It
featurises through the runtime's own :func:`~closeknit.conversation.emotions.extract_features`,
so what is trained is exactly what is shipped.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt
import polars as pl

from closeknit.conversation.emotions import (
    EMOTION_LABELS,
    EmotionClassifier,
    TextsLike,
    TokenFeatures,
    Vocabulary,
    as_text_series,
    extract_features,
    tokenise,
)
from closeknit.errors import CloseknitError

BoolMatrix = npt.NDArray[np.bool_]
FloatArray = npt.NDArray[np.float64]

THRESHOLD_GRID = np.round(np.arange(0.02, 0.96, 0.01), 2)


@dataclass(frozen=True)
class GoEmotionsSplit:
    """One split: texts, a boolean label matrix ``(n, 28)`` and the file's SHA-256."""

    texts: pl.Series
    labels: BoolMatrix
    sha256: str


def read_goemotions(path: Path) -> GoEmotionsSplit:
    """Read a GoEmotions TSV (``text \\t label,label \\t id``) into texts and a label matrix."""
    raw = path.read_bytes()
    texts: list[str] = []
    labels = []
    for number, line in enumerate(raw.decode("utf-8").splitlines(), start=1):
        parts = line.split("\t")
        if len(parts) != 3:
            raise CloseknitError(
                f"{path}:{number}: expected 3 tab-separated fields (text, labels, id), "
                f"got {len(parts)}"
            )
        row = np.zeros(len(EMOTION_LABELS), dtype=bool)
        try:
            row[[int(index) for index in parts[1].split(",")]] = True
        except (ValueError, IndexError) as error:
            raise CloseknitError(
                f"{path}:{number}: labels must be comma-separated indices 0-27"
            ) from error
        texts.append(parts[0])
        labels.append(row)
    return GoEmotionsSplit(
        texts=pl.Series("text", texts, dtype=pl.String),
        labels=np.array(labels, dtype=bool),
        sha256=hashlib.sha256(raw).hexdigest(),
    )


def build_vocabulary(texts: TextsLike, min_df: int = 2, min_df_bigram: int = 2) -> Vocabulary:
    """Unigrams in at least ``min_df`` messages; bigrams of those in ``min_df_bigram``."""
    series = as_text_series(texts)
    lengths, flat = tokenise(series)
    flat = flat.str.replace_all("\u2019", "'", literal=True)
    rows = np.repeat(np.arange(len(series)), lengths)
    frame = pl.DataFrame({"row": rows, "token": flat})
    counts = frame.unique().group_by("token").len()
    unigrams = counts.filter(pl.col("len") >= min_df).sort("token")["token"]
    vocabulary = Vocabulary(unigrams=unigrams, bigram_keys=np.zeros(0, dtype=np.int64))
    ids = vocabulary.unigram_ids(flat)
    width = vocabulary.n_unigrams + 1
    keys = ids[:-1] * width + ids[1:]
    known = (ids[:-1] < vocabulary.n_unigrams) & (ids[1:] < vocabulary.n_unigrams)
    known &= rows[:-1] == rows[1:]
    pairs = pl.DataFrame({"row": rows[:-1][known], "key": keys[known]}).unique()
    bigram_counts = pairs.group_by("key").len().filter(pl.col("len") >= min_df_bigram)
    bigram_keys = np.sort(bigram_counts["key"].to_numpy().astype(np.int64))
    return Vocabulary(unigrams=unigrams, bigram_keys=bigram_keys)


def count_matrix(features: TokenFeatures) -> Any:
    """Features as a scipy CSR matrix of occurrence counts (the null column dropped)."""
    from scipy import sparse

    n = len(features.lengths)
    rows = np.repeat(np.arange(n), features.lengths)
    columns = np.concatenate([features.unigram, features.bigram])
    matrix = sparse.csr_matrix(
        (np.ones(len(columns), dtype=np.float64), (np.concatenate([rows, rows]), columns)),
        shape=(n, features.null_id + 1),
    )
    matrix.sum_duplicates()
    return matrix[:, : features.null_id]


def weigh(counts: Any, idf: FloatArray) -> Any:
    """tf-idf normalised over occurrences: ``count*idf / sqrt(sum(count*idf**2))``."""
    from scipy import sparse

    squares = np.asarray(counts @ (idf**2)).ravel()
    norm = np.sqrt(squares)
    norm[norm == 0] = 1.0
    return sparse.diags(1.0 / norm) @ counts @ sparse.diags(idf)


class EmotionModel:
    """One-vs-rest logistic regression over word uni- and bigram tf-idf.

    Parameters: ``C`` (inverse regularisation, one float or one per label), ``class_weight``
    (``None`` or ``"balanced"``), ``min_df`` and ``min_df_bigram`` (vocabulary cut-offs).
    """

    def __init__(
        self,
        C: float | tuple[float, ...] = 2.0,  # noqa: N803 - scikit-learn's name
        class_weight: str | None = None,
        min_df: int = 2,
        min_df_bigram: int = 2,
        max_iter: int = 1000,
    ) -> None:
        self.C = C
        self.class_weight = class_weight
        self.min_df = min_df
        self.min_df_bigram = min_df_bigram
        self.max_iter = max_iter

    def get_params(self) -> dict[str, Any]:
        return {
            "C": self.C,
            "class_weight": self.class_weight,
            "min_df": self.min_df,
            "min_df_bigram": self.min_df_bigram,
            "max_iter": self.max_iter,
        }

    def fit(self, texts: TextsLike, labels: BoolMatrix) -> EmotionModel:
        """Learn the vocabulary, idf and one logistic regression per label."""
        from sklearn.linear_model import LogisticRegression

        series = as_text_series(texts)
        if labels.shape != (len(series), len(EMOTION_LABELS)):
            raise ValueError(f"labels must have shape ({len(series)}, 28), got {labels.shape}")
        self.vocabulary_ = build_vocabulary(series, self.min_df, self.min_df_bigram)
        counts = count_matrix(extract_features(series, self.vocabulary_))
        document_frequency = np.asarray((counts > 0).sum(axis=0)).ravel()
        n = counts.shape[0]
        # scikit-learn's smooth idf, so figures compare with its TfidfVectorizer.
        self.idf_ = np.log((1.0 + n) / (1.0 + document_frequency)) + 1.0
        matrix = weigh(counts, self.idf_).tocsr()
        strengths = self.C if isinstance(self.C, tuple) else (float(self.C),) * len(EMOTION_LABELS)
        coef = np.zeros((matrix.shape[1], len(EMOTION_LABELS)))
        intercept = np.zeros(len(EMOTION_LABELS))
        for label in range(len(EMOTION_LABELS)):
            if labels[:, label].all() or not labels[:, label].any():
                # Nothing to learn from one class: a constant, confident answer.
                intercept[label] = 10.0 if labels[:, label].all() else -10.0
                continue
            regression = LogisticRegression(
                C=strengths[label],
                class_weight=self.class_weight,
                solver="liblinear",
                max_iter=self.max_iter,
            )
            regression.fit(matrix, labels[:, label])
            coef[:, label] = regression.coef_[0]
            intercept[label] = regression.intercept_[0]
        self.coef_ = coef
        self.intercept_ = intercept
        return self

    def to_arrays(self, thresholds: FloatArray) -> dict[str, np.ndarray]:
        """The arrays shipped in ``emotions.npz`` (float16 weights, as the runtime reads them)."""
        unigrams = "\n".join(self.vocabulary_.unigrams.to_list()).encode("utf-8")
        return {
            "unigrams": np.frombuffer(unigrams, dtype=np.uint8),
            "bigram_keys": self.vocabulary_.bigram_keys.astype(np.int64),
            "idf": self.idf_.astype(np.float32),
            "weights": self.coef_.astype(np.float16),
            "intercept": self.intercept_.astype(np.float32),
            "thresholds": np.asarray(thresholds, dtype=np.float32),
        }

    def to_classifier(
        self, thresholds: FloatArray | None = None, metadata: dict[str, Any] | None = None
    ) -> EmotionClassifier:
        """The runtime classifier exactly as it will be shipped."""
        if thresholds is None:
            thresholds = np.full(len(EMOTION_LABELS), 0.5)
        return EmotionClassifier.from_arrays(self.to_arrays(thresholds), metadata or {})

    def predict_proba(self, texts: TextsLike) -> npt.NDArray[np.float32]:
        return self.to_classifier().predict_proba(texts)


def f1_per_label(truth: BoolMatrix, predicted: BoolMatrix) -> FloatArray:
    """F1 of each column (0 where a label is neither present nor predicted)."""
    true_positive = (truth & predicted).sum(axis=0).astype(np.float64)
    denominator = truth.sum(axis=0) + predicted.sum(axis=0)
    scores: FloatArray = np.divide(
        2 * true_positive,
        denominator,
        out=np.zeros(truth.shape[1]),
        where=denominator > 0,
    )
    return scores


def macro_f1(truth: BoolMatrix, predicted: BoolMatrix) -> float:
    """Unweighted mean of the per-label F1 (scikit-learn's ``average="macro"``)."""
    return float(f1_per_label(truth, predicted).mean())


def f1_curves(
    probabilities: npt.NDArray[np.floating[Any]],
    truth: BoolMatrix,
    grid: FloatArray = THRESHOLD_GRID,
) -> FloatArray:
    """F1 of every label (rows) at every grid threshold (columns)."""
    curves = np.zeros((truth.shape[1], len(grid)))
    for label in range(truth.shape[1]):
        predicted = probabilities[:, label][:, None] >= grid[None, :]
        actual = truth[:, label][:, None]
        true_positive = (predicted & actual).sum(axis=0)
        denominator = predicted.sum(axis=0) + actual.sum()
        np.divide(2.0 * true_positive, denominator, out=curves[label], where=denominator > 0)
    return curves


def tune_thresholds(
    probabilities: npt.NDArray[np.floating[Any]],
    truth: BoolMatrix,
    smoothing: int = 0,
    grid: FloatArray = THRESHOLD_GRID,
) -> FloatArray:
    """Per label, the grid threshold with the best F1 on the given (dev) data.

    With ``smoothing = k`` each label's F1 curve is first averaged over ``k`` grid steps on
    either side: rare labels (a dozen dev examples) then get a threshold in a broad good
    region rather than on a lucky spike, which transfers better to unseen data.
    """
    curves = f1_curves(probabilities, truth, grid)
    if smoothing > 0:
        kernel = np.ones(2 * smoothing + 1) / (2 * smoothing + 1)
        padded = np.pad(curves, ((0, 0), (smoothing, smoothing)), mode="edge")
        curves = np.array([np.convolve(row, kernel, mode="valid") for row in padded])
    thresholds: FloatArray = grid[np.argmax(curves, axis=1)]
    return thresholds


def cross_validate_thresholds(
    probabilities: npt.NDArray[np.floating[Any]],
    truth: BoolMatrix,
    smoothing: int = 0,
    repeats: int = 10,
    seed: int = 0,
) -> float:
    """Dev-only estimate of the macro-F1 that dev-tuned thresholds reach on unseen data.

    Dev is split in random halves ``repeats`` times; thresholds tuned on one half are scored
    on the other (both ways). Selecting models and the smoothing width by this estimate,
    rather than by the optimistic in-sample dev F1, never looks at test.
    """
    generator = np.random.default_rng(seed)
    n = len(truth)
    scores = []
    for _ in range(repeats):
        order = generator.permutation(n)
        halves = (order[: n // 2], order[n // 2 :])
        for tune_on, score_on in (halves, halves[::-1]):
            thresholds = tune_thresholds(probabilities[tune_on], truth[tune_on], smoothing)
            scores.append(macro_f1(truth[score_on], probabilities[score_on] >= thresholds))
    return float(np.mean(scores))
