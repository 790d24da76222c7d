"""Sealed answers: the other person learns "finished" or "not yet" and nothing else until
both have finished; then scores side by side, but never the other's item-level answers —
not in pages, page source, the API or their data export."""

from __future__ import annotations

import json

import pytest

from web.checkups.helpers import (
    CHECKUP,
    answers_where,
    finish_checkup,
    high_closeness,
    low_closeness,
)

# Alex's answers are all at one end of every scale, Blair's at the other, so any leak of an
# answer label or score of Alex's into Blair's pages would show.


@pytest.fixture
def alex_done(couple):
    return finish_checkup(couple.alex, answers_where(high_closeness))


def _alex_report_json(client, couple, take):
    return client.get(f"/api/checkups/{couple.id}/takes/{take.id}/report").json()


def _blair_pages(client, couple):
    paths = [
        f"/r/{couple.id}/checkup/",
        f"/r/{couple.id}/checkup/together/",
        f"/r/{couple.id}/",
        f"/r/{couple.id}/pulse/trend/",
    ]
    return {p: client.get(p).content.decode() for p in paths}


def test_before_blair_finishes_she_sees_only_that_alex_has_finished(
    couple, alex_done, blair_client
):
    overview = blair_client.get(f"/r/{couple.id}/checkup/").content.decode()
    assert "Finished" in overview
    joint = blair_client.get(f"/r/{couple.id}/checkup/together/")
    assert joint.status_code == 200
    page = joint.content.decode()
    assert "opens once both of you have finished" in page
    assert "<svg" not in page  # no chart, so no score of Alex's


def test_before_alex_finishes_blair_sees_not_yet(couple, blair_client):
    overview = blair_client.get(f"/r/{couple.id}/checkup/").content.decode()
    assert "Not yet" in overview


def test_an_unfinished_take_shows_as_not_yet_even_part_way_through(couple, blair_client):
    from closeknit.web.checkups.actions import check_save_section, do_start_take

    take = do_start_take(couple.alex)
    section = CHECKUP.sections[0]
    check_save_section(take, section.id, {i: 5 for i in section.item_ids})
    overview = blair_client.get(f"/r/{couple.id}/checkup/").content.decode()
    assert "Not yet" in overview
    assert "part-way" not in overview


def test_blair_gets_no_scores_of_alex_from_the_api_before_both_finish(
    couple, alex_done, blair_client
):
    joint = blair_client.get(f"/api/checkups/{couple.id}/joint")
    assert joint.status_code == 409
    assert joint.json()["code"] == "not_both_finished"
    takes = blair_client.get(f"/api/checkups/{couple.id}/takes").json()
    assert takes == []  # Blair's own list: Alex's take is not in it
    report = blair_client.get(f"/api/checkups/{couple.id}/takes/{alex_done.id}/report")
    assert report.status_code == 404


def test_after_both_finish_blair_sees_the_joint_view_but_never_alexs_answers(
    couple, alex_done, alex_client, blair_client
):
    finish_checkup(couple.blair, answers_where(low_closeness))
    alex_json = _alex_report_json(alex_client, couple, alex_done)
    response = blair_client.get(f"/r/{couple.id}/checkup/together/")
    assert response.status_code == 200
    page = response.content.decode()
    assert "Where you see things differently" in page
    # Alex's scores may now be seen (that is the joint view)...
    trust = round(alex_json["dimensions"]["trust"]["score"])
    assert f"{trust}" in page
    # ...but never what Alex answered to any single statement.
    assert "Alex rated" not in page
    assert "Alex answered" not in page
    assert "and Alex " not in page.replace("You and Alex", "")
    for item in CHECKUP.items:
        alex_label = item.scale.labels[alex_done.answers[item.id] - item.scale.minimum]
        wording = item.wording(couple.relationship.kind, "Alex")
        assert f"{wording}” {alex_label.lower()}" not in page


def test_the_joint_api_carries_only_the_callers_own_answers(couple, alex_done, blair_client):
    blair_take = finish_checkup(couple.blair, answers_where(low_closeness))
    response = blair_client.get(f"/api/checkups/{couple.id}/joint")
    assert response.status_code == 200
    data = response.json()
    text = json.dumps(data)
    assert "answer_b" not in text
    assert "label_b" not in text
    assert "Alex rated" not in text
    assert "because" not in " ".join(
        f["reason"] for key in ("agreements", "differences") for f in data[key]
    )
    for key in ("agreements", "differences", "warning_signs", "obstacles"):
        for finding in data[key]:
            for evidence in finding["my_evidence"]:
                # Each quoted answer is Blair's own (every one of hers is a scale end).
                labels = {it.scale.labels[0] for it in CHECKUP.items} | {
                    it.scale.labels[-1] for it in CHECKUP.items
                }
                assert evidence["my_answer"] in labels
    assert blair_take.answers  # Blair's take was really saved


def test_the_joint_view_says_not_available_when_joint_features_are_off(
    couple, alex_done, blair_client
):
    from web.conftest import fail_screen

    finish_checkup(couple.blair, answers_where(low_closeness))
    fail_screen(couple.alex)
    page = blair_client.get(f"/r/{couple.id}/checkup/together/").content.decode()
    assert "not available right now" in page.lower()
    assert "<svg" not in page
    api = blair_client.get(f"/api/checkups/{couple.id}/joint")
    assert api.status_code == 403
    assert api.json() == {
        "code": "joint_unavailable",
        "message": "Joint features are not available right now.",
        "detail": "",
    }


def test_the_export_holds_my_answers_and_nothing_of_the_other_persons(
    couple, alex_done, blair_client
):
    finish_checkup(couple.blair, answers_where(low_closeness))
    export = blair_client.get("/account/data/export/")
    data = json.loads(export.content)["data"]["checkups"]
    assert [t["id"] for t in data["takes"]] != [str(alex_done.id)]
    assert str(alex_done.id) not in export.content.decode()
    assert all(t["answers"] != alex_done.answers for t in data["takes"])
    assert len(data["takes"]) == 1


def test_answers_are_encrypted_at_rest(couple, alex_done):
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT answers FROM checkups_take WHERE id = %s",
            [alex_done.id.hex if connection.vendor == "sqlite" else str(alex_done.id)],
        )
        (stored,) = cursor.fetchone()
    assert "ch_" not in stored
    assert str(next(iter(alex_done.answers))) not in stored
