"""The checkups JSON API: take a Checkup section by section, finish, read reports, and the
OpenAPI document lists every endpoint."""

from __future__ import annotations

import json

from web.checkups.helpers import CHECKUP, answers_where, finish_checkup, high_closeness


def _put(client, url, body):
    return client.put(url, json.dumps(body), content_type="application/json")


def test_a_checkup_can_be_taken_entirely_through_the_api(couple, alex_client):
    base = f"/api/checkups/{couple.id}"
    started = alex_client.post(f"{base}/takes", "{}", content_type="application/json")
    assert started.status_code == 201
    take = started.json()
    assert take["sections"] == [s.id for s in CHECKUP.sections]
    assert take["other_person"] == "not_yet"
    early = alex_client.post(f"{base}/takes/{take['id']}/finish")
    assert early.status_code == 409
    assert early.json()["code"] == "sections_left"
    for section in CHECKUP.sections:
        saved = _put(
            alex_client,
            f"{base}/takes/{take['id']}/sections/{section.id}",
            {"answers": {i: 4 for i in section.item_ids}},
        )
        assert saved.status_code == 200, saved.content
    not_yet = alex_client.get(f"{base}/takes/{take['id']}/report")
    assert not_yet.status_code == 409
    finished = alex_client.post(f"{base}/takes/{take['id']}/finish")
    assert finished.status_code == 200
    assert finished.json()["finished_at"]
    report = alex_client.get(f"{base}/takes/{take['id']}/report").json()
    assert report["kind"] == "report"
    assert report["dimensions"]["trust"]["score"] == 75
    assert alex_client.post(f"{base}/takes/{take['id']}/finish").status_code == 409


def test_a_section_rejects_items_from_another_section(couple, alex_client):
    base = f"/api/checkups/{couple.id}"
    take = alex_client.post(f"{base}/takes", "{}", content_type="application/json").json()
    other_item = CHECKUP.sections[1].item_ids[0]
    response = _put(
        alex_client,
        f"{base}/takes/{take['id']}/sections/{CHECKUP.sections[0].id}",
        {"answers": {other_item: 3}},
    )
    assert response.status_code == 400
    assert other_item in response.json()["detail"]


def test_an_unknown_section_is_404(couple, alex_client):
    base = f"/api/checkups/{couple.id}"
    take = alex_client.post(f"{base}/takes", "{}", content_type="application/json").json()
    response = _put(alex_client, f"{base}/takes/{take['id']}/sections/nope", {"answers": {}})
    assert response.status_code == 404
    assert response.json()["code"] == "unknown_section"


def test_the_take_list_shows_the_other_persons_status_only(couple, alex_client):
    finish_checkup(couple.blair, answers_where(high_closeness))
    finish_checkup(couple.alex, answers_where(high_closeness))
    takes = alex_client.get(f"/api/checkups/{couple.id}/takes").json()
    assert len(takes) == 1
    assert takes[0]["other_person"] == "finished"
    assert set(takes[0]) == {
        "id",
        "instrument",
        "version",
        "started_at",
        "finished_at",
        "sections",
        "sections_done",
        "other_person",
    }


def test_the_joint_endpoint_answers_once_both_finished(couple, alex_client):
    finish_checkup(couple.alex, answers_where(high_closeness))
    finish_checkup(couple.blair, answers_where(high_closeness))
    data = alex_client.get(f"/api/checkups/{couple.id}/joint").json()
    assert data["kind"] == "joint_view"
    assert data["other_person"] == "Blair"
    assert data["dimensions"]["trust"] == {
        "name": "Trust",
        "kind": "component",
        "mine": 100.0,
        "theirs": 100.0,
        "gap": 0.0,
        "se_gap": data["dimensions"]["trust"]["se_gap"],
        "differs": False,
        "exploratory": False,
        "reason": data["dimensions"]["trust"]["reason"],
    }


def test_the_openapi_document_lists_every_checkups_endpoint(anon_client):
    doc = anon_client.get("/api/openapi.json").json()
    paths = doc["paths"]
    expected = {
        ("/api/checkups/{relationship_id}/takes", "get"),
        ("/api/checkups/{relationship_id}/takes", "post"),
        ("/api/checkups/{relationship_id}/takes/{take_id}", "get"),
        ("/api/checkups/{relationship_id}/takes/{take_id}/sections/{section_id}", "put"),
        ("/api/checkups/{relationship_id}/takes/{take_id}/finish", "post"),
        ("/api/checkups/{relationship_id}/takes/{take_id}/report", "get"),
        ("/api/checkups/{relationship_id}/joint", "get"),
        ("/api/checkups/{relationship_id}/pulse", "get"),
        ("/api/checkups/{relationship_id}/pulse", "post"),
    }
    found = {(p, m) for p, ops in paths.items() for m in ops}
    assert expected <= found, expected - found


def test_a_bearer_token_works_like_a_session(couple, alex):
    from django.test import Client

    from closeknit.web.accounts.tokens import do_create_api_token

    _, token = do_create_api_token(alex, "test")
    client = Client(HTTP_AUTHORIZATION=f"Bearer {token}")
    assert client.get(f"/api/checkups/{couple.id}/takes").status_code == 200
    assert (
        Client(HTTP_AUTHORIZATION="Bearer nope").get(f"/api/checkups/{couple.id}/takes").status_code
        == 401
    )
