"""The shipped GoEmotions classifier: loading, output contract, examples and its figure."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import numpy as np
import polars as pl
import pytest

from closeknit.conversation.emotions import (
    EMOTION_LABELS,
    EmotionClassifier,
    read_metadata,
)

DATA = Path(__file__).resolve().parents[2] / ".." / "shared" / "data" / "goemotions"


@pytest.fixture(scope="module")
def classifier() -> EmotionClassifier:
    return EmotionClassifier.load()


def top_labels(classifier: EmotionClassifier, text: str, k: int = 3) -> list[str]:
    probabilities = classifier.predict_proba([text])[0]
    return [EMOTION_LABELS[i] for i in np.argsort(-probabilities)[:k]]


def test_it_loads_the_shipped_model_without_importing_scikit_learn() -> None:
    code = (
        "import sys, json\n"
        "from closeknit.conversation.emotions import EmotionClassifier\n"
        "clf = EmotionClassifier.load()\n"
        "p = clf.predict_proba(['thanks a lot!'])\n"
        "print(json.dumps({'shape': list(p.shape), 'heavy': sorted(m for m in sys.modules\n"
        "    if m.split('.')[0] in ('sklearn', 'scipy', 'torch', 'transformers'))}))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=120
    )
    report = json.loads(result.stdout)
    assert report == {"shape": [1, 28], "heavy": []}


def test_it_has_the_28_goemotions_labels_in_dataset_order() -> None:
    assert len(EMOTION_LABELS) == 28
    assert EMOTION_LABELS[0] == "admiration"
    assert EMOTION_LABELS[15] == "gratitude"
    assert EMOTION_LABELS[27] == "neutral"
    assert read_metadata()["labels"] == list(EMOTION_LABELS)


def test_it_returns_float32_probabilities_for_a_series_or_a_list(
    classifier: EmotionClassifier,
) -> None:
    texts = ["hello there", "", "😂😂😂", "I don’t know", "x" * 5000]
    from_list = classifier.predict_proba(texts)
    from_series = classifier.predict_proba(pl.Series(texts))
    assert from_list.shape == (5, 28)
    assert from_list.dtype == np.float32
    assert np.all((from_list >= 0) & (from_list <= 1))
    np.testing.assert_array_equal(from_list, from_series)


def test_it_scores_an_empty_batch_and_null_messages(classifier: EmotionClassifier) -> None:
    assert classifier.predict_proba([]).shape == (0, 28)
    with_null = classifier.predict_proba(pl.Series([None, "thank you"], dtype=pl.String))
    empty = classifier.predict_proba([""])
    np.testing.assert_allclose(with_null[0], empty[0])


def test_it_scores_a_message_the_same_alone_or_in_a_large_batch(
    classifier: EmotionClassifier,
) -> None:
    # Large batches are split across threads; the split must not change any score.
    texts = [f"message {i} thank you so much haha" for i in range(150_000)]
    texts[123_456] = "I'm so sad and lonely tonight"
    batch = classifier.predict_proba(texts)
    alone = classifier.predict_proba([texts[123_456]])
    np.testing.assert_allclose(batch[123_456], alone[0], rtol=1e-5, atol=1e-6)
    np.testing.assert_allclose(batch[7], classifier.predict_proba([texts[7]])[0], atol=1e-6)


def test_it_scores_repeated_messages_once_without_changing_any_score(
    classifier: EmotionClassifier,
) -> None:
    # Chats repeat themselves, so large batches are scored per distinct text.
    distinct = ["ok", "haha that's hilarious", "I miss you", "thank you so much", ""]
    texts = pl.Series(distinct * 20_000 + [None], dtype=pl.String)
    batch = classifier.predict_proba(texts)
    expected = classifier.predict_proba([*distinct, ""])
    np.testing.assert_allclose(batch[:5], expected[:5], atol=1e-6)
    np.testing.assert_allclose(batch[-6:], expected, atol=1e-6)
    assert np.array_equal(batch[5:10], batch[:5])


def test_it_treats_typographic_and_straight_apostrophes_alike(
    classifier: EmotionClassifier,
) -> None:
    straight, curly = classifier.predict_proba(
        ["I don't care, it's fine", "I don’t care, it’s fine"]
    )
    np.testing.assert_allclose(straight, curly)


def test_it_rejects_a_single_string_instead_of_a_batch(classifier: EmotionClassifier) -> None:
    with pytest.raises(TypeError, match="wrap it"):
        classifier.predict_proba("thank you")  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("text", "label"),
    [
        ("thank you so much, that means a lot", "gratitude"),
        ("I'm so sad and lonely tonight", "sadness"),
        ("haha that's hilarious", "amusement"),
        ("I love you so much", "love"),
        ("what do you mean by that?", "confusion"),
        ("I'm really scared about the surgery tomorrow", "fear"),
        ("I'm so sorry, that was my fault", "remorse"),
    ],
)
def test_it_ranks_the_obvious_emotion_among_the_top_three(
    classifier: EmotionClassifier, text: str, label: str
) -> None:
    assert label in top_labels(classifier, text)


def test_it_predicts_with_the_dev_tuned_thresholds(classifier: EmotionClassifier) -> None:
    texts = ["thank you so much, that means a lot", "ok", "haha that's hilarious", "ugh"]
    probabilities = classifier.predict_proba(texts)
    predicted = classifier.predict(texts)
    assert predicted.dtype == np.bool_
    assert classifier.thresholds_.shape == (28,)
    np.testing.assert_array_equal(predicted, probabilities >= classifier.thresholds_)
    assert predicted[0, EMOTION_LABELS.index("gratitude")]
    recorded = read_metadata()["thresholds"]
    assert recorded["chosen_on"] == "dev"
    np.testing.assert_allclose(classifier.thresholds_, recorded["values"], atol=1e-6)


@pytest.mark.skipif(
    not (DATA / "test.tsv").exists(),
    reason=f"GoEmotions test split not found at {DATA} (it lives beside the repository)",
)
def test_it_reproduces_the_recorded_test_macro_f1(classifier: EmotionClassifier) -> None:
    from closeknit.conversation.emotions_training import macro_f1, read_goemotions

    test = read_goemotions(DATA / "test.tsv")
    metadata = read_metadata()
    assert test.sha256 == metadata["data"]["sha256"]["test"]
    figure = macro_f1(test.labels, classifier.predict(test.texts))
    assert figure == pytest.approx(metadata["figures"]["test_macro_f1"], abs=0.002)
    assert figure >= 0.46  # the published BERT-base baseline


def test_its_macro_f1_matches_scikit_learn() -> None:
    from sklearn.metrics import f1_score

    from closeknit.conversation.emotions_training import macro_f1

    rng = np.random.default_rng(5)
    truth = rng.random((300, 28)) < 0.1
    predicted = rng.random((300, 28)) < 0.15
    expected = f1_score(truth, predicted, average="macro", zero_division=0)
    assert macro_f1(truth, predicted) == pytest.approx(expected)


def test_it_tunes_each_threshold_to_the_best_dev_f1() -> None:
    from closeknit.conversation.emotions_training import tune_thresholds

    truth = np.zeros((100, 28), dtype=bool)
    truth[:10] = True
    probabilities = np.full((100, 28), 0.1)
    probabilities[:10] = 0.6  # every label separable between 0.11 and 0.60
    thresholds = tune_thresholds(probabilities, truth)
    assert np.all((thresholds > 0.1) & (thresholds <= 0.6))
    smoothed = tune_thresholds(probabilities, truth, smoothing=3)
    assert np.all((smoothed > 0.1) & (smoothed <= 0.6))


def test_the_training_model_follows_the_estimator_contract() -> None:
    from closeknit.conversation.emotions_training import EmotionModel

    happy = [f"thank you so much friend {i}" for i in range(20)]
    sad = [f"so sad and lonely today {i}" for i in range(20)]
    labels = np.zeros((40, 28), dtype=bool)
    labels[:20, EMOTION_LABELS.index("gratitude")] = True
    labels[20:, EMOTION_LABELS.index("sadness")] = True
    model = EmotionModel(C=10.0, min_df=2)
    assert not hasattr(model, "coef_")
    assert model.fit(happy + sad, labels) is model
    assert model.coef_.shape == (model.vocabulary_.n_features, 28)
    probabilities = model.predict_proba(["thank you", "so sad"])
    gratitude, sadness = EMOTION_LABELS.index("gratitude"), EMOTION_LABELS.index("sadness")
    assert probabilities[0, gratitude] > probabilities[0, sadness]
    assert probabilities[1, sadness] > probabilities[1, gratitude]


def test_its_column_wise_sums_match_a_plain_scatter_add(classifier: EmotionClassifier) -> None:
    from closeknit.conversation.emotions import extract_features, sum_token_rows

    rng = np.random.default_rng(11)
    words = ["thank", "you", "so", "much", "sad", "haha", "!", "love", "zzqx", "i'm"]
    lengths = rng.integers(0, 12, 400)
    lengths[:3] = [3_000, 1_500, 40]  # a few very long messages take the tail path
    texts = [" ".join(rng.choice(words, n)) for n in lengths]
    features = extract_features(texts, classifier.vocabulary)
    sums, squares = sum_token_rows(features, classifier.weights, classifier.idf_squared)

    rows = np.repeat(np.arange(len(texts)), features.lengths)
    expected = np.zeros((len(texts), 28), dtype=np.float64)
    np.add.at(expected, rows, classifier.weights[features.unigram])
    np.add.at(expected, rows, classifier.weights[features.bigram])
    expected_squares = np.zeros(len(texts))
    np.add.at(
        expected_squares,
        rows,
        classifier.idf_squared[features.unigram] + classifier.idf_squared[features.bigram],
    )
    np.testing.assert_allclose(sums, expected, rtol=1e-4, atol=1e-3)
    np.testing.assert_allclose(squares, expected_squares, rtol=1e-6)


def test_it_scores_an_extremely_repetitive_message_without_overflow(
    classifier: EmotionClassifier,
) -> None:
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("error")
        probabilities = classifier.predict_proba(["haha so funny " * 50_000])
    assert np.all((probabilities >= 0) & (probabilities <= 1))
    assert probabilities[0, EMOTION_LABELS.index("amusement")] > 0.9
