"""Access control as a matrix: every persona against every relationship-scoped URL.

Alex and Blair are members; Casey (an outsider) and Dana (a counsellor nobody invited) must
get exactly what they would get for a relationship that does not exist: 404, with the same
page. Anonymous visitors are sent to log in (pages) or get 401 (API), never a hint.
A last test fails when someone adds a URL to these apps without adding it here.
"""

from __future__ import annotations

import uuid

import pytest

from web.access import EVERYONE, assert_answer, call, url_names, without_csrf

# (url name, method, path template, kind) — {id} is the relationship, API paths under /api/.
SCOPED = [
    ("relationships-detail", "get", "/r/{id}/", "page"),
    ("relationships-invite", "post", "/r/{id}/invite/", "page"),
    ("relationships-revoke", "post", "/r/{id}/revoke/", "page"),
    ("relationships-leave", "get", "/r/{id}/leave/", "page"),
    ("relationships-leave", "post", "/r/{id}/leave/", "page"),
    ("safety-screen", "get", "/r/{id}/safety/", "page"),
    ("safety-screen", "post", "/r/{id}/safety/", "page"),
    ("safety-result", "get", "/r/{id}/safety/result/", "page"),
    ("api-relationships-detail", "get", "/api/relationships/{id}", "api"),
    ("api-relationships-invite", "post", "/api/relationships/{id}/invitations", "api"),
    ("api-relationships-leave", "post", "/api/relationships/{id}/leave", "api"),
]
# Pages that need a login but no relationship: everyone logged in may use them.
PERSONAL = [
    ("relationships-list", "get", "/relationships/"),
    ("relationships-create", "get", "/relationships/new/"),
    ("accounts-settings", "get", "/account/settings/"),
    ("privacy-index", "get", "/account/data/"),
    ("privacy-export", "get", "/account/data/export/"),
    ("privacy-delete", "get", "/account/delete/"),
    ("api-relationships-list", "get", "/api/relationships/"),
]
# Covered by tests/web/accounts/test_signup_and_settings.py (owner-only, 404 for others).
ELSEWHERE = {"accounts-token-create", "accounts-token-revoke"}
# Open to everyone, logged in or not.
PUBLIC = [
    ("home", "get", "/"),
    ("safety-help", "get", "/help/"),
    ("learn-index", "get", "/learn/"),
    ("learn-concept", "get", "/learn/trust/"),
    ("common-healthz", "get", "/healthz"),
    ("common-exit", "post", "/exit/"),
    ("relationships-accept", "get", "/invite/some-token/"),
    ("api-relationships-create", "post", "/api/relationships/"),
    ("api-relationships-accept", "post", "/api/relationships/accept"),
]
OUR_PREFIXES = (
    "relationships-",
    "safety-",
    "privacy-",
    "accounts-",
    "common-",
    "learn-",
    "api-relationships-",
)


@pytest.mark.parametrize(
    ("name", "method", "template", "kind"), SCOPED, ids=[f"{s[0]}:{s[1]}" for s in SCOPED]
)
@pytest.mark.parametrize("persona", EVERYONE)
def test_scoped_urls_answer_by_persona(
    persona, name, method, template, kind, couple, people, client_for
):
    client = client_for(people[persona])
    response = call(client, method, template.format(id=couple.id), kind)
    assert_answer(persona, kind, response, member_statuses=(200, 201, 204, 302, 409))


@pytest.mark.parametrize(
    ("name", "method", "template", "kind"), SCOPED, ids=[f"{s[0]}:{s[1]}" for s in SCOPED]
)
def test_forbidden_and_absent_look_the_same(
    name, method, template, kind, couple, casey, alex, client_for
):
    forbidden = call(client_for(casey), method, template.format(id=couple.id), kind)
    absent = call(client_for(alex), method, template.format(id=uuid.uuid4()), kind)
    assert forbidden.status_code == absent.status_code == 404
    assert without_csrf(forbidden.content) == without_csrf(absent.content)


def test_a_malformed_relationship_id_is_also_404(alex_client, couple):
    assert alex_client.get("/r/not-a-uuid/").status_code == 404


def test_someone_who_left_is_an_outsider_again(couple, blair_client):
    blair_client.post(f"/r/{couple.id}/leave/")
    for _, method, template, kind in SCOPED:
        response = call(blair_client, method, template.format(id=couple.id), kind)
        assert response.status_code == 404, template


@pytest.mark.parametrize(("name", "method", "path"), PERSONAL, ids=[p[0] for p in PERSONAL])
@pytest.mark.parametrize("persona", EVERYONE)
def test_personal_pages_need_a_login_and_nothing_else(
    persona, name, method, path, couple, people, client_for
):
    response = getattr(client_for(people[persona]), method)(path)
    if persona == "anon":
        expected = 401 if path.startswith("/api/") else 302
        assert response.status_code == expected
    else:
        assert response.status_code == 200


@pytest.mark.parametrize(("name", "method", "path"), PUBLIC, ids=[p[0] for p in PUBLIC])
def test_public_urls_do_not_fail_for_a_visitor(name, method, path, anon_client, db):
    if path.startswith("/api/"):
        response = anon_client.post(path, data="{}", content_type="application/json")
        assert response.status_code == 401
    else:
        response = getattr(anon_client, method)(path)
        assert response.status_code in (200, 302, 404)


def test_every_url_of_these_apps_is_in_the_matrix():
    covered = {row[0] for row in SCOPED + PERSONAL + PUBLIC} | ELSEWHERE
    names = url_names(OUR_PREFIXES)
    assert names - covered == set(), "add these URLs to the access matrix"
