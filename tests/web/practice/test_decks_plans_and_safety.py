"""Question decks through the web, the weekly plan's reasons and adaptation, the library's
filters, and joint things closing after a positive safety screen."""

from __future__ import annotations

import json
import re
from collections import Counter

import pytest

from closeknit.web.practice.content import deck
from closeknit.web.practice.models import DrawnQuestion, StoredPlan
from web.checkups.helpers import answers_where, finish_checkup, high_closeness
from web.conftest import fail_screen
from web.practice.helpers import CHECKIN_FORM


def _subset():
    """The smallest tier/form group that suits partners (small enough to exhaust)."""
    groups = Counter((q.tier, q.form) for q in deck().questions if q.suits("partner"))
    (tier, form), size = min(groups.items(), key=lambda kv: kv[1])
    return tier, form, size


def test_the_deck_never_repeats_a_question_for_a_relationship_until_it_is_exhausted(
    couple, alex_client, blair_client
):
    tier, form, size = _subset()
    for n in range(size):
        client = alex_client if n % 2 else blair_client  # both draw from one history
        response = client.post(f"/r/{couple.id}/questions/draw/", {"tier": tier, "form": form})
        assert response.status_code == 302
    drawn = list(
        DrawnQuestion.objects.filter(relationship=couple.relationship).values_list(
            "question_id", flat=True
        )
    )
    assert len(drawn) == len(set(drawn)) == size
    again = alex_client.post(
        f"/api/practice/{couple.id}/deck/draw",
        data=json.dumps({"tier": tier, "form": form}),
        content_type="application/json",
    )
    assert again.status_code == 201
    assert again.json()["id"] in drawn  # a new cycle starts only now


def test_the_drawn_question_shows_on_the_page(couple, alex_client):
    response = alex_client.post(
        f"/api/practice/{couple.id}/deck/draw", data="{}", content_type="application/json"
    )
    text = response.json()["text"]
    assert text in alex_client.get(f"/r/{couple.id}/questions/").content.decode()


def test_an_unknown_deck_filter_is_a_400_naming_what_to_do(couple, alex_client):
    response = alex_client.post(
        f"/api/practice/{couple.id}/deck/draw",
        data=json.dumps({"tier": "bottomless"}),
        content_type="application/json",
    )
    assert response.status_code == 400
    assert response.json()["code"] == "bad_filter"


def test_a_plan_without_a_checkup_offers_gentle_starters_with_reasons(couple, alex_client):
    data = alex_client.get(f"/api/practice/{couple.id}/plan").json()
    assert 2 <= len(data["practices"]) <= 3
    assert all(p["reason"] for p in data["practices"])


def test_the_plan_follows_low_scores_in_the_latest_checkup(couple, alex_client):
    finish_checkup(couple.alex, answers_where(lambda item: 1))
    data = alex_client.get(f"/api/practice/{couple.id}/plan").json()
    reasons = " ".join(p["reason"] for p in data["practices"])
    assert "score" in reasons or "sign" in reasons, reasons
    html = alex_client.get(f"/r/{couple.id}/plan/").content.decode()
    assert "Why this one" in html
    for p in data["practices"]:
        assert p["title"] in html


def test_the_plan_is_stored_once_per_week_and_rebuilt_when_check_ins_change(couple, alex_client):
    finish_checkup(couple.alex, answers_where(high_closeness))
    alex_client.get(f"/r/{couple.id}/plan/")
    first = StoredPlan.objects.get(membership=couple.alex)
    alex_client.get(f"/r/{couple.id}/plan/")
    assert StoredPlan.objects.get(membership=couple.alex).generated_at == first.generated_at
    alex_client.post(f"/r/{couple.id}/checkin/", {**CHECKIN_FORM, "stress": "5"})
    alex_client.get(f"/r/{couple.id}/plan/")
    rebuilt = StoredPlan.objects.get(membership=couple.alex)
    assert StoredPlan.objects.filter(membership=couple.alex).count() == 1
    assert rebuilt.inputs_key != first.inputs_key
    assert rebuilt.generated_at > first.generated_at


def test_marking_a_practice_done_counts_nothing(couple, alex_client):
    plan = alex_client.get(f"/api/practice/{couple.id}/plan").json()
    first = plan["practices"][0]["exercise_id"]
    alex_client.post(f"/r/{couple.id}/plan/done/", {"exercise_id": first, "done": "1"})
    html = alex_client.get(f"/r/{couple.id}/plan/").content.decode()
    assert "Done this week." in html
    for word in ("streak", "missed", "in a row", "don't break"):
        assert word not in html.lower()
    undone = alex_client.post(
        f"/api/practice/{couple.id}/plan/done",
        data=json.dumps({"exercise_id": first, "done": False}),
        content_type="application/json",
    )
    assert first not in [p["exercise_id"] for p in undone.json()["practices"] if p["done"]]
    missing = alex_client.post(
        f"/api/practice/{couple.id}/plan/done",
        data=json.dumps({"exercise_id": "not_planned"}),
        content_type="application/json",
    )
    assert missing.status_code == 404


def test_the_library_filters_by_mode_and_form(couple, alex_client):
    solo = alex_client.get(f"/r/{couple.id}/practice/?mode=solo").content.decode()
    joint = alex_client.get(f"/r/{couple.id}/practice/?mode=joint").content.decode()
    assert "Active listening" in joint or "listening" in joint.lower()
    assert "On your own" in solo
    assert "Together ·" not in solo
    assert "On your own ·" not in joint


def test_an_exercise_page_shows_steps_roles_time_and_concepts(couple, alex_client):
    html = alex_client.get(f"/r/{couple.id}/practice/active_listening/").content.decode()
    assert "Time needed" in html
    assert "minutes" in html
    assert "The speaker" in html
    assert "The listener" in html
    assert "What it addresses" in html
    # Each concept it addresses links to its Learn page.
    assert 'href="/learn/active_listening/"' in html
    assert 'href="/learn/empathy/"' in html


@pytest.mark.parametrize(
    "path",
    ["questions/", "together/"],
)
def test_joint_pages_show_the_neutral_notice_after_a_positive_screen(
    couple_unscreened, alex_client, blair_client, path
):
    from web.conftest import pass_screen

    pass_screen(couple_unscreened.alex)
    fail_screen(couple_unscreened.blair)
    pages = []
    for client in (alex_client, blair_client):
        html = client.get(f"/r/{couple_unscreened.id}/{path}").content.decode()
        assert "Joint features are not available right now." in html
        pages.append(re.sub(r'value="[^"]+"', "", html.split("<main", 1)[-1]))
    assert pages[0] == pages[1]  # the same neutral page for both, whoever screened positive


def test_joint_api_endpoints_answer_409_unavailable_after_a_positive_screen(
    couple_unscreened, alex_client
):
    from web.conftest import pass_screen

    pass_screen(couple_unscreened.alex)
    fail_screen(couple_unscreened.blair)
    rid = couple_unscreened.id
    for method, path in (
        ("post", f"/api/practice/{rid}/deck/draw"),
        ("get", f"/api/practice/{rid}/together"),
        ("post", f"/api/practice/{rid}/together"),
    ):
        if method == "get":
            response = alex_client.get(path)
        else:
            response = alex_client.post(path, data="{}", content_type="application/json")
        assert response.status_code == 409
        assert response.json()["code"] == "unavailable"


def test_after_a_positive_screen_joint_practices_are_greyed_and_not_planned(
    couple_unscreened, alex_client
):
    from web.conftest import pass_screen

    pass_screen(couple_unscreened.blair)
    fail_screen(couple_unscreened.alex)
    rid = couple_unscreened.id
    html = alex_client.get(f"/r/{rid}/practice/").content.decode()
    assert "card--disabled" in html
    assert "not available right now" in html
    plan = alex_client.get(f"/api/practice/{rid}/plan").json()
    assert plan["practices"]
    assert all(p["mode"] == "solo" for p in plan["practices"])


def test_last_weeks_stored_plan_steers_this_weeks_choice(couple):
    from datetime import date, timedelta

    from closeknit.web.practice.plans import current_plan

    finish_checkup(couple.alex, answers_where(lambda item: 1))
    monday = date(2026, 11, 2)

    def ids(plan: StoredPlan) -> set[str]:
        return {p["exercise_id"] for p in plan.practices}

    first = ids(current_plan(couple.alex, monday))
    following = ids(current_plan(couple.alex, monday + timedelta(weeks=1)))
    # Last week's practices give way to others that fit the same low scores ...
    assert first
    assert following
    assert not first & following
    # ... and it is last week's plan that did it: without it the same answers give the same
    # practices again.
    StoredPlan.objects.filter(membership=couple.alex).delete()
    assert ids(current_plan(couple.alex, monday + timedelta(weeks=1))) == first
