"""A small synthetic instrument, independent of the shipped content, for scoring tests."""

from __future__ import annotations

import pytest

from closeknit.instruments.types import AnswerSheet, Instrument, Item, ResponseScale

FIVE = ResponseScale("agree5", 1, 5, ("never", "rarely", "sometimes", "often", "always"))

# (item id, dimensions, reverse)
ITEMS = (
    ("t1", ("trust",), False),
    ("t2", ("trust",), False),
    ("t3", ("trust",), True),
    ("t4", ("trust",), False),
    ("c1", ("communication",), False),
    ("c2", ("communication",), False),
    ("c3", ("communication", "frequent_communication"), False),
    ("f1", ("frequent_communication",), False),
    ("f2", ("frequent_communication",), False),
    ("l1", ("loneliness",), False),
    ("l2", ("loneliness",), False),
    ("l3", ("loneliness",), False),
    ("s1", ("stress_and_busyness",), False),
    ("s2", ("stress_and_busyness",), False),
    ("s3", ("stress_and_busyness",), False),
    ("q1", ("comfortable_silence",), False),
    ("q2", ("comfortable_silence",), False),
    ("q3", ("comfortable_silence",), False),
)


def make_instrument(version: str = "test-1") -> Instrument:
    return Instrument(
        id="checkup",
        version=version,
        title="Test checkup",
        items=tuple(
            Item(id=i, text=f"Statement {i} about {{name}}", scale=FIVE, dimensions=d, reverse=r)
            for i, d, r in ITEMS
        ),
    )


def make_sheet(answers: dict[str, int], respondent: str = "alex") -> AnswerSheet:
    return AnswerSheet("checkup", "test-1", "partner", answers, respondent=respondent)


@pytest.fixture
def instrument() -> Instrument:
    return make_instrument()
