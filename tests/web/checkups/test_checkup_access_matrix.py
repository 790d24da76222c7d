"""Access control for every checkups page and API endpoint, persona by persona.

Alex and Blair are members; Casey (an outsider) and Dana (nobody invited her) get 404,
exactly as for a relationship or take that does not exist; anonymous visitors are sent to
log in (pages) or get 401 (API). A take belongs to one member: the other member gets 404
for it too. The last test fails when someone adds a checkups URL without adding it here.
"""

from __future__ import annotations

import uuid

import pytest

from web.access import EVERYONE, assert_answer, call, url_names, without_csrf
from web.checkups.helpers import answers_where, finish_checkup, high_closeness, pulse_answers

# (url name, method, path template, kind); {id} relationship, {take} Alex's finished take.
SCOPED = [
    ("checkups-overview", "get", "/r/{id}/checkup/", "page"),
    ("checkups-start", "post", "/r/{id}/checkup/start/", "page"),
    ("checkups-joint", "get", "/r/{id}/checkup/together/", "page"),
    ("checkups-pulse", "get", "/r/{id}/pulse/", "page"),
    ("checkups-pulse", "post", "/r/{id}/pulse/", "page"),
    ("checkups-pulse-trend", "get", "/r/{id}/pulse/trend/", "page"),
    ("api-checkups-takes", "get", "/api/checkups/{id}/takes", "api"),
    ("api-checkups-start", "post", "/api/checkups/{id}/takes", "api"),
    ("api-checkups-joint", "get", "/api/checkups/{id}/joint", "api"),
    ("api-checkups-pulses", "get", "/api/checkups/{id}/pulse", "api"),
    ("api-checkups-pulse", "post", "/api/checkups/{id}/pulse", "api"),
]
# Resources owned by one member (Alex): Blair is as much an outsider to them as Casey.
OWNED = [
    ("checkups-section", "get", "/r/{id}/checkup/{take}/1/", "page"),
    ("checkups-section", "post", "/r/{id}/checkup/{take}/1/", "page"),
    ("checkups-report", "get", "/r/{id}/checkup/{take}/report/", "page"),
    ("api-checkups-take", "get", "/api/checkups/{id}/takes/{take}", "api"),
    ("api-checkups-section", "put", "/api/checkups/{id}/takes/{take}/sections/counting_on", "api"),
    ("api-checkups-finish", "post", "/api/checkups/{id}/takes/{take}/finish", "api"),
    ("api-checkups-report", "get", "/api/checkups/{id}/takes/{take}/report", "api"),
]
PULSE_BODY = {"answers": pulse_answers(4)}


def _call(client, method, path, kind):
    """A request whose body fits the endpoint: a Pulse where one is expected."""
    if kind == "api":
        body = PULSE_BODY if path.endswith("/pulse") else {"answers": {}}
    elif path.endswith("/pulse/"):
        body = {k: str(v) for k, v in pulse_answers(4).items()}
    else:
        body = None
    return call(client, method, path, kind, body)


@pytest.fixture
def alex_take(couple):
    return finish_checkup(couple.alex, answers_where(high_closeness))


@pytest.mark.parametrize(
    ("name", "method", "template", "kind"), SCOPED, ids=[f"{s[0]}:{s[1]}" for s in SCOPED]
)
@pytest.mark.parametrize("persona", EVERYONE)
def test_relationship_scoped_checkup_urls_answer_by_persona(
    persona, name, method, template, kind, couple, people, client_for
):
    response = _call(client_for(people[persona]), method, template.format(id=couple.id), kind)
    assert_answer(persona, kind, response, member_statuses=(200, 201, 302, 403, 409))


@pytest.mark.parametrize(
    ("name", "method", "template", "kind"), OWNED, ids=[f"{s[0]}:{s[1]}" for s in OWNED]
)
@pytest.mark.parametrize("persona", EVERYONE)
def test_a_take_answers_only_to_its_owner(
    persona, name, method, template, kind, couple, alex_take, people, client_for
):
    path = template.format(id=couple.id, take=alex_take.id)
    response = _call(client_for(people[persona]), method, path, kind)
    if persona == "alex":
        assert response.status_code in (200, 302, 409), response.status_code
    elif persona == "anon":
        expected = 401 if kind == "api" else 302
        assert response.status_code == expected
    else:
        assert response.status_code == 404


@pytest.mark.parametrize(
    ("name", "method", "template", "kind"),
    SCOPED + OWNED,
    ids=[f"{s[0]}:{s[1]}" for s in SCOPED + OWNED],
)
def test_forbidden_and_absent_look_the_same(
    name, method, template, kind, couple, alex_take, casey, alex, client_for
):
    forbidden = _call(
        client_for(casey), method, template.format(id=couple.id, take=alex_take.id), kind
    )
    absent = _call(
        client_for(alex), method, template.format(id=uuid.uuid4(), take=uuid.uuid4()), kind
    )
    assert forbidden.status_code == absent.status_code == 404
    assert without_csrf(forbidden.content) == without_csrf(absent.content)


@pytest.mark.parametrize(
    ("name", "method", "template", "kind"), OWNED, ids=[f"{s[0]}:{s[1]}" for s in OWNED]
)
def test_the_other_members_take_looks_absent(
    name, method, template, kind, couple, alex_take, blair, client_for
):
    client = client_for(blair)
    theirs = _call(client, method, template.format(id=couple.id, take=alex_take.id), kind)
    absent = _call(client, method, template.format(id=couple.id, take=uuid.uuid4()), kind)
    assert theirs.status_code == absent.status_code == 404
    assert without_csrf(theirs.content) == without_csrf(absent.content)


def test_someone_who_left_is_an_outsider_to_their_own_old_takes(couple, alex_take, alex_client):
    alex_client.post(f"/r/{couple.id}/leave/")
    for _, method, template, kind in SCOPED + OWNED:
        path = template.format(id=couple.id, take=alex_take.id)
        assert _call(alex_client, method, path, kind).status_code == 404, path


def test_every_checkups_url_is_in_the_matrix():
    covered = {row[0] for row in SCOPED + OWNED}
    names = url_names(("checkups-", "api-checkups-"))
    assert names, "no checkups URLs found"
    assert names - covered == set(), "add these URLs to the checkups access matrix"
