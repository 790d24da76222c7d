"""Together mode: sealed until both have answered, then revealed to both at once.

Before the reveal the other person's answer must not appear anywhere they can reach: the
page, its source, the JSON API or their data export. Answers cannot be changed, and are
encrypted at rest.
"""

from __future__ import annotations

import json

import pytest
from django.db import connection

from closeknit.web.practice.actions import check_start_round
from closeknit.web.practice.models import TogetherAnswer, TogetherRound

ALEX_SECRET = "ALEXSECRET my quiet hope"
BLAIR_SECRET = "BLAIRSECRET a small fear"


@pytest.fixture
def together(couple):
    return check_start_round(couple.alex)


def _answer_page(client, couple, together, text):
    return client.post(f"/r/{couple.id}/together/{together.id}/answer/", {"answer": text})


def _api(client, couple):
    return client.get(f"/api/practice/{couple.id}/together")


def test_an_answer_is_invisible_to_the_other_person_until_they_answer(
    couple, together, alex_client, blair_client
):
    _answer_page(alex_client, couple, together, ALEX_SECRET)
    page = blair_client.get(f"/r/{couple.id}/together/")
    assert ALEX_SECRET.encode() not in page.content
    assert b"has answered" in page.content  # all Blair learns: Alex answered
    api = _api(blair_client, couple).json()
    assert api["state"] == "waiting_for_you"
    assert api["their_answer"] is None
    assert ALEX_SECRET not in json.dumps(api)
    mine = _api(alex_client, couple).json()
    assert mine["my_answer"] == ALEX_SECRET
    assert mine["state"] == "waiting_for_other"


def test_the_other_person_s_export_never_holds_an_unrevealed_answer(
    couple, together, alex_client, blair_client
):
    from closeknit.web.common.registry import personal_data

    _answer_page(alex_client, couple, together, ALEX_SECRET)
    for entry in personal_data:
        assert ALEX_SECRET not in json.dumps(entry.export(couple.blair.user), default=str)
    found = json.dumps([entry.export(couple.alex.user) for entry in personal_data], default=str)
    assert ALEX_SECRET in found
    assert ALEX_SECRET not in blair_client.get("/account/data/export/").content.decode()
    assert ALEX_SECRET in alex_client.get("/account/data/export/").content.decode()


def test_an_answer_cannot_be_changed_by_page_or_api(couple, together, alex_client):
    _answer_page(alex_client, couple, together, ALEX_SECRET)
    again = _answer_page(alex_client, couple, together, "something else")
    assert again.status_code == 302
    api = alex_client.post(
        f"/api/practice/{couple.id}/together/{together.id}/answer",
        data=json.dumps({"text": "something else"}),
        content_type="application/json",
    )
    assert api.status_code == 409
    assert api.json()["code"] == "already_answered"
    assert TogetherAnswer.objects.get(round=together, membership=couple.alex).text == ALEX_SECRET


def test_no_reply_before_the_reveal(couple, together, alex_client):
    _answer_page(alex_client, couple, together, ALEX_SECRET)
    api = alex_client.post(
        f"/api/practice/{couple.id}/together/{together.id}/reply",
        data=json.dumps({"text": "so?"}),
        content_type="application/json",
    )
    assert api.status_code == 409
    assert api.json()["code"] == "not_revealed"


def test_a_new_question_waits_until_the_open_one_is_answered(couple, together, blair_client):
    response = blair_client.post(
        f"/api/practice/{couple.id}/together", data="{}", content_type="application/json"
    )
    assert response.status_code == 409
    assert response.json()["code"] == "round_open"


def test_both_answers_are_revealed_together_and_both_may_reply(
    couple, together, alex_client, blair_client
):
    _answer_page(alex_client, couple, together, ALEX_SECRET)
    _answer_page(blair_client, couple, together, BLAIR_SECRET)
    together.refresh_from_db()
    assert together.revealed_at is not None
    for client in (alex_client, blair_client):
        html = client.get(f"/r/{couple.id}/together/").content.decode()
        assert ALEX_SECRET in html
        assert BLAIR_SECRET in html
    api = _api(alex_client, couple).json()
    assert api["state"] == "revealed"
    assert api["their_answer"] == BLAIR_SECRET
    alex_client.post(f"/r/{couple.id}/together/{together.id}/reply/", {"reply": "Thank you"})
    reply = blair_client.post(
        f"/api/practice/{couple.id}/together/{together.id}/reply",
        data=json.dumps({"text": "Me too"}),
        content_type="application/json",
    )
    assert reply.status_code == 200
    texts = [(r["mine"], r["text"]) for r in reply.json()["replies"]]
    assert texts == [(False, "Thank you"), (True, "Me too")]
    second = blair_client.post(
        f"/api/practice/{couple.id}/together/{together.id}/reply",
        data=json.dumps({"text": "And again"}),
        content_type="application/json",
    )
    assert second.status_code == 409


def test_answers_and_replies_are_encrypted_at_rest(couple, together, alex_client):
    _answer_page(alex_client, couple, together, ALEX_SECRET)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT text FROM {TogetherAnswer._meta.db_table}")
        stored = [row[0] for row in cursor.fetchall()]
    assert stored
    assert all(ALEX_SECRET not in value for value in stored)


def test_answering_at_the_same_moment_reveals_exactly_once(live_app, couple):
    from web.conftest import run_concurrently

    together = check_start_round(couple.alex)
    clients = [live_app.client_for(couple.alex.user), live_app.client_for(couple.blair.user)]
    url = f"/api/practice/{couple.id}/together/{together.id}/answer"

    def answer(client, text):
        return lambda: client.post(url, json={"text": text}).status_code

    codes = run_concurrently([answer(clients[0], ALEX_SECRET), answer(clients[1], BLAIR_SECRET)])
    assert codes == [200, 200]
    together = TogetherRound.objects.get(pk=together.pk)
    assert together.revealed_at is not None
    assert TogetherAnswer.objects.filter(round=together).count() == 2


def test_someone_who_joins_later_never_reads_earlier_rounds(
    couple, together, alex_client, blair_client, dana, client_for
):
    from closeknit.web.relationships.models import Membership
    from web.conftest import pass_screen

    _answer_page(alex_client, couple, together, ALEX_SECRET)
    _answer_page(blair_client, couple, together, BLAIR_SECRET)
    blair_client.post(f"/r/{couple.id}/leave/")
    newcomer = Membership.objects.create(user=dana, relationship=couple.relationship)
    pass_screen(newcomer)
    dana_client = client_for(dana)
    html = dana_client.get(f"/r/{couple.id}/together/").content.decode()
    assert ALEX_SECRET not in html
    assert BLAIR_SECRET not in html
    assert dana_client.get(f"/api/practice/{couple.id}/together").status_code == 204
