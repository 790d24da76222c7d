"""Reports trace to the answers; retakes show reliable change; a positive own screen
brings help instead of practices; the joint view needs both finished."""

from __future__ import annotations

import html

from web.checkups.helpers import (
    CHECKUP,
    answers_where,
    finish_checkup,
    high_closeness,
    low_closeness,
)
from web.conftest import fail_screen


def _report(client, couple, take):
    return html.unescape(client.get(f"/r/{couple.id}/checkup/{take.id}/report/").content.decode())


def test_a_close_relationship_shows_strengths_quoting_the_answers(couple, alex_client):
    take = finish_checkup(couple.alex, answers_where(high_closeness))
    page = _report(alex_client, couple, take)
    assert "Strengths" in page
    assert "stands out as a strength" in page
    assert "because you rated" in page
    assert "Room to grow" not in page


def test_a_struggling_relationship_shows_growth_areas_and_at_most_three_practices(
    couple, alex_client
):
    take = finish_checkup(couple.alex, answers_where(low_closeness))
    page = _report(alex_client, couple, take)
    assert "Room to grow" in page
    assert "Signs worth noticing" in page
    practices = page.split('id="practices-heading"')[1].split("</ol>")[0]
    assert 1 <= practices.count("<li>") <= 3


def test_the_report_json_traces_every_score_to_item_answers(couple, alex_client):
    answers = answers_where(high_closeness)
    take = finish_checkup(couple.alex, answers)
    data = alex_client.get(f"/api/checkups/{couple.id}/takes/{take.id}/report").json()
    trust = data["dimensions"]["trust"]
    assert trust["score"] == 100
    for contribution in trust["items"]:
        assert contribution["answer"] == answers[contribution["item_id"]]


def test_a_retake_shows_change_with_the_reliable_change_index(couple, alex_client):
    finish_checkup(couple.alex, answers_where(low_closeness))
    second = finish_checkup(couple.alex, answers_where(high_closeness))
    page = _report(alex_client, couple, second)
    assert "Reliable change index" in page
    assert "really higher" in page
    data = alex_client.get(f"/api/checkups/{couple.id}/takes/{second.id}/report").json()
    assert data["changes"]["trust"]["reliable"] is True
    assert data["changes"]["trust"]["rci"] > 1.96


def test_a_first_take_has_no_change_section(couple, alex_client):
    take = finish_checkup(couple.alex, answers_where(high_closeness))
    assert "Reliable change index" not in _report(alex_client, couple, take)


def test_a_positive_own_screen_shows_help_instead_of_practices(couple, alex_client):
    fail_screen(couple.alex)
    take = finish_checkup(couple.alex, answers_where(low_closeness))
    page = _report(alex_client, couple, take)
    assert "Your safety comes first" in page
    assert "Practices to try" not in page


def test_the_other_persons_screen_never_changes_my_own_report(couple, blair_client):
    fail_screen(couple.alex)
    take = finish_checkup(couple.blair, answers_where(low_closeness))
    page = _report(blair_client, couple, take)
    assert "Your safety comes first" not in page
    assert "Practices to try" in page


def test_the_joint_view_shows_both_scores_and_differences_beyond_error(couple, alex_client):
    finish_checkup(couple.alex, answers_where(high_closeness))
    finish_checkup(couple.blair, answers_where(low_closeness))
    page = html.unescape(alex_client.get(f"/r/{couple.id}/checkup/together/").content.decode())
    assert "You and Blair: two views" in page
    assert "larger than the" in page
    assert "measurement error explains" in page
    assert "Trust: you 100, Blair 0" in page


def test_the_joint_view_lists_agreements_when_both_see_it_alike(couple, alex_client):
    finish_checkup(couple.alex, answers_where(high_closeness))
    finish_checkup(couple.blair, answers_where(high_closeness))
    page = html.unescape(alex_client.get(f"/r/{couple.id}/checkup/together/").content.decode())
    assert "Where you agree" in page
    assert "a strength you share" in page
    assert "No gap between your two views is larger than measurement error." in page


def test_the_joint_view_asks_for_ones_own_screen_first(couple_unscreened, client_for, alex):
    finish_checkup(couple_unscreened.alex, answers_where(high_closeness))
    finish_checkup(couple_unscreened.blair, answers_where(high_closeness))
    response = client_for(alex).get(f"/r/{couple_unscreened.id}/checkup/together/")
    assert response.status_code == 302
    assert "/safety/" in response["Location"]


def test_every_shipped_item_can_be_answered_and_reported(couple, alex_client):
    take = finish_checkup(couple.alex, {it.id: it.scale.minimum for it in CHECKUP.items})
    assert alex_client.get(f"/r/{couple.id}/checkup/{take.id}/report/").status_code == 200


def test_each_finding_names_its_dimension_once(couple, alex_client):
    finish_checkup(couple.alex, answers_where(high_closeness))
    finish_checkup(couple.blair, answers_where(high_closeness))
    page = html.unescape(alex_client.get(f"/r/{couple.id}/checkup/together/").content.decode())
    assert "Trust is a strength you share" in page
    assert "Trust</strong> — Trust" not in page


def test_every_finding_and_practice_links_to_its_learn_page(couple, alex_client, anon_client):
    import re

    from closeknit.model import load_model

    take = finish_checkup(couple.alex, answers_where(low_closeness))
    page = _report(alex_client, couple, take)
    findings = re.findall(r'class="learn-link" href="/learn/([a-z_]+)/"', page)
    practices = re.findall(r'<h3><a href="/learn/([a-z_]+)/">', page)
    assert findings
    assert practices
    model = load_model()
    assert {model.get(i).kind for i in findings} <= {
        "strong_sign",
        "fading_sign",
        "cause",
        "component",
        "form",
    }
    assert {model.get(i).kind for i in practices} == {"practice"}
    for concept_id in set(findings + practices):
        assert anon_client.get(f"/learn/{concept_id}/").status_code == 200
