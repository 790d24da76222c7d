"""Many people saving their Pulse at the same moment: no "database is locked", nothing lost.

A real threaded server (pytest-django's live server) on a real database file (SQLite in
WAL mode with IMMEDIATE transactions, or PostgreSQL with ``DATABASE_URL``); each simulated
person posts through HTTP with their own session, all released together by one barrier.
"""

from __future__ import annotations

import pytest

from web.conftest import make_person, run_concurrently

PEOPLE = 24
ROUNDS = 3


def _pulse_form(point: int) -> dict[str, str]:
    from closeknit.instruments import load_instrument

    return {item.id: str(point) for item in load_instrument("pulse").items}


@pytest.fixture
def couples(transactional_db):
    """``PEOPLE`` people in ``PEOPLE // 2`` relationships, everyone past the safety check."""
    from closeknit.web.relationships.actions import do_create_relationship
    from closeknit.web.relationships.models import Membership
    from web.conftest import pass_screen

    members = []
    for n in range(PEOPLE // 2):
        a, b = make_person(f"a{n}"), make_person(f"b{n}")
        ma = do_create_relationship(a, "partner")
        mb = Membership.objects.create(user=b, relationship=ma.relationship)
        pass_screen(ma)
        pass_screen(mb)
        members += [ma, mb]
    return members


def test_simultaneous_pulses_over_http_are_all_saved(live_app, couples):
    from closeknit.web.checkups.models import Pulse

    clients = [live_app.client_for(m.user) for m in couples]

    def job(i: int):
        def submit():
            statuses = []
            for r in range(ROUNDS):
                url = f"/r/{couples[i].relationship_id}/pulse/"
                response = clients[i].post(url, data=_pulse_form(1 + (i + r) % 5))
                statuses.append((response.status_code, response.text[:200]))
            return statuses

        return submit

    results = run_concurrently([job(i) for i in range(len(couples))], timeout=120)
    for client in clients:
        client.close()
    failures = [s for statuses in results for s in statuses if s[0] != 302]
    assert failures == []
    # One row per person for this week; each holds that person's last answer.
    assert Pulse.objects.count() == len(couples)
    for i, membership in enumerate(couples):
        pulse = Pulse.objects.get(membership=membership)
        last = 1 + (i + ROUNDS - 1) % 5
        assert set(pulse.answers.values()) == {last}


def test_simultaneous_pulses_through_the_api_lose_nothing(live_app, couples):
    from datetime import timedelta

    from closeknit.web.checkups.models import Pulse

    clients = [live_app.client_for(m.user) for m in couples]
    answers = {k: int(v) for k, v in _pulse_form(3).items()}

    def job(i: int):
        def submit():
            url = f"/api/checkups/{couples[i].relationship_id}/pulse"
            return [clients[i].post(url, json={"answers": answers}).status_code for _ in range(2)]

        return submit

    results = run_concurrently([job(i) for i in range(len(couples))], timeout=120)
    for client in clients:
        client.close()
    assert all(r == [201, 200] for r in results), results
    assert Pulse.objects.count() == len(couples)
    weeks = set(Pulse.objects.values_list("week", flat=True))
    assert len(weeks) == 1
    (week,) = weeks
    assert week.weekday() == 0
    assert timedelta(0) <= (Pulse.objects.first().updated_at.date() - week) <= timedelta(days=7)


def test_simultaneous_writes_to_one_persons_pulse_keep_one_row(couples):
    """The same person saving from several devices at once: still one Pulse for the week."""
    from closeknit.web.checkups.actions import check_submit_pulse
    from closeknit.web.checkups.models import Pulse

    membership = couples[0]
    answers = {k: int(v) for k, v in _pulse_form(2).items()}
    results = run_concurrently(
        [lambda: check_submit_pulse(membership, answers)[1] for _ in range(8)], timeout=120
    )
    assert results.count(True) == 1
    assert Pulse.objects.filter(membership=membership).count() == 1
