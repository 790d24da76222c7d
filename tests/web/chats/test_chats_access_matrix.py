"""Access control for every chats page, persona by persona.

An analysis belongs to the member who made it: the other member is an outsider to it
(404) until it is shared, and even then may only read it, never share or delete it.
"""

from __future__ import annotations

import uuid

import pytest

from closeknit.web.chats.models import ChatAnalysis
from web.access import EVERYONE, assert_answer, call, url_names, without_csrf

SCOPED = [
    ("chats-list", "get", "/r/{id}/chats/", "page", None),
    ("chats-list", "post", "/r/{id}/chats/", "page", {}),
    ("api-chats-list", "get", "/api/chats/{id}/analyses", "api", None),
    ("api-chats-create", "post", "/api/chats/{id}/analyses", "api", None),
]
OWNED = [
    ("chats-detail", "get", "/r/{id}/chats/{analysis}/", "page", None),
    ("chats-share", "post", "/r/{id}/chats/{analysis}/share/", "page", {"shared": "1"}),
    ("chats-delete", "post", "/r/{id}/chats/{analysis}/delete/", "page", {}),
    ("api-chats-detail", "get", "/api/chats/{id}/analyses/{analysis}", "api", None),
    (
        "api-chats-share",
        "put",
        "/api/chats/{id}/analyses/{analysis}/shared",
        "api",
        {"shared": True},
    ),
    ("api-chats-delete", "delete", "/api/chats/{id}/analyses/{analysis}", "api", None),
]
IDS = [f"{s[0]}:{s[1]}" for s in SCOPED]
OWNED_IDS = [f"{s[0]}:{s[1]}" for s in OWNED]


@pytest.fixture
def alex_analysis(couple):
    return ChatAnalysis.objects.create(
        membership=couple.alex,
        platform="whatsapp",
        messages=2,
        insights={"participants": ["Alex", "Blair"], "signs": [], "people": []},
    )


@pytest.mark.parametrize(("name", "method", "template", "kind", "body"), SCOPED, ids=IDS)
@pytest.mark.parametrize("persona", EVERYONE)
def test_relationship_scoped_chat_urls_answer_by_persona(
    persona, name, method, template, kind, body, couple, people, client_for
):
    response = call(client_for(people[persona]), method, template.format(id=couple.id), kind, body)
    # A post without a file is a member's clear error (400, or 415 for JSON sent to the
    # API), not a way in for anyone else.
    assert_answer(persona, kind, response, member_statuses=(200, 201, 302, 400, 415))


@pytest.mark.parametrize(("name", "method", "template", "kind", "body"), OWNED, ids=OWNED_IDS)
@pytest.mark.parametrize("persona", EVERYONE)
def test_an_analysis_answers_only_to_its_owner(
    persona, name, method, template, kind, body, couple, alex_analysis, people, client_for
):
    path = template.format(id=couple.id, analysis=alex_analysis.id)
    response = call(client_for(people[persona]), method, path, kind, body)
    if persona == "alex":
        assert response.status_code in (200, 204, 302)
    elif persona == "anon" and kind == "api":
        assert response.status_code == 401
    elif persona == "anon":
        assert response.status_code == 302
        assert response["Location"].startswith("/accounts/login/")
    else:
        assert response.status_code == 404


@pytest.mark.parametrize(
    ("name", "method", "template", "kind", "body"), SCOPED + OWNED, ids=IDS + OWNED_IDS
)
def test_forbidden_and_absent_look_the_same(
    name, method, template, kind, body, couple, alex_analysis, casey, alex, client_for
):
    forbidden = call(
        client_for(casey),
        method,
        template.format(id=couple.id, analysis=alex_analysis.id),
        kind,
        body,
    )
    absent = call(
        client_for(alex),
        method,
        template.format(id=uuid.uuid4(), analysis=uuid.uuid4()),
        kind,
        body,
    )
    assert forbidden.status_code == absent.status_code == 404
    assert without_csrf(forbidden.content) == without_csrf(absent.content)


@pytest.mark.parametrize(("name", "method", "template", "kind", "body"), OWNED, ids=OWNED_IDS)
def test_the_other_member_s_unshared_analysis_looks_absent(
    name, method, template, kind, body, couple, alex_analysis, blair, client_for
):
    client = client_for(blair)
    theirs = call(
        client, method, template.format(id=couple.id, analysis=alex_analysis.id), kind, body
    )
    absent = call(client, method, template.format(id=couple.id, analysis=uuid.uuid4()), kind, body)
    assert theirs.status_code == absent.status_code == 404
    assert without_csrf(theirs.content) == without_csrf(absent.content)


def test_someone_who_left_is_an_outsider_to_their_own_old_analyses(
    couple, alex_analysis, alex_client
):
    alex_client.post(f"/r/{couple.id}/leave/")
    for _, method, template, kind, body in SCOPED + OWNED:
        path = template.format(id=couple.id, analysis=alex_analysis.id)
        assert call(alex_client, method, path, kind, body).status_code == 404, path


def test_every_chats_url_is_in_the_matrix():
    covered = {row[0] for row in SCOPED + OWNED}
    names = url_names(("chats-", "api-chats-"))
    assert names, "no chats URLs found"
    assert names - covered == set(), "add these URLs to the chats access matrix"
