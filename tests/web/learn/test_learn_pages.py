"""The Learn pages: the whole model, browsable and cross-linked, open to every visitor."""

from __future__ import annotations

import re

import pytest

from closeknit.model import load_model
from closeknit.model.guide import KIND_TITLES, connections
from closeknit.practice import load_exercises


def test_the_index_lists_every_concept_under_its_kind(anon_client, db):
    page = anon_client.get("/learn/")
    assert page.status_code == 200
    html = page.content.decode()
    model = load_model()
    for kind, title in KIND_TITLES.items():
        assert f'<h2 id="{kind}">{title}</h2>' in html
    linked = re.findall(r'href="/learn/([a-z_]+)/"', html)
    assert sorted(linked) == sorted(model.concepts)
    # Listed in model order within each kind, the order reports use.
    assert linked == [c.id for kind in KIND_TITLES for c in model.of_kind(kind)]


@pytest.mark.parametrize("concept_id", list(load_model().concepts))
def test_every_concept_page_explains_it_and_links_its_connections(anon_client, db, concept_id):
    model = load_model()
    concept = model.get(concept_id)
    page = anon_client.get(f"/learn/{concept_id}/")
    assert page.status_code == 200
    html = page.content.decode()
    assert f"<h1>{concept.name}</h1>" in html
    for text in (concept.summary, *concept.what_helps):
        assert str(text).replace("'", "&#x27;").replace('"', "&quot;") in html
    for heading, found in connections(model, concept):
        assert f"<h3>{heading}</h3>" in html
        for c in found:
            assert f'href="/learn/{c.other.id}/"' in html


def test_a_concept_page_lists_the_exercises_that_address_it(anon_client, db):
    exercises = [e for e in load_exercises() if "active_listening" in e.addresses]
    assert exercises, "the library should have an exercise for active listening"
    html = anon_client.get("/learn/active_listening/").content.decode()
    for exercise in exercises:
        assert exercise.title.replace("'", "&#x27;") in html
    unrelated = [e for e in load_exercises() if "active_listening" not in e.addresses]
    assert not any(f"<h3>{e.title}</h3>" in html for e in unrelated)


def test_an_exploratory_concept_says_it_never_counts_towards_a_score(anon_client, db):
    exploratory = [c for c in load_model().concepts.values() if c.exploratory]
    assert exploratory
    for concept in exploratory:
        assert (
            b"never counts towards an overall score"
            in anon_client.get(f"/learn/{concept.id}/").content
        )
    assert b"never counts" not in anon_client.get("/learn/trust/").content


def test_an_unknown_concept_is_not_found(anon_client, db):
    assert anon_client.get("/learn/not_a_concept/").status_code == 404


def test_learn_pages_only_answer_reading(anon_client, db):
    assert anon_client.post("/learn/").status_code == 405
    assert anon_client.post("/learn/trust/").status_code == 405


def test_learn_is_in_the_navigation_for_visitors_and_people_with_accounts(anon_client, alex_client):
    for client in (anon_client, alex_client):
        assert b'href="/learn/"' in client.get("/help/").content


def test_reading_learn_pages_touches_no_personal_data(anon_client, db, django_assert_num_queries):
    # Nothing about the visitor is read or written: no session, no user lookup.
    with django_assert_num_queries(0):
        anon_client.get("/learn/trust/")
