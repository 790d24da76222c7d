"""Export all my data as JSON; delete my account for real without touching the other's data."""

from __future__ import annotations

import json

from allauth.account.models import EmailAddress

from closeknit.web.accounts.models import User
from closeknit.web.common.registry import personal_data
from closeknit.web.relationships.models import Membership, Relationship
from closeknit.web.safety.models import SafetyScreen
from web.conftest import PASSWORD, fail_screen


def _export(client) -> dict:
    response = client.get("/account/data/export/")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/json")
    assert "attachment" in response["Content-Disposition"]
    return json.loads(response.content)


def test_the_export_holds_my_account_relationships_and_screen(couple, alex_client):
    data = _export(alex_client)["data"]
    assert data["account"]["email"] == "alex@example.com"
    assert data["relationships"][0]["relationship_id"] == str(couple.id)
    assert data["relationships"][0]["other_person"] == "Blair"
    assert len(data["safety_screens"]) == 1
    assert set(data) >= {"account", "relationships", "safety_screens"}


def test_the_export_never_holds_the_other_persons_answers(couple, alex_client, blair_client):
    fail_screen(couple.blair, concerns=("control",))
    exported = json.dumps(_export(alex_client))
    assert "control" not in exported
    assert "blair@example.com" not in exported
    assert "control" in json.dumps(_export(blair_client))


def test_every_registered_app_is_in_the_export(couple, alex_client):
    assert set(_export(alex_client)["data"]) == set(personal_data.names())


def test_deleting_needs_the_right_password(couple, alex_client, alex):
    response = alex_client.post("/account/delete/", {"password": "wrong", "confirm": "on"})
    assert response.status_code == 200
    assert b"password is not right" in response.content
    assert User.objects.filter(pk=alex.pk).exists()


def test_deleting_my_account_removes_my_data_and_keeps_blairs(
    couple, alex_client, blair_client, alex
):
    response = alex_client.post("/account/delete/", {"password": PASSWORD, "confirm": "on"})
    assert response.status_code == 302
    assert not User.objects.filter(pk=alex.pk).exists()
    assert not EmailAddress.objects.filter(email="alex@example.com").exists()
    assert not Membership.objects.filter(user_id=alex.pk).exists()
    assert not SafetyScreen.objects.filter(membership__user_id=alex.pk).exists()
    # Blair keeps the relationship, their membership and their own screen.
    assert Relationship.objects.filter(pk=couple.id).exists()
    assert SafetyScreen.objects.filter(membership=couple.blair).exists()
    page = blair_client.get(f"/r/{couple.id}/")
    assert page.status_code == 200
    assert b"Alex" not in page.content
    # And the deleted session is gone.
    assert alex_client.get("/relationships/").status_code == 302
