"""Reliability of a dimension's items and the standard error of measurement.

* Cronbach's alpha (Cronbach 1951): ``k/(k-1) * (1 - sum(item variances) / variance(sum))``.
* McDonald's omega total for a one-factor model (McDonald 1999): fit one common factor
  to the item correlation matrix by iterated principal-axis factoring, carry the loadings
  back to each item's raw scale (``lambda_i * sd_i``, ``psi_i * var_i``), then
  ``omega = (sum lambda)^2 / ((sum lambda)^2 + sum psi)`` for the unit-weighted sum.
* The standard error of measurement ``SEM = SD * sqrt(1 - reliability)`` on the 0–100
  scale. Until a sample exists the documented defaults below are used; a person who
  skipped items gets a reliability shortened by the Spearman–Brown formula.

Every formula and default is repeated, with its reasoning, in docs/method.md.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Final, Literal

import numpy as np
import numpy.typing as npt

from closeknit.errors import CloseknitError
from closeknit.model.vocabulary import KIND_OF
from closeknit.scoring.keying import key_answer

if TYPE_CHECKING:
    from closeknit.instruments.types import AnswerSheet, Instrument

Matrix = npt.ArrayLike
FloatArray = npt.NDArray[np.float64]

# Conservative defaults (docs/method.md, "Default reliabilities"): the values well-built
# short relationship scales usually reach, rounded down, so that until real data exists a
# difference is flagged only when it is clearly larger than the error of measurement.
DEFAULT_RELIABILITY: Final[Mapping[str, float]] = {
    "component": 0.80,
    "form": 0.75,
    "strong_sign": 0.75,
    "fading_sign": 0.75,
    "cause": 0.75,
}
# Any scale of three items or fewer is assumed no more reliable than this.
SHORT_SCALE_ITEMS: Final = 3
SHORT_SCALE_RELIABILITY: Final = 0.70
# Fallback for a dimension id outside the model vocabulary.
FALLBACK_RELIABILITY: Final = 0.70
# Assumed population SD of a 0–100 dimension score across people (docs/method.md).
DEFAULT_SD: Final = 20.0
# Fewer complete cases than this and a sample estimate is too unstable to replace a default.
MIN_SAMPLE_FOR_ESTIMATES: Final = 30


@dataclass(frozen=True, slots=True)
class Reliability:
    """Sample reliability of one dimension.

    ``n`` complete cases (every item answered), ``k`` items, ``sd`` the sample SD of the
    0–100 dimension score over those cases. ``alpha``/``omega`` are ``None`` when they
    cannot be estimated (fewer than 3 cases or 2 items, or no variance).
    """

    dimension: str
    alpha: float | None
    omega: float | None
    n: int
    k: int
    sd: float | None = None

    @property
    def usable(self) -> float | None:
        """The reliability used for the SEM: the smaller of alpha and omega (conservative).

        ``None`` when the sample is below :data:`MIN_SAMPLE_FOR_ESTIMATES`, the scores have
        no spread, or neither estimate lies strictly between 0 and 1.
        """
        if self.n < MIN_SAMPLE_FOR_ESTIMATES or self.sd is None or self.sd <= 0:
            return None
        values = [v for v in (self.alpha, self.omega) if v is not None and 0.0 < v < 1.0]
        return min(values) if values else None


@dataclass(frozen=True, slots=True)
class MeasurementError:
    """The reliability and SEM that apply to one person's score on one dimension."""

    reliability: float | None
    sem: float | None
    source: Literal["default", "sample"]


def _as_matrix(matrix: Matrix) -> FloatArray:
    data = np.asarray(matrix, dtype=np.float64)
    if data.ndim != 2 or data.shape[0] < 2 or data.shape[1] < 2:
        raise CloseknitError(
            "reliability needs a table of at least 2 people (rows) by 2 items (columns); "
            f"got shape {data.shape}"
        )
    if not np.all(np.isfinite(data)):
        raise CloseknitError("reliability needs complete cases: drop rows with missing answers")
    return data


def cronbach_alpha(matrix: Matrix) -> float:
    """Cronbach's alpha of an ``n people x k items`` table of keyed responses.

    ``alpha = k / (k - 1) * (1 - sum(var(item)) / var(sum of items))`` with sample
    variances (ddof = 1). Raises :class:`CloseknitError` for fewer than 2 rows or columns,
    missing values, or a total score without variance.
    """
    data = _as_matrix(matrix)
    k = data.shape[1]
    item_var = data.var(axis=0, ddof=1)
    total_var = data.sum(axis=1).var(ddof=1)
    if total_var <= 0:
        raise CloseknitError("alpha is undefined: every person has the same total score")
    return float(k / (k - 1) * (1.0 - item_var.sum() / total_var))


def one_factor_loadings(
    corr: FloatArray, *, max_iter: int = 1000, tol: float = 1e-9
) -> tuple[FloatArray, FloatArray]:
    """Standardized loadings and uniquenesses of one common factor (iterated principal axis).

    Starts from squared multiple correlations as communalities, replaces the diagonal of
    the correlation matrix with them, takes the first eigenvector scaled by the root of its
    eigenvalue as loadings, and repeats with the new communalities until they change by
    less than ``tol``. Communalities are capped at 0.995 so that a Heywood case cannot
    produce a zero or negative uniqueness. Loadings are signed so that their sum is positive.
    """
    k = corr.shape[0]
    try:
        h = 1.0 - 1.0 / np.diag(np.linalg.inv(corr))
    except np.linalg.LinAlgError:
        h = np.full(k, 0.5)
    h = np.clip(h, 0.005, 0.995)
    loadings = np.sqrt(h)
    for _ in range(max_iter):
        reduced = corr.copy()
        np.fill_diagonal(reduced, h)
        values, vectors = np.linalg.eigh(reduced)
        loadings = vectors[:, -1] * math.sqrt(max(float(values[-1]), 0.0))
        new_h = np.clip(loadings**2, 0.0, 0.995)
        if float(np.max(np.abs(new_h - h))) < tol:
            h = new_h
            break
        h = new_h
    if loadings.sum() < 0:
        loadings = -loadings
    loadings = np.sign(loadings) * np.sqrt(h)
    return loadings, 1.0 - h


def mcdonald_omega(matrix: Matrix) -> float:
    """McDonald's omega (total, one factor) for the unit-weighted sum of the columns.

    Loadings come from :func:`one_factor_loadings` on the item correlation matrix and are
    rescaled to raw units, so ``omega = (sum sd_i*l_i)^2 / ((sum sd_i*l_i)^2 + sum var_i*psi_i)``.
    Raises :class:`CloseknitError` as :func:`cronbach_alpha` does, and when an item has
    no variance (its correlations are undefined).
    """
    data = _as_matrix(matrix)
    sd = data.std(axis=0, ddof=1)
    if np.any(sd <= 0):
        raise CloseknitError("omega is undefined: an item has the same answer from everyone")
    corr = np.asarray(np.corrcoef(data, rowvar=False), dtype=np.float64)
    loadings, uniqueness = one_factor_loadings(corr)
    common = float((loadings * sd).sum()) ** 2
    unique = float((uniqueness * sd**2).sum())
    return common / (common + unique)


def sem(sd: float, reliability: float) -> float:
    """Standard error of measurement: ``sd * sqrt(1 - reliability)``.

    Raises :class:`CloseknitError` when ``sd`` is negative or ``reliability`` is outside 0–1.
    """
    if sd < 0 or not 0.0 <= reliability <= 1.0:
        raise CloseknitError(
            f"SEM needs a non-negative SD and a reliability between 0 and 1; "
            f"got sd={sd}, reliability={reliability}"
        )
    return sd * math.sqrt(1.0 - reliability)


def spearman_brown(reliability: float, factor: float) -> float:
    """Reliability of a scale lengthened (factor > 1) or shortened (factor < 1)."""
    return factor * reliability / (1.0 + (factor - 1.0) * reliability)


def default_reliability(dimension: str, n_items: int) -> float:
    """The documented default reliability of a dimension measured by ``n_items`` items.

    By kind (component 0.80; form, sign and cause 0.75); a scale of three items or fewer
    is capped at 0.70, and one of fewer than three items is shortened from 0.70 at three
    items by Spearman–Brown (two items 0.61, one item 0.44).
    """
    kind = KIND_OF.get(dimension)
    base = DEFAULT_RELIABILITY.get(kind, FALLBACK_RELIABILITY) if kind else FALLBACK_RELIABILITY
    if n_items <= SHORT_SCALE_ITEMS:
        base = min(base, SHORT_SCALE_RELIABILITY)
    if 0 < n_items < SHORT_SCALE_ITEMS:
        base = spearman_brown(SHORT_SCALE_RELIABILITY, n_items / SHORT_SCALE_ITEMS)
    return base


def measurement_error(
    dimension: str, n_items: int, n_answered: int, sample: Reliability | None = None
) -> MeasurementError:
    """Reliability and SEM for one person who answered ``n_answered`` of ``n_items`` items.

    Uses ``sample.usable`` and ``sample.sd`` when the sample is large enough, otherwise the
    defaults; then shortens the reliability by Spearman–Brown for skipped items.
    """
    usable = sample.usable if sample is not None else None
    source: Literal["default", "sample"] = "default"
    full, sd = default_reliability(dimension, n_items), DEFAULT_SD
    if usable is not None and sample is not None and sample.sd is not None:
        full, sd, source = usable, sample.sd, "sample"
    if n_answered <= 0 or n_items <= 0:
        return MeasurementError(None, None, source)
    effective = spearman_brown(full, n_answered / n_items) if n_answered < n_items else full
    return MeasurementError(effective, sem(sd, effective), source)


def keyed_matrix(
    sheets: Sequence[AnswerSheet], instrument: Instrument, dimension: str
) -> FloatArray:
    """Complete cases for one dimension: one row per sheet that answered all its items."""
    items = instrument.items_for(dimension)
    rows = [
        [key_answer(it, sheet.answers[it.id]) for it in items]
        for sheet in sheets
        if all(it.id in sheet.answers for it in items)
    ]
    return np.asarray(rows, dtype=np.float64).reshape(len(rows), len(items))


def _estimate(estimator: Callable[[Matrix], float], data: FloatArray) -> float | None:
    try:
        value = estimator(data)
    except CloseknitError:
        return None
    return float(value) if math.isfinite(value) else None


def reliability_table(
    sheets: Sequence[AnswerSheet], instrument: Instrument
) -> dict[str, Reliability]:
    """Alpha, omega, complete-case count and score SD for every dimension of ``instrument``.

    Raises :class:`CloseknitError` naming the first sheet (by position, counting from 1)
    that belongs to another instrument or version.
    """
    for number, sheet in enumerate(sheets, start=1):
        if sheet.instrument != instrument.id or sheet.version != instrument.version:
            raise CloseknitError(
                f"sheet {number} answers {sheet.instrument} version {sheet.version!r}, not "
                f"{instrument.id} version {instrument.version!r}; keep one instrument version "
                "per file"
            )
    table: dict[str, Reliability] = {}
    for dim in instrument.dimensions:
        items = instrument.items_for(dim)
        data = keyed_matrix(sheets, instrument, dim)
        n, k = data.shape
        alpha = omega = sd = None
        if n >= 3 and k >= 2:
            alpha = _estimate(cronbach_alpha, data)
            omega = _estimate(mcdonald_omega, data)
        if n >= 2:
            lo = np.array([it.scale.minimum for it in items], dtype=np.float64)
            hi = np.array([it.scale.maximum for it in items], dtype=np.float64)
            scores = (100.0 * (data - lo) / (hi - lo)).mean(axis=1)
            sd = float(scores.std(ddof=1))
        table[dim] = Reliability(dim, alpha, omega, n, k, sd)
    return table
