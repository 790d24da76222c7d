"""Plausible answer sheets from a documented latent model, for demos, tests and reliability.

The model (docs/method.md, "Simulated sheets"), for a seed and ``people`` persons paired
into relationships (persons ``2c-1`` and ``2c`` share relationship ``c``; an odd last
person answers alone):

1. each relationship has a closeness ``C ~ N(0, 1)``; each person's general closeness is
   ``G = sqrt(0.6) * C + sqrt(0.4) * e`` (the two people see much, not all, alike);
2. each dimension ``d`` has a person-level factor
   ``F_d = mu_d + beta_d * G + sqrt(1 - beta_d^2) * (sqrt(0.5) * S_cd + sqrt(0.5) * s_pd)``
   with a relationship-shared part ``S_cd`` and a personal part ``s_pd``; components,
   forms and strong signs load ``beta = +0.6`` with ``mu = +0.3`` (people tend to rate
   their closeness favourably); fading signs and causes load ``beta = -0.5`` with
   ``mu = -0.3``; the exploratory ``comfortable_silence`` loads ``+0.3``; any dimension
   outside the model (the safety screen's concerns) is rare: ``beta = -0.3``, ``mu = -1.5``;
3. an item's continuous response is ``y = lambda * f + sqrt(1 - lambda^2) * noise`` with
   ``lambda`` drawn once per item from 0.75–0.90, where ``f`` is the item's dimension
   factor, or for an item measuring several dimensions their mean, its deviation rescaled
   to unit variance (the factors correlate ``beta_d * beta_e``); reverse-keyed items answer
   ``-y``;
4. ``y`` is cut at the standard-normal quantiles ``j/m`` (``m`` scale points) into the
   scale's integer points;
5. each answer is missing with probability 0.02.

The same seed always gives the same sheets.
"""

from __future__ import annotations

import math
from statistics import NormalDist
from typing import Final

import numpy as np

from closeknit.instruments.types import AnswerSheet, Instrument
from closeknit.model.vocabulary import EXPLORATORY, KIND_OF, RelationshipType

SHARED_CLOSENESS: Final = 0.6
SHARED_SPECIFIC: Final = 0.5
MISSING_RATE: Final = 0.02
LOADING_RANGE: Final = (0.75, 0.9)

# (beta on general closeness, mean) per kind of dimension.
FACTOR_BY_KIND: Final[dict[str, tuple[float, float]]] = {
    "component": (0.6, 0.3),
    "form": (0.6, 0.3),
    "strong_sign": (0.6, 0.3),
    "fading_sign": (-0.5, -0.3),
    "cause": (-0.5, -0.3),
}
EXPLORATORY_FACTOR: Final = (0.3, 0.3)
OUTSIDE_MODEL_FACTOR: Final = (-0.3, -1.5)


def dimension_factor(dimension: str) -> tuple[float, float]:
    """``(beta, mu)`` of a dimension in the simulation model."""
    if dimension in EXPLORATORY:
        return EXPLORATORY_FACTOR
    kind = KIND_OF.get(dimension)
    return FACTOR_BY_KIND.get(kind, OUTSIDE_MODEL_FACTOR) if kind else OUTSIDE_MODEL_FACTOR


def respondent_names(people: int) -> list[tuple[str, str]]:
    """``(respondent, other)`` per person: "Person 1a" and "Person 1b" share relationship 1."""
    names: list[tuple[str, str]] = []
    for index in range(people):
        couple, second = divmod(index, 2)
        me = f"Person {couple + 1}{'b' if second else 'a'}"
        partner_exists = second or index + 1 < people
        other = f"Person {couple + 1}{'a' if second else 'b'}" if partner_exists else ""
        names.append((me, other))
    return names


def _item_factor(
    indices: list[int], factors: np.ndarray, means: np.ndarray, betas: np.ndarray
) -> float:
    """The mean of an item's dimension factors, its deviation rescaled to unit variance."""
    if len(indices) == 1:
        return float(factors[indices[0]])
    b = betas[indices]
    m = len(indices)
    variance = (m + float(b.sum() ** 2 - (b**2).sum())) / m**2
    centre = float(means[indices].mean())
    deviation = float((factors[indices] - means[indices]).mean())
    return centre + deviation / math.sqrt(variance)


def simulate_sheets(
    instrument: Instrument,
    people: int,
    seed: int,
    relationship: RelationshipType = "partner",
) -> list[AnswerSheet]:
    """``people`` answer sheets for ``instrument`` from the latent model above.

    Raises ``ValueError`` for a negative number of people.
    """
    if people < 0:
        raise ValueError("people must be zero or more")
    rng = np.random.default_rng(seed)
    dims = instrument.dimensions
    betas = np.array([dimension_factor(d)[0] for d in dims])
    means = np.array([dimension_factor(d)[1] for d in dims])
    loadings = rng.uniform(*LOADING_RANGE, size=len(instrument.items))
    dim_index = {d: i for i, d in enumerate(dims)}
    normal = NormalDist()

    couples = math.ceil(people / 2)
    closeness = rng.standard_normal(couples)
    shared_specific = rng.standard_normal((couples, len(dims)))

    sheets: list[AnswerSheet] = []
    for index, (me, other) in enumerate(respondent_names(people)):
        couple = index // 2
        general = (
            math.sqrt(SHARED_CLOSENESS) * closeness[couple]
            + math.sqrt(1 - SHARED_CLOSENESS) * rng.standard_normal()
        )
        specific = math.sqrt(SHARED_SPECIFIC) * shared_specific[couple] + math.sqrt(
            1 - SHARED_SPECIFIC
        ) * rng.standard_normal(len(dims))
        factors = means + betas * general + np.sqrt(1 - betas**2) * specific
        noise = rng.standard_normal(len(instrument.items))
        missing = rng.random(len(instrument.items)) < MISSING_RATE
        answers: dict[str, int] = {}
        for i, item in enumerate(instrument.items):
            if missing[i] or not item.dimensions:
                continue
            f = _item_factor([dim_index[d] for d in item.dimensions], factors, means, betas)
            lam = float(loadings[i])
            y = lam * f + math.sqrt(1 - lam**2) * float(noise[i])
            if item.reverse:
                y = -y
            points = item.scale.maximum - item.scale.minimum + 1
            cuts = [normal.inv_cdf(j / points) for j in range(1, points)]
            answers[item.id] = item.scale.minimum + sum(1 for c in cuts if y > c)
        sheets.append(
            AnswerSheet(
                instrument=instrument.id,
                version=instrument.version,
                relationship=relationship,
                answers=answers,
                respondent=me,
                other=other,
            )
        )
    return sheets
