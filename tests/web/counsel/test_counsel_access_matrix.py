"""Access control for counsellor mode, persona by persona.

Alex and Blair are the members; Casey is an outsider; Dana is a counsellor nobody invited;
Erin is the counsellor both invited. Member pages answer only the members; the counsellor's
page answers only Erin; everyone else gets what an id that does not exist gets: 404.
"""

from __future__ import annotations

import uuid

import pytest

from web.access import url_names, without_csrf
from web.conftest import make_person
from web.counsel.helpers import counselling_with

MEMBER = [
    ("counsel-member", "get", "/r/{id}/counsellor/", None),
    ("counsel-propose", "post", "/r/{id}/counsellor/propose/", {"email": "x@example.com"}),
    ("counsel-agree", "post", "/r/{id}/counsellor/agree/", {}),
    ("counsel-consent", "post", "/r/{id}/counsellor/consent/", {"checkup_report": "on"}),
    ("counsel-end", "post", "/r/{id}/counsellor/end/", {}),
]
PERSONAS = ("alex", "blair", "casey", "dana", "erin", "anon")


@pytest.fixture
def cast(couple, people, client_for, alex_client, blair_client):
    erin = make_person("erin")
    clients = {name: client_for(people[name]) for name in ("alex", "blair", "casey", "dana")}
    clients["erin"] = client_for(erin)
    clients["anon"] = client_for(None)
    counselling = counselling_with(couple, alex_client, blair_client, clients["erin"])
    return couple, counselling, clients


def _call(client, method, path, body):
    return client.post(path, body or {}) if method == "post" else client.get(path)


@pytest.mark.parametrize(("name", "method", "template", "body"), MEMBER, ids=[m[0] for m in MEMBER])
@pytest.mark.parametrize("persona", PERSONAS)
def test_member_pages_answer_only_the_members(persona, name, method, template, body, cast):
    couple, _, clients = cast
    response = _call(clients[persona], method, template.format(id=couple.id), body)
    if persona in ("alex", "blair"):
        assert response.status_code in (200, 302)
        if response.status_code == 302:
            assert "/accounts/login/" not in response["Location"]
    elif persona == "anon":
        assert response.status_code == 302
        assert response["Location"].startswith("/accounts/login/")
    else:
        assert response.status_code == 404


@pytest.mark.parametrize("persona", PERSONAS)
def test_the_counsellor_page_answers_only_the_counsellor(persona, cast):
    _, counselling, clients = cast
    response = clients[persona].get(f"/counsel/{counselling.id}/")
    if persona == "erin":
        assert response.status_code == 200
    elif persona == "anon":
        assert response.status_code == 302
        assert response["Location"].startswith("/accounts/login/")
    else:
        assert response.status_code == 404


def test_forbidden_and_absent_look_the_same(cast):
    couple, counselling, clients = cast
    forbidden = clients["dana"].get(f"/counsel/{counselling.id}/")
    absent = clients["erin"].get(f"/counsel/{uuid.uuid4()}/")
    assert forbidden.status_code == absent.status_code == 404
    assert without_csrf(forbidden.content) == without_csrf(absent.content)
    for _, method, template, body in MEMBER:
        theirs = _call(clients["erin"], method, template.format(id=couple.id), body)
        nowhere = _call(clients["alex"], method, template.format(id=uuid.uuid4()), body)
        assert theirs.status_code == nowhere.status_code == 404
        assert without_csrf(theirs.content) == without_csrf(nowhere.content)


def test_the_list_shows_each_counsellor_only_their_own(cast):
    _, counselling, clients = cast
    assert str(counselling.id) in clients["erin"].get("/counsel/").content.decode()
    for persona in ("alex", "blair", "casey", "dana"):
        page = clients[persona].get("/counsel/")
        assert page.status_code == 200
        assert str(counselling.id) not in page.content.decode()
    assert clients["anon"].get("/counsel/").status_code == 302


def test_an_unknown_invitation_is_a_clear_404_for_everyone(cast, couple, alex_client, blair_client):
    _, _, clients = cast
    for persona in ("erin", "casey"):
        response = clients[persona].get("/counsel/accept/not-a-token/")
        assert response.status_code == 404
        assert "not valid" in response.content.decode()
    assert clients["anon"].get("/counsel/accept/not-a-token/").status_code == 302


def test_every_counsel_url_is_in_the_matrix():
    covered = {m[0] for m in MEMBER} | {"counsel-report", "counsel-list", "counsel-accept"}
    names = url_names(("counsel-", "api-counsel-"))
    assert names, "no counsel URLs found"
    assert names - covered == set(), "add these URLs to the counsel access matrix"
