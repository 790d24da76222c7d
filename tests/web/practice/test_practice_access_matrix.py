"""Access control for every practice page and API endpoint, persona by persona.

Alex and Blair are members; Casey and Dana get 404, exactly as for a relationship or a
round that does not exist; anonymous visitors are sent to log in (pages) or get 401 (API).
The last test fails when someone adds a practice URL without adding it here.
"""

from __future__ import annotations

import uuid

import pytest

from closeknit.web.practice.actions import check_start_round
from web.access import EVERYONE, MEMBERS, assert_answer, call, url_names, without_csrf

SCOPED = [
    ("practice-library", "get", "/r/{id}/practice/", "page", None),
    ("practice-exercise", "get", "/r/{id}/practice/active_listening/", "page", None),
    ("practice-plan", "get", "/r/{id}/plan/", "page", None),
    ("practice-plan-done", "post", "/r/{id}/plan/done/", "page", {"exercise_id": "x"}),
    ("practice-questions", "get", "/r/{id}/questions/", "page", None),
    ("practice-questions-draw", "post", "/r/{id}/questions/draw/", "page", {}),
    ("practice-together", "get", "/r/{id}/together/", "page", None),
    ("practice-together-new", "post", "/r/{id}/together/new/", "page", {}),
    ("api-practice-plan", "get", "/api/practice/{id}/plan", "api", None),
    ("api-practice-plan-done", "post", "/api/practice/{id}/plan/done", "api", {"exercise_id": "x"}),
    ("api-practice-draw", "post", "/api/practice/{id}/deck/draw", "api", {}),
    ("api-practice-together", "get", "/api/practice/{id}/together", "api", None),
    ("api-practice-together-new", "post", "/api/practice/{id}/together", "api", {}),
]
# A round belongs to the relationship: both members may use it, nobody else.
ROUND = [
    (
        "practice-together-answer",
        "post",
        "/r/{id}/together/{round}/answer/",
        "page",
        {"answer": "hi"},
    ),
    ("practice-together-reply", "post", "/r/{id}/together/{round}/reply/", "page", {"reply": "x"}),
    (
        "api-practice-together-answer",
        "post",
        "/api/practice/{id}/together/{round}/answer",
        "api",
        {"text": "hi"},
    ),
    (
        "api-practice-together-reply",
        "post",
        "/api/practice/{id}/together/{round}/reply",
        "api",
        {"text": "x"},
    ),
]
IDS = [f"{s[0]}:{s[1]}" for s in SCOPED]
ROUND_IDS = [f"{s[0]}:{s[1]}" for s in ROUND]


@pytest.fixture
def together_round(couple):
    return check_start_round(couple.alex)


def _expect(persona, kind, response):
    assert_answer(persona, kind, response, member_statuses=(200, 201, 204, 302, 400, 404, 409))


@pytest.mark.parametrize(("name", "method", "template", "kind", "body"), SCOPED, ids=IDS)
@pytest.mark.parametrize("persona", EVERYONE)
def test_relationship_scoped_practice_urls_answer_by_persona(
    persona, name, method, template, kind, body, couple, people, client_for
):
    response = call(client_for(people[persona]), method, template.format(id=couple.id), kind, body)
    _expect(persona, kind, response)


@pytest.mark.parametrize(("name", "method", "template", "kind", "body"), ROUND, ids=ROUND_IDS)
@pytest.mark.parametrize("persona", EVERYONE)
def test_a_round_answers_to_both_members_and_nobody_else(
    persona, name, method, template, kind, body, couple, together_round, people, client_for
):
    path = template.format(id=couple.id, round=together_round.id)
    response = call(client_for(people[persona]), method, path, kind, body)
    _expect(persona, kind, response)
    if persona in MEMBERS:
        assert response.status_code != 404


@pytest.mark.parametrize(
    ("name", "method", "template", "kind", "body"), SCOPED + ROUND, ids=IDS + ROUND_IDS
)
def test_forbidden_and_absent_look_the_same(
    name, method, template, kind, body, couple, together_round, casey, alex, client_for
):
    forbidden = call(
        client_for(casey),
        method,
        template.format(id=couple.id, round=together_round.id),
        kind,
        body,
    )
    absent = call(
        client_for(alex), method, template.format(id=uuid.uuid4(), round=uuid.uuid4()), kind, body
    )
    assert forbidden.status_code == absent.status_code == 404
    assert without_csrf(forbidden.content) == without_csrf(absent.content)


def test_a_round_of_another_relationship_looks_absent(
    couple, together_round, casey, dana, client_for
):
    from closeknit.web.relationships.actions import do_create_relationship
    from closeknit.web.relationships.models import Membership
    from web.conftest import pass_screen

    theirs = do_create_relationship(casey, "friend")
    Membership.objects.create(user=dana, relationship=theirs.relationship)
    pass_screen(theirs)
    pass_screen(Membership.objects.get(user=dana))
    client = client_for(casey)
    for _, method, template, kind, body in ROUND:
        other = call(
            client,
            method,
            template.format(id=theirs.relationship_id, round=together_round.id),
            kind,
            body,
        )
        assert other.status_code == 404, template


def test_unknown_exercise_is_404_for_a_member(couple, alex_client):
    assert alex_client.get(f"/r/{couple.id}/practice/no_such_thing/").status_code == 404


def test_every_practice_url_is_in_the_matrix():
    covered = {row[0] for row in SCOPED + ROUND}
    names = url_names(("practice-", "api-practice-"))
    assert names, "no practice URLs found"
    assert names - covered == set(), "add these URLs to the practice access matrix"
