from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays
from scoring_fixtures import make_instrument, make_sheet
from sklearn.decomposition import FactorAnalysis

from closeknit.errors import CloseknitError
from closeknit.scoring.reliability import (
    MIN_SAMPLE_FOR_ESTIMATES,
    Reliability,
    cronbach_alpha,
    default_reliability,
    mcdonald_omega,
    measurement_error,
    reliability_table,
    sem,
    spearman_brown,
)
from closeknit.scoring.simulate import simulate_sheets


def one_factor_data(loadings: list[float], n: int, seed: int) -> np.ndarray:
    rng = np.random.default_rng(seed)
    lam = np.asarray(loadings)
    factor = rng.standard_normal((n, 1))
    noise = rng.standard_normal((n, lam.size)) * np.sqrt(1 - lam**2)
    return factor * lam + noise


def population_omega(loadings: list[float]) -> float:
    lam = np.asarray(loadings)
    return float(lam.sum() ** 2 / (lam.sum() ** 2 + (1 - lam**2).sum()))


def test_alpha_matches_a_value_worked_by_hand() -> None:
    # item variances 1 and 1, total scores 2, 5, 5 with variance 3: alpha = 2 * (1 - 2/3)
    assert cronbach_alpha([[1, 1], [2, 3], [3, 2]]) == pytest.approx(2 / 3)


def test_alpha_is_one_for_perfectly_parallel_items() -> None:
    assert cronbach_alpha([[1, 2, 3], [2, 3, 4], [4, 5, 6], [3, 4, 5]]) == pytest.approx(1.0)


@settings(max_examples=60, deadline=None)
@given(
    arrays(np.float64, (12, 4), elements=st.integers(1, 5).map(float)),
)
def test_alpha_equals_the_covariance_form(data: np.ndarray) -> None:
    cov = np.cov(data, rowvar=False)
    if cov.sum() <= 0 or np.any(np.diag(cov) == 0):
        return
    k = data.shape[1]
    mean_off_diagonal = (cov.sum() - np.trace(cov)) / (k * (k - 1))
    reference = k**2 * mean_off_diagonal / cov.sum()
    assert cronbach_alpha(data) == pytest.approx(reference, abs=1e-9)


@settings(max_examples=60, deadline=None)
@given(arrays(np.float64, (15, 5), elements=st.integers(1, 5).map(float)))
def test_alpha_of_standardized_items_equals_the_spearman_brown_form(data: np.ndarray) -> None:
    sd = data.std(axis=0, ddof=1)
    if np.any(sd == 0):
        return
    z = (data - data.mean(axis=0)) / sd
    corr = np.corrcoef(data, rowvar=False)
    k = data.shape[1]
    r_bar = (corr.sum() - k) / (k * (k - 1))
    if 1 + (k - 1) * r_bar <= 1e-9:
        return
    assert cronbach_alpha(z) == pytest.approx(k * r_bar / (1 + (k - 1) * r_bar), abs=1e-9)


def test_omega_recovers_the_population_omega_of_a_known_one_factor_model() -> None:
    loadings = [0.8, 0.7, 0.6, 0.5, 0.4]
    data = one_factor_data(loadings, 20_000, seed=7)
    assert mcdonald_omega(data) == pytest.approx(population_omega(loadings), abs=0.01)


def test_omega_agrees_with_an_independent_maximum_likelihood_fit() -> None:
    data = one_factor_data([0.75, 0.65, 0.55, 0.7, 0.45, 0.6], 5_000, seed=11)
    z = (data - data.mean(axis=0)) / data.std(axis=0, ddof=1)
    fa = FactorAnalysis(n_components=1, random_state=0).fit(z)
    lam = np.abs(fa.components_[0])
    reference = lam.sum() ** 2 / (lam.sum() ** 2 + fa.noise_variance_.sum())
    assert mcdonald_omega(z) == pytest.approx(reference, abs=0.01)


def test_omega_equals_alpha_for_tau_equivalent_items() -> None:
    data = one_factor_data([0.7] * 6, 20_000, seed=3)
    assert mcdonald_omega(data) == pytest.approx(cronbach_alpha(data), abs=0.005)


def test_omega_exceeds_alpha_when_loadings_differ() -> None:
    data = one_factor_data([0.9, 0.8, 0.3, 0.2], 20_000, seed=5)
    assert mcdonald_omega(data) > cronbach_alpha(data) + 0.01


def test_reliability_needs_two_rows_and_two_columns() -> None:
    with pytest.raises(CloseknitError, match="at least 2"):
        cronbach_alpha([[1, 2, 3]])
    with pytest.raises(CloseknitError, match="same answer"):
        mcdonald_omega([[1, 2], [1, 3], [1, 4]])


def test_sem_follows_the_classical_formula() -> None:
    assert sem(20, 0.75) == pytest.approx(10.0)
    assert sem(15, 0.91) == pytest.approx(4.5)
    with pytest.raises(CloseknitError):
        sem(20, 1.2)


def test_default_reliabilities_follow_the_documented_rule() -> None:
    assert default_reliability("trust", 5) == 0.80
    assert default_reliability("emotional", 5) == 0.75
    assert default_reliability("loneliness", 4) == 0.75
    assert default_reliability("trust", 3) == 0.70
    assert default_reliability("trust", 1) == pytest.approx(spearman_brown(0.70, 1 / 3))
    assert default_reliability("trust", 1) == pytest.approx(0.4375)


def test_a_large_sample_replaces_the_default_with_the_smaller_estimate() -> None:
    sample = Reliability("trust", 0.9, 0.92, MIN_SAMPLE_FOR_ESTIMATES, 4, 15.0)
    error = measurement_error("trust", 4, 4, sample)
    assert error.source == "sample"
    assert error.reliability == 0.9
    assert error.sem == pytest.approx(15 * 0.1**0.5)
    small = Reliability("trust", 0.9, 0.92, MIN_SAMPLE_FOR_ESTIMATES - 1, 4, 15.0)
    assert measurement_error("trust", 4, 4, small).source == "default"


def test_the_table_uses_complete_cases_per_dimension() -> None:
    instrument = make_instrument()
    sheets = [
        make_sheet({"l1": 1, "l2": 2, "l3": 2, "t1": 3}),
        make_sheet({"l1": 3, "l2": 3, "l3": 4}),
        make_sheet({"l1": 5, "l2": 4, "l3": 5}),
        make_sheet({"l1": 2, "l2": 2}),
    ]
    table = reliability_table(sheets, instrument)
    assert table["loneliness"].n == 3
    assert table["loneliness"].k == 3
    assert table["loneliness"].alpha == pytest.approx(
        cronbach_alpha([[1, 2, 2], [3, 3, 4], [5, 4, 5]])
    )
    assert table["trust"].n == 0
    assert table["trust"].alpha is None


def test_the_table_keys_reverse_items_before_estimating() -> None:
    instrument = make_instrument()
    sheets = simulate_sheets(instrument, 400, seed=1)
    table = reliability_table(sheets, instrument)
    assert table["trust"].alpha is not None
    assert table["trust"].alpha > 0.6
    assert table["trust"].omega is not None
    assert table["trust"].omega > 0.6


def test_the_table_refuses_a_sheet_of_another_instrument_version() -> None:
    sheets = [make_sheet({"l1": 1})]
    with pytest.raises(CloseknitError, match="sheet 1"):
        reliability_table(sheets, make_instrument("other"))


def test_a_sample_without_spread_keeps_the_default() -> None:
    flat = Reliability("trust", 0.9, 0.9, 500, 4, 0.0)
    assert measurement_error("trust", 4, 4, flat).source == "default"
    bad = Reliability("trust", -0.2, 1.0, 500, 4, 12.0)
    assert measurement_error("trust", 4, 4, bad).source == "default"
