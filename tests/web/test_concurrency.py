"""Many simultaneous writes through a real threaded server: no "database is locked", no loss.

This also shows how to use ``live_app`` and ``run_concurrently`` for other features.
"""

from __future__ import annotations

from closeknit.web.relationships.models import Membership
from web.conftest import make_person, run_concurrently


def test_twenty_people_creating_relationships_at_once_lose_nothing(live_app):
    people = [make_person(f"person{i}") for i in range(20)]
    clients = [live_app.client_for(p) for p in people]

    def create(client):
        return lambda: client.post(
            "/api/relationships/", json={"kind": "friend"}, headers={"Referer": live_app.url + "/"}
        )

    responses = run_concurrently([create(c) for c in clients])
    statuses = [r.status_code for r in responses]
    assert statuses == [201] * 20, [r.text[:200] for r in responses if r.status_code != 201]
    assert Membership.objects.filter(user__in=people).count() == 20
    for client in clients:
        client.close()


def test_pages_answer_while_writes_are_going_on(live_app, couple):
    alex_client = live_app.client_for(couple.alex.user)
    blair_client = live_app.client_for(couple.blair.user)
    reads = [lambda: alex_client.get(f"/r/{couple.id}/") for _ in range(10)]
    writes = [
        lambda: blair_client.post(
            "/account/settings/",
            data={"display_name": "Blair", "region": "GB", "timezone": "UTC"},
            headers={"Referer": live_app.url + "/"},
        )
        for _ in range(10)
    ]
    responses = run_concurrently(reads + writes)
    assert [r.status_code for r in responses[:10]] == [200] * 10
    assert [r.status_code for r in responses[10:]] == [302] * 10
