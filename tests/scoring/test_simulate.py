from __future__ import annotations

import numpy as np
from scoring_fixtures import make_instrument

from closeknit.scoring.scales import score_sheet
from closeknit.scoring.simulate import respondent_names, simulate_sheets

INSTRUMENT = make_instrument()


def test_the_same_seed_gives_the_same_sheets_and_another_seed_does_not() -> None:
    first = simulate_sheets(INSTRUMENT, 20, seed=42)
    assert first == simulate_sheets(INSTRUMENT, 20, seed=42)
    assert first != simulate_sheets(INSTRUMENT, 20, seed=43)


def test_answers_stay_on_the_scale_and_some_are_missing() -> None:
    sheets = simulate_sheets(INSTRUMENT, 300, seed=1)
    values = [v for s in sheets for v in s.answers.values()]
    assert min(values) >= 1
    assert max(values) <= 5
    assert len(set(values)) == 5
    total = len(sheets) * len(INSTRUMENT.items)
    assert 0.005 < 1 - len(values) / total < 0.05


def test_people_are_paired_into_couples_who_name_each_other() -> None:
    assert respondent_names(3) == [
        ("Person 1a", "Person 1b"),
        ("Person 1b", "Person 1a"),
        ("Person 2a", ""),
    ]
    sheets = simulate_sheets(INSTRUMENT, 4, seed=0, relationship="friend")
    assert [s.respondent for s in sheets] == ["Person 1a", "Person 1b", "Person 2a", "Person 2b"]
    assert all(s.relationship == "friend" for s in sheets)


def test_closeness_and_fading_signs_move_in_opposite_directions() -> None:
    scores = [score_sheet(s, INSTRUMENT) for s in simulate_sheets(INSTRUMENT, 600, seed=9)]
    pairs = [(s.score("trust"), s.score("loneliness")) for s in scores]
    trust, lonely = np.array([p for p in pairs if None not in p], dtype=float).T
    assert np.corrcoef(trust, lonely)[0, 1] < -0.1


def test_partners_see_their_relationship_more_alike_than_strangers() -> None:
    scores = [score_sheet(s, INSTRUMENT) for s in simulate_sheets(INSTRUMENT, 800, seed=4)]
    trust = np.array([s.score("trust") or np.nan for s in scores])
    a, b = trust[0::2], trust[1::2]
    keep = ~np.isnan(a) & ~np.isnan(b)
    assert np.corrcoef(a[keep], b[keep])[0, 1] > 0.2
