"""Creating a relationship, inviting with a single-use expiring link, accepting, leaving."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from closeknit.web.relationships.models import Invitation, Membership, Relationship
from closeknit.web.relationships.tokens import hash_token


def _create(client, kind="partner"):
    response = client.post("/relationships/new/", {"kind": kind})
    assert response.status_code == 302
    return Relationship.objects.latest("created_at")


def _invite_link(client, relationship, email=""):
    response = client.post(f"/r/{relationship.id}/invite/", {"email": email}, follow=True)
    assert response.status_code == 200
    match = re.search(rb'value="(http://testserver/invite/[^"]+/)"', response.content)
    assert match, "the new invitation link is shown once on the relationship page"
    return match.group(1).decode().removeprefix("http://testserver")


def test_alex_creates_a_relationship_and_is_its_only_member(alex_client, alex):
    relationship = _create(alex_client, "friend")
    assert relationship.kind == "friend"
    assert list(relationship.active_memberships().values_list("user", flat=True)) == [alex.pk]


def test_an_unknown_kind_is_refused_with_a_message(alex_client):
    response = alex_client.post("/relationships/new/", {"kind": "enemy"})
    assert response.status_code == 200
    assert (
        b"Choose partners, friends or family" in response.content
        or b"valid choice" in response.content
    )
    assert not Relationship.objects.exists()


def test_blair_joins_through_the_invitation_link(alex_client, blair_client, blair):
    relationship = _create(alex_client)
    link = _invite_link(alex_client, relationship)
    page = blair_client.get(link)
    assert page.status_code == 200
    assert b"Alex invites you" in page.content
    joined = blair_client.post(link)
    assert joined.status_code == 302
    assert Membership.objects.filter(user=blair, relationship=relationship).exists()
    assert b"You and Alex" in blair_client.get(joined["Location"]).content


def test_only_the_hash_of_the_token_is_stored(alex_client):
    relationship = _create(alex_client)
    link = _invite_link(alex_client, relationship)
    token = link.split("/")[2]
    stored = Invitation.objects.get(relationship=relationship)
    assert stored.token_hash == hash_token(token)
    assert token not in stored.token_hash


def test_an_invitation_works_only_once(alex_client, blair_client, casey_client, casey):
    relationship = _create(alex_client)
    link = _invite_link(alex_client, relationship)
    assert blair_client.post(link).status_code == 302
    again = casey_client.post(link)
    assert again.status_code == 410
    assert b"already been used" in again.content
    assert not Membership.objects.filter(user=casey).exists()


def test_an_expired_invitation_explains_itself(alex_client, blair_client, blair):
    relationship = _create(alex_client)
    link = _invite_link(alex_client, relationship)
    Invitation.objects.update(expires_at=timezone.now() - timedelta(seconds=1))
    response = blair_client.post(link)
    assert response.status_code == 410
    assert b"expired" in response.content
    assert not Membership.objects.filter(user=blair).exists()


def test_a_new_link_withdraws_the_old_one(alex_client, blair_client):
    relationship = _create(alex_client)
    old = _invite_link(alex_client, relationship)
    new = _invite_link(alex_client, relationship)
    assert blair_client.post(old).status_code == 410
    assert blair_client.post(new).status_code == 302


def test_a_withdrawn_link_stops_working(alex_client, blair_client):
    relationship = _create(alex_client)
    link = _invite_link(alex_client, relationship)
    alex_client.post(f"/r/{relationship.id}/revoke/")
    response = blair_client.get(link)
    assert response.status_code == 410
    assert b"withdrawn" in response.content


def test_a_made_up_token_is_simply_not_found(blair_client):
    response = blair_client.get("/invite/not-a-real-token/")
    assert response.status_code == 404
    assert b"not valid" in response.content


def test_alex_cannot_accept_their_own_invitation(alex_client, alex):
    relationship = _create(alex_client)
    link = _invite_link(alex_client, relationship)
    response = alex_client.post(link)
    assert response.status_code == 409
    assert b"your own invitation" in response.content


def test_a_relationship_never_has_more_than_two_people(couple, alex_client):
    response = alex_client.post(f"/r/{couple.id}/invite/", {"email": ""}, follow=True)
    assert b"already joined" in response.content
    assert not Invitation.objects.filter(relationship=couple.relationship).exists()


def test_a_visitor_who_is_not_logged_in_is_asked_to_log_in_first(alex_client, anon_client):
    relationship = _create(alex_client)
    link = _invite_link(alex_client, relationship)
    response = anon_client.get(link)
    assert response.status_code == 200
    assert b"log in or create an account first" in response.content
    assert f"next={link}".encode() in response.content
    assert anon_client.post(link).status_code == 200  # shows the same page, joins nobody
    assert relationship.active_memberships().count() == 1


def test_the_link_can_be_sent_by_email_without_anything_private(alex_client):
    relationship = _create(alex_client)
    link = _invite_link(alex_client, relationship, email="blair@example.com")
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["blair@example.com"]
    assert link in message.body
    assert "Alex" in message.subject


def test_a_person_may_be_in_several_relationships(alex_client, alex):
    _create(alex_client, "partner")
    _create(alex_client, "family")
    page = alex_client.get("/relationships/")
    assert page.content.count(b"Waiting for someone to join") == 2


def test_either_person_can_leave_and_the_other_keeps_the_relationship(
    couple, blair_client, alex_client
):
    response = blair_client.post(f"/r/{couple.id}/leave/")
    assert response.status_code == 302
    assert blair_client.get(f"/r/{couple.id}/").status_code == 404
    page = alex_client.get(f"/r/{couple.id}/")
    assert page.status_code == 200
    assert b"Blair" not in page.content
    assert Membership.objects.get(pk=couple.blair.pk).left_at is not None  # Blair's data stays


def test_someone_who_left_can_be_invited_back(couple, alex_client, blair_client, blair):
    blair_client.post(f"/r/{couple.id}/leave/")
    link = _invite_link(alex_client, couple.relationship)
    assert blair_client.post(link).status_code == 302
    assert Membership.objects.get(user=blair, relationship=couple.relationship).left_at is None


@pytest.mark.django_db(transaction=True)
def test_two_people_racing_for_one_link_cannot_both_join(alex, blair, casey):
    from closeknit.web.relationships.actions import (
        check_accept_invitation,
        check_create_invitation,
        do_create_relationship,
    )
    from closeknit.web.relationships.errors import RelationshipActionError
    from web.conftest import run_concurrently

    membership = do_create_relationship(alex, "partner")
    token = check_create_invitation(membership).token

    def accept(user):
        def job():
            try:
                check_accept_invitation(user, token)
                return "joined"
            except RelationshipActionError as exc:
                return exc.error.code

        return job

    outcomes = sorted(run_concurrently([accept(blair), accept(casey)]))
    assert outcomes == ["invitation_used", "joined"]
    assert membership.relationship.active_memberships().count() == 2
