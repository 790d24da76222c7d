"""Counsellor mode: invited by both, sees only what each person shares, every look
recorded for that person, gone as soon as either ends it or joint features close."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from closeknit.web.counsel.models import AccessRecord, Counselling
from web.checkups.helpers import answers_where, finish_checkup, high_closeness, pulse_answers
from web.conftest import PASSWORD, fail_screen, make_person
from web.counsel.helpers import COUNSELLOR_EMAIL, counselling_with, invite_counsellor


def _report(erin_client, counselling) -> str:
    response = erin_client.get(f"/counsel/{counselling.id}/")
    assert response.status_code == 200
    return response.content.decode()


def test_both_invite_the_counsellor_who_sees_nothing_until_someone_shares(
    couple, alex_client, blair_client, erin_client
):
    counselling = counselling_with(couple, alex_client, blair_client, erin_client)
    assert counselling.state == "active"
    page = _report(erin_client, counselling)
    assert "Alex has not shared anything with you." in page
    assert "Blair has not shared anything with you." in page
    assert not AccessRecord.objects.exists()
    assert str(counselling.id) in erin_client.get("/counsel/").content.decode()


def test_a_shared_checkup_shows_scores_and_findings_but_not_the_answers(
    couple, alex_client, blair_client, erin_client
):
    finish_checkup(couple.alex, answers_where(high_closeness))
    counselling = counselling_with(couple, alex_client, blair_client, erin_client)
    alex_client.post(f"/r/{couple.id}/counsellor/consent/", {"checkup_report": "on"})
    page = _report(erin_client, counselling)
    assert "Checkup, finished" in page
    assert "Components of closeness" in page.replace(
        "components of closeness", "Components of closeness"
    )
    assert "Strengths" in page
    assert "because" not in page  # the answers behind findings stay Alex's
    assert "Blair has not shared anything with you." in page
    assert "Weekly Pulse" not in page
    # Alex sees that Erin looked; Blair has no record (nothing of Blair's was shown).
    alex_page = alex_client.get(f"/r/{couple.id}/counsellor/").content.decode()
    assert "Your latest Checkup report" in alex_page
    assert AccessRecord.objects.filter(membership=couple.alex, what="checkup_report").count() == 1
    assert not AccessRecord.objects.filter(membership=couple.blair).exists()
    # Blair shares the Pulse trend only.
    blair_client.post(f"/r/{couple.id}/pulse/", {k: str(v) for k, v in pulse_answers(4).items()})
    blair_client.post(f"/r/{couple.id}/counsellor/consent/", {"pulse_trend": "on"})
    page = _report(erin_client, counselling)
    assert "Blair: weekly Pulse" in page
    assert AccessRecord.objects.filter(membership=couple.blair, what="pulse_trend").count() == 1
    # Taking consent back hides it again at once.
    alex_client.post(f"/r/{couple.id}/counsellor/consent/", {})
    assert "Checkup, finished" not in _report(erin_client, counselling)


def test_the_proposer_cannot_agree_alone(couple, alex_client, erin_client):
    from django.core import mail

    alex_client.post(f"/r/{couple.id}/counsellor/propose/", {"email": COUNSELLOR_EMAIL})
    alex_client.post(f"/r/{couple.id}/counsellor/agree/")
    assert Counselling.objects.get().state == "proposed"
    assert not mail.outbox


def test_a_bad_address_and_a_second_proposal_are_refused(couple, alex_client, blair_client):
    alex_client.post(f"/r/{couple.id}/counsellor/propose/", {"email": "not an address"})
    assert not Counselling.objects.exists()
    alex_client.post(f"/r/{couple.id}/counsellor/propose/", {"email": COUNSELLOR_EMAIL})
    blair_client.post(f"/r/{couple.id}/counsellor/propose/", {"email": "other@example.com"})
    assert Counselling.objects.count() == 1


def test_the_invitation_works_once_for_someone_outside_the_relationship(
    couple, alex_client, blair_client, erin_client, client_for, casey
):
    path = invite_counsellor(couple, alex_client, blair_client)
    # A member cannot become the counsellor.
    assert alex_client.post(path).status_code == 409
    assert erin_client.post(path).status_code == 302
    # Used: nobody else can take it.
    assert client_for(casey).post(path).status_code == 404
    assert Counselling.objects.get().counsellor.email == "erin@example.com"


def test_an_expired_or_withdrawn_invitation_is_refused(
    couple, alex_client, blair_client, erin_client
):
    path = invite_counsellor(couple, alex_client, blair_client)
    Counselling.objects.update(expires_at=timezone.now() - timedelta(minutes=1))
    assert erin_client.post(path).status_code == 404
    Counselling.objects.update(expires_at=timezone.now() + timedelta(days=1))
    blair_client.post(f"/r/{couple.id}/counsellor/end/")
    assert erin_client.post(path).status_code == 404


@pytest.mark.parametrize("who", ["alex", "blair"])
def test_either_person_ends_it_and_the_counsellor_sees_nothing_more(
    who, couple, alex_client, blair_client, erin_client
):
    counselling = counselling_with(couple, alex_client, blair_client, erin_client)
    client = {"alex": alex_client, "blair": blair_client}[who]
    client.post(f"/r/{couple.id}/counsellor/end/")
    assert erin_client.get(f"/counsel/{counselling.id}/").status_code == 404
    assert str(counselling.id) not in erin_client.get("/counsel/").content.decode()


@pytest.mark.parametrize("who", ["alex", "blair"])
def test_a_positive_safety_screen_closes_everything_without_saying_why(
    who, couple, alex_client, blair_client, erin_client
):
    finish_checkup(couple.alex, answers_where(high_closeness))
    counselling = counselling_with(couple, alex_client, blair_client, erin_client)
    alex_client.post(f"/r/{couple.id}/counsellor/consent/", {"checkup_report": "on"})
    fail_screen(getattr(couple, who))
    page = _report(erin_client, counselling)
    assert "not available at the moment" in page
    assert "Checkup, finished" not in page
    assert "safety" not in page.lower().replace("quick exit", "")
    assert not AccessRecord.objects.exists()
    # Nothing new can be shared; ending still works.
    blair_client.post(f"/r/{couple.id}/counsellor/consent/", {"pulse_trend": "on"})
    assert not counselling.consents.filter(membership=couple.blair, pulse_trend=True).exists()
    alex_client.post(f"/r/{couple.id}/counsellor/end/")
    assert Counselling.objects.get().state == "ended"


def test_export_and_deletion(couple, alex_client, blair_client, erin_client, erin):
    finish_checkup(couple.alex, answers_where(high_closeness))
    counselling = counselling_with(couple, alex_client, blair_client, erin_client)
    alex_client.post(f"/r/{couple.id}/counsellor/consent/", {"checkup_report": "on"})
    _report(erin_client, counselling)
    alex_export = alex_client.get("/account/data/export/").json()["data"]["counsel"]
    assert alex_export["counsellings"][0]["counsellor_email"] == COUNSELLOR_EMAIL
    assert alex_export["counsellor_looked_at_my_data"][0]["what"] == "checkup_report"
    erin_export = erin_client.get("/account/data/export/").json()["data"]["counsel"]
    assert erin_export["as_counsellor"][0]["counselling_id"] == str(counselling.id)
    response = erin_client.post("/account/delete/", {"password": PASSWORD, "confirm": "on"})
    assert response.status_code == 302
    counselling.refresh_from_db()
    assert counselling.state == "ended"
    assert AccessRecord.objects.filter(membership=couple.alex).exists()  # Alex keeps the record


def test_the_counsellor_report_obeys_the_content_security_policy(
    couple, alex_client, blair_client, erin_client
):
    import re

    finish_checkup(couple.alex, answers_where(high_closeness))
    counselling = counselling_with(couple, alex_client, blair_client, erin_client)
    alex_client.post(f"/r/{couple.id}/counsellor/consent/", {"checkup_report": "on"})
    html = _report(erin_client, counselling)
    assert "<style" not in html
    assert not re.search(r'\sstyle="', html)
    assert not re.search(r"\son[a-z]+=", html)
    assert "counsel/counsel.css" in html  # the print stylesheet


def test_the_database_keeps_one_open_counselling_per_relationship(couple):
    from django.db import IntegrityError, transaction

    Counselling.objects.create(
        relationship=couple.relationship, counsellor_email="a@example.com", proposed_by=couple.alex
    )
    with pytest.raises(IntegrityError), transaction.atomic():
        Counselling.objects.create(
            relationship=couple.relationship,
            counsellor_email="b@example.com",
            proposed_by=couple.blair,
        )


def test_after_a_counsellor_account_is_gone_a_new_one_can_be_proposed(
    couple, alex_client, blair_client, erin_client, erin
):
    counselling_with(couple, alex_client, blair_client, erin_client)
    Counselling.objects.update(counsellor=None)  # as if removed without the privacy hook
    alex_client.post(f"/r/{couple.id}/counsellor/propose/", {"email": "frank@example.com"})
    assert Counselling.objects.filter(ended_at__isnull=True).get().counsellor_email == (
        "frank@example.com"
    )


def test_the_members_see_which_account_accepted_the_invitation(
    couple, alex_client, blair_client, client_for
):
    from web.counsel.helpers import invite_counsellor

    path = invite_counsellor(couple, alex_client, blair_client)
    frank = make_person("frank")  # someone else who got hold of the link
    assert client_for(frank).post(path).status_code == 302
    page = alex_client.get(f"/r/{couple.id}/counsellor/").content.decode()
    assert "frank@example.com" in page
    assert f"having accepted the invitation sent to {COUNSELLOR_EMAIL}" in page
