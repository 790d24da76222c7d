"""The private safety screen: taken alone, sealed from the other person, gating joint features."""

from __future__ import annotations

import json
import re

import pytest
from django.db import connection

from closeknit.web.relationships.models import Membership
from closeknit.web.safety.access import JointState, joint_state
from closeknit.web.safety.models import SafetyScreen

pytestmark = pytest.mark.urls("web.safety.joint_urls")

ALL_NEVER = {
    f"sa_{c}_0{i}": "0"
    for c, n in (("fear", 2), ("control", 3), ("violence", 3), ("self_harm", 2))
    for i in range(1, n + 1)
}


def _screen(client, couple, answers):
    return client.post(f"/r/{couple.id}/safety/", answers)


def _normalise(html: bytes) -> bytes:
    return re.sub(rb'name="csrfmiddlewaretoken" value="[^"]+"', b"", html)


def test_the_screen_asks_each_question_about_the_other_person_by_name(
    couple_unscreened, alex_client
):
    page = alex_client.get(f"/r/{couple_unscreened.id}/safety/")
    assert page.status_code == 200
    assert page.content.count(b'type="radio"') == 10 * 4
    assert b"Blair" in page.content
    assert b"Only you will ever see these answers" in page.content


def test_a_negative_screen_from_both_opens_joint_features(
    couple_unscreened, alex_client, blair_client
):
    couple = couple_unscreened
    assert _screen(alex_client, couple, ALL_NEVER).status_code == 302
    assert (
        blair_client.get(f"/r/{couple.id}/joint-test/").status_code == 302
    )  # Blair's own screen first
    assert _screen(blair_client, couple, ALL_NEVER).status_code == 302
    assert alex_client.get(f"/r/{couple.id}/joint-test/").content == b"JOINT FEATURE OPEN"
    assert blair_client.get(f"/r/{couple.id}/joint-test/").content == b"JOINT FEATURE OPEN"


def test_a_person_who_has_not_screened_is_sent_to_their_own_screen_first(
    couple_unscreened, alex_client
):
    response = alex_client.get(f"/r/{couple_unscreened.id}/joint-test/")
    assert response.status_code == 302
    assert (
        response["Location"]
        == f"/r/{couple_unscreened.id}/safety/?next=/r/{couple_unscreened.id}/joint-test/"
    )


def test_a_positive_screen_turns_joint_features_off_and_shows_help(couple_unscreened, alex_client):
    couple = couple_unscreened
    response = _screen(alex_client, couple, {**ALL_NEVER, "sa_fear_01": "2"})
    result = alex_client.get(response["Location"])
    assert b"may not feel safe" in result.content
    assert b"last checked" in result.content
    assert not Membership.objects.get(pk=couple.alex.pk).joint_features_enabled
    assert joint_state(Membership.objects.get(pk=couple.alex.pk)) is JointState.UNAVAILABLE


def test_an_urgent_screen_puts_the_emergency_number_first(couple_unscreened, alex_client):
    response = _screen(alex_client, couple_unscreened, {**ALL_NEVER, "sa_self_harm_01": "1"})
    result = alex_client.get(response["Location"]).content
    assert b"call your local emergency number" in result


def _blair_sees(blair_client, couple):
    pages = [
        f"/r/{couple.id}/",
        "/relationships/",
        f"/r/{couple.id}/joint-test/",
        f"/r/{couple.id}/leave/",
    ]
    seen = {page: _normalise(blair_client.get(page).content) for page in pages}
    api = blair_client.get(f"/api/relationships/{couple.id}").json()
    seen["api"] = json.dumps(api, sort_keys=True).encode()
    return seen


def test_blair_cannot_tell_a_positive_screen_from_one_not_yet_taken(
    couple_unscreened, alex_client, blair_client
):
    couple = couple_unscreened
    _screen(blair_client, couple, ALL_NEVER)
    before = _blair_sees(blair_client, couple)  # Alex has not screened yet
    _screen(alex_client, couple, {**ALL_NEVER, "sa_violence_01": "1"})
    after = _blair_sees(blair_client, couple)  # Alex screened positive
    assert before == after
    assert b"Joint features are not available right now" in after[f"/r/{couple.id}/joint-test/"]
    assert json.loads(after["api"])["joint_features"] == "unavailable"


def test_after_a_positive_screen_both_see_the_same_neutral_notice(
    couple_unscreened, alex_client, blair_client
):
    couple = couple_unscreened
    _screen(blair_client, couple, ALL_NEVER)
    _screen(alex_client, couple, {**ALL_NEVER, "sa_control_01": "2"})
    alex_sees = _normalise(alex_client.get(f"/r/{couple.id}/joint-test/").content)
    blair_sees = _normalise(blair_client.get(f"/r/{couple.id}/joint-test/").content)
    assert alex_sees == blair_sees
    main = blair_sees.split(b'<main id="main"')[1].split(b"</main>")[0].lower()
    for word in (b"screen was", b"positive", b"fear", b"control", b"violence", b"help", b"alex"):
        assert word not in main


def test_nobody_reads_the_other_persons_screen(couple_unscreened, alex_client, blair_client):
    couple = couple_unscreened
    _screen(alex_client, couple, {**ALL_NEVER, "sa_fear_02": "3"})
    # Blair has no screen yet: their result page sends them to their own screen, not Alex's.
    response = blair_client.get(f"/r/{couple.id}/safety/result/")
    assert response.status_code == 302
    assert response["Location"] == f"/r/{couple.id}/safety/"


def test_answers_and_result_are_ciphertext_in_the_database(couple_unscreened, alex_client):
    _screen(alex_client, couple_unscreened, {**ALL_NEVER, "sa_fear_01": "2"})
    with connection.cursor() as cursor:
        cursor.execute("SELECT answers, result FROM safety_safetyscreen")
        answers, result = cursor.fetchone()
    for stored in (answers, result):
        assert stored.startswith("gAAAA")  # Fernet token
        assert "sa_fear" not in stored
        assert "positive" not in stored
    screen = SafetyScreen.objects.get()
    assert screen.answers["sa_fear_01"] == 2
    assert screen.positive


def test_a_later_negative_screen_by_the_same_person_turns_joint_features_back_on(
    couple_unscreened, alex_client, blair_client
):
    couple = couple_unscreened
    _screen(blair_client, couple, ALL_NEVER)
    _screen(alex_client, couple, {**ALL_NEVER, "sa_fear_01": "1"})
    assert b"not available" in blair_client.get(f"/r/{couple.id}/joint-test/").content
    _screen(alex_client, couple, ALL_NEVER)
    assert blair_client.get(f"/r/{couple.id}/joint-test/").content == b"JOINT FEATURE OPEN"


def test_the_help_page_is_open_to_everyone_and_dated(anon_client, db):
    page = anon_client.get("/help/?region=US")
    assert page.status_code == 200
    assert b"last checked" in page.content
    assert b'<option value="US" selected>' in page.content


def test_every_page_links_to_help_in_its_footer(anon_client, alex_client, couple):
    for client, path in (
        (anon_client, "/"),
        (alex_client, f"/r/{couple.id}/"),
        (alex_client, "/account/settings/"),
    ):
        assert b'href="/help/"' in client.get(path).content


def test_skipping_every_question_is_allowed_and_acknowledged(couple_unscreened, alex_client):
    response = _screen(alex_client, couple_unscreened, {})
    assert response.status_code == 302
    page = alex_client.get(response["Location"]).content
    assert b"You skipped every question" in page
    assert Membership.objects.get(pk=couple_unscreened.alex.pk).joint_features_enabled


def test_the_relationship_page_invites_each_person_to_their_own_check_first(
    couple_unscreened, alex_client, blair_client
):
    couple = couple_unscreened
    assert b"First, a private check" in alex_client.get(f"/r/{couple.id}/").content
    _screen(alex_client, couple, ALL_NEVER)
    assert b"First, a private check" not in alex_client.get(f"/r/{couple.id}/").content
    assert b"First, a private check" in blair_client.get(f"/r/{couple.id}/").content
