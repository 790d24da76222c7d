"""Access control for every check-ins page and API endpoint, persona by persona.

A journal entry belongs to its writer: the other member is as much an outsider to it as
Casey (404 for sharing or deleting it). The calendar feed is reached by its secret only.
"""

from __future__ import annotations

import uuid

import pytest

from closeknit.web.checkins.actions import check_add_entry
from web.access import EVERYONE, assert_answer, call, url_names, without_csrf
from web.practice.helpers import CHECKIN_FORM, CHECKIN_JSON

SCOPED = [
    ("checkins-checkin", "get", "/r/{id}/checkin/", "page", None),
    ("checkins-checkin", "post", "/r/{id}/checkin/", "page", CHECKIN_FORM),
    ("checkins-journal", "get", "/r/{id}/journal/", "page", None),
    ("checkins-journal", "post", "/r/{id}/journal/", "page", {"text": "a thought"}),
    ("checkins-trends", "get", "/r/{id}/trends/", "page", None),
    ("checkins-reminders", "get", "/r/{id}/reminders/", "page", None),
    ("checkins-reminders", "post", "/r/{id}/reminders/", "page", {}),
    ("checkins-calendar-new", "post", "/r/{id}/calendar/new/", "page", {}),
    ("checkins-calendar-revoke", "post", "/r/{id}/calendar/revoke/", "page", {}),
    ("api-checkins-list", "get", "/api/checkins/{id}/checkins", "api", None),
    ("api-checkins-create", "post", "/api/checkins/{id}/checkins", "api", CHECKIN_JSON),
    ("api-checkins-shared-notes", "get", "/api/checkins/{id}/shared-notes", "api", None),
    ("api-checkins-journal", "get", "/api/checkins/{id}/journal", "api", None),
    ("api-checkins-journal-add", "post", "/api/checkins/{id}/journal", "api", {"text": "x"}),
]
OWNED = [
    (
        "checkins-journal-share",
        "post",
        "/r/{id}/journal/{entry}/share/",
        "page",
        {"shared": "1"},
    ),
    ("checkins-journal-delete", "post", "/r/{id}/journal/{entry}/delete/", "page", {}),
    (
        "api-checkins-journal-share",
        "put",
        "/api/checkins/{id}/journal/{entry}/shared",
        "api",
        {"shared": True},
    ),
]
IDS = [f"{s[0]}:{s[1]}" for s in SCOPED]
OWNED_IDS = [f"{s[0]}:{s[1]}" for s in OWNED]


@pytest.fixture
def alex_entry(couple):
    return check_add_entry(couple.alex, "only mine")


@pytest.mark.parametrize(("name", "method", "template", "kind", "body"), SCOPED, ids=IDS)
@pytest.mark.parametrize("persona", EVERYONE)
def test_relationship_scoped_checkin_urls_answer_by_persona(
    persona, name, method, template, kind, body, couple, people, client_for
):
    response = call(client_for(people[persona]), method, template.format(id=couple.id), kind, body)
    assert_answer(persona, kind, response, member_statuses=(200, 201, 302))


@pytest.mark.parametrize(("name", "method", "template", "kind", "body"), OWNED, ids=OWNED_IDS)
@pytest.mark.parametrize("persona", EVERYONE)
def test_a_journal_entry_answers_only_to_its_writer(
    persona, name, method, template, kind, body, couple, alex_entry, people, client_for
):
    path = template.format(id=couple.id, entry=alex_entry.id)
    response = call(client_for(people[persona]), method, path, kind, body)
    if persona == "alex":
        assert response.status_code in (200, 302)
    elif persona == "anon":
        assert response.status_code == (401 if kind == "api" else 302)
    else:
        assert response.status_code == 404


@pytest.mark.parametrize(
    ("name", "method", "template", "kind", "body"), SCOPED + OWNED, ids=IDS + OWNED_IDS
)
def test_forbidden_and_absent_look_the_same(
    name, method, template, kind, body, couple, alex_entry, casey, alex, client_for
):
    forbidden = call(
        client_for(casey), method, template.format(id=couple.id, entry=alex_entry.id), kind, body
    )
    absent = call(
        client_for(alex), method, template.format(id=uuid.uuid4(), entry=uuid.uuid4()), kind, body
    )
    assert forbidden.status_code == absent.status_code == 404
    assert without_csrf(forbidden.content) == without_csrf(absent.content)


@pytest.mark.parametrize(("name", "method", "template", "kind", "body"), OWNED, ids=OWNED_IDS)
def test_the_other_member_s_entry_looks_absent(
    name, method, template, kind, body, couple, alex_entry, blair, client_for
):
    client = client_for(blair)
    theirs = call(client, method, template.format(id=couple.id, entry=alex_entry.id), kind, body)
    absent = call(client, method, template.format(id=couple.id, entry=uuid.uuid4()), kind, body)
    assert theirs.status_code == absent.status_code == 404
    assert without_csrf(theirs.content) == without_csrf(absent.content)


def test_someone_who_left_is_an_outsider_to_their_own_old_entries(couple, alex_entry, alex_client):
    alex_client.post(f"/r/{couple.id}/leave/")
    for _, method, template, kind, body in SCOPED + OWNED:
        path = template.format(id=couple.id, entry=alex_entry.id)
        assert call(alex_client, method, path, kind, body).status_code == 404, path


def test_an_unknown_calendar_address_is_404_for_everyone(people, client_for):
    for persona in ("alex", "casey", "anon"):
        response = client_for(people[persona]).get("/calendar/cal_nothing_here.ics")
        assert response.status_code == 404


def test_every_checkins_url_is_in_the_matrix():
    covered = {row[0] for row in SCOPED + OWNED} | {"checkins-calendar-feed"}
    names = url_names(("checkins-", "api-checkins-"))
    assert names, "no check-ins URLs found"
    assert names - covered == set(), "add these URLs to the check-ins access matrix"
