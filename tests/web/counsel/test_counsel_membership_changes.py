"""A counselling belongs to the two people who chose it: when either leaves, someone new
joins or an account is deleted, it ends, and nothing of it passes to anyone else.
(Regression tests for findings of a review.)"""

from __future__ import annotations

from datetime import timedelta
from io import BytesIO

import pytest
from django.utils import timezone

from closeknit.web.counsel.models import AccessRecord, Counselling
from closeknit.web.privacy.actions import do_delete_account
from closeknit.web.relationships.actions import (
    check_accept_invitation,
    check_create_invitation,
    do_leave_relationship,
)
from web.checkups.helpers import answers_where, finish_checkup, high_closeness
from web.conftest import pass_screen
from web.counsel.helpers import COUNSELLOR_EMAIL, counselling_with


def _join(couple, user):
    """``user`` joins the relationship (after someone left), screened negative."""
    invitation = check_create_invitation(
        couple.alex if couple.alex.left_at is None else couple.blair
    )
    membership = check_accept_invitation(user, invitation.token)
    pass_screen(membership)
    return membership


def test_a_newcomer_cannot_agree_to_a_proposal_made_before_they_came(
    couple, alex_client, casey, client_for
):
    alex_client.post(f"/r/{couple.id}/counsellor/propose/", {"email": COUNSELLOR_EMAIL})
    do_leave_relationship(couple.blair)
    _join(couple, casey)
    client_for(casey).post(f"/r/{couple.id}/counsellor/agree/")
    assert not Counselling.objects.filter(agreed_at__isnull=False).exists()
    assert Counselling.objects.get().state == "ended"


def test_a_proposer_who_left_takes_the_proposal_with_them(couple, alex_client, casey, client_for):
    alex_client.post(f"/r/{couple.id}/counsellor/propose/", {"email": COUNSELLOR_EMAIL})
    do_leave_relationship(couple.alex)
    _join(couple, casey)
    client_for(casey).post(f"/r/{couple.id}/counsellor/agree/")
    assert Counselling.objects.get().state == "ended"


def test_an_active_counselling_ends_for_good_when_someone_leaves(
    couple, alex_client, blair_client, erin_client, casey, client_for
):
    finish_checkup(couple.blair, answers_where(high_closeness))
    counselling = counselling_with(couple, alex_client, blair_client, erin_client)
    blair_client.post(f"/r/{couple.id}/counsellor/consent/", {"checkup_report": "on"})
    do_leave_relationship(couple.alex)
    _join(couple, casey)
    client_for(casey).get(f"/r/{couple.id}/counsellor/")  # any look at it settles it
    page = erin_client.get(f"/counsel/{counselling.id}/")
    assert page.status_code == 404 or "not available" in page.content.decode()
    assert "Casey" not in page.content.decode()
    assert "Checkup, finished" not in page.content.decode()


def test_the_counsellor_joining_as_a_member_ends_the_counselling(
    couple, alex_client, blair_client, erin_client, erin
):
    finish_checkup(couple.alex, answers_where(high_closeness))
    counselling = counselling_with(couple, alex_client, blair_client, erin_client)
    alex_client.post(f"/r/{couple.id}/counsellor/consent/", {"checkup_report": "on"})
    do_leave_relationship(couple.blair)
    _join(couple, erin)
    page = erin_client.get(f"/counsel/{counselling.id}/")
    assert "Checkup, finished" not in page.content.decode()
    alex_client.get(f"/r/{couple.id}/counsellor/")
    assert Counselling.objects.get().state == "ended"


@pytest.mark.parametrize(("leaver", "sharer"), [("alex", "blair"), ("blair", "alex")])
def test_deleting_either_account_keeps_the_other_person_s_record_of_the_looks(
    leaver, sharer, couple, alex_client, blair_client, erin_client
):
    # Alex proposed and Blair agreed: either one's deletion must leave the other's records.
    clients = {"alex": alex_client, "blair": blair_client}
    finish_checkup(getattr(couple, sharer), answers_where(high_closeness))
    counselling = counselling_with(couple, alex_client, blair_client, erin_client)
    clients[sharer].post(f"/r/{couple.id}/counsellor/consent/", {"checkup_report": "on"})
    erin_client.get(f"/counsel/{counselling.id}/")
    do_delete_account(getattr(couple, leaver).user)
    counselling.refresh_from_db()
    assert counselling.state == "ended"
    assert AccessRecord.objects.filter(membership=getattr(couple, sharer)).count() == 1


def test_the_export_of_someone_who_left_holds_no_later_counsellings(
    couple, alex_client, casey, client_for
):
    do_leave_relationship(couple.alex)
    casey_membership = _join(couple, casey)
    client_for(casey).post(f"/r/{couple.id}/counsellor/propose/", {"email": "later@example.org"})
    assert Counselling.objects.filter(proposed_by=casey_membership).exists()
    exported = alex_client.get("/account/data/export/").content.decode()
    assert "later@example.org" not in exported


def test_an_address_longer_than_the_column_is_refused_cleanly(couple, alex_client):
    long_address = "a" * 64 + "@" + ".".join(["b" * 60] * 4) + ".org"
    assert len(long_address) > 254
    response = alex_client.post(f"/r/{couple.id}/counsellor/propose/", {"email": long_address})
    assert response.status_code == 302
    assert not Counselling.objects.exists()


def test_an_expired_invitation_no_longer_blocks_a_new_proposal(couple, alex_client, blair_client):
    from web.counsel.helpers import invite_counsellor

    invite_counsellor(couple, alex_client, blair_client)
    Counselling.objects.update(expires_at=timezone.now() - timedelta(minutes=1))
    alex_client.post(f"/r/{couple.id}/counsellor/propose/", {"email": "next@example.org"})
    assert Counselling.objects.filter(ended_at__isnull=True).get().counsellor_email == (
        "next@example.org"
    )


def test_a_second_agreement_makes_no_second_invitation(couple, alex_client, blair_client):
    from django.core import mail

    from web.counsel.helpers import invite_counsellor

    invite_counsellor(couple, alex_client, blair_client)
    blair_client.post(f"/r/{couple.id}/counsellor/agree/")
    assert len(mail.outbox) == 1


def test_files_sent_anywhere_else_are_read_in_small_pieces_and_dropped(settings):
    from django.http.multipartparser import MultiPartParser

    from closeknit.web.common.uploads import DropFiles

    body = (
        b'--b\r\nContent-Disposition: form-data; name="f"; filename="x.bin"\r\n\r\n'
        + b"x" * 3_000_000
        + b'\r\n--b\r\nContent-Disposition: form-data; name="t"\r\n\r\nkept\r\n--b--\r\n'
    )
    reads: list[int] = []

    class Recorded(BytesIO):
        def read(self, size: int | None = -1) -> bytes:
            chunk = super().read(size)
            reads.append(len(chunk))
            return chunk

    meta = {"CONTENT_TYPE": "multipart/form-data; boundary=b", "CONTENT_LENGTH": str(len(body))}
    post, files = MultiPartParser(meta, Recorded(body), [DropFiles(None)]).parse()
    assert post["t"] == "kept"
    assert not files
    assert max(reads) <= 64 * 1024


def test_a_former_member_deleting_their_account_leaves_the_current_pair_alone(
    couple, alex_client, erin_client, casey, client_for
):
    do_leave_relationship(couple.blair)
    _join(couple, casey)
    counselling = counselling_with(couple, alex_client, client_for(casey), erin_client)
    do_delete_account(couple.blair.user)
    counselling.refresh_from_db()
    assert counselling.state == "active"


def test_an_invitation_cannot_be_accepted_once_a_member_has_left(
    couple, alex_client, blair_client, erin_client
):
    from web.counsel.helpers import invite_counsellor

    path = invite_counsellor(couple, alex_client, blair_client)
    do_leave_relationship(couple.blair)
    assert erin_client.get(path).status_code == 404
    assert erin_client.post(path).status_code == 404
    assert Counselling.objects.get().counsellor_id is None


def test_a_lapsed_counselling_ends_from_the_counsellor_s_side_too(
    couple, alex_client, blair_client, erin_client
):
    counselling = counselling_with(couple, alex_client, blair_client, erin_client)
    do_leave_relationship(couple.blair)
    do_leave_relationship(couple.alex)  # no member will open their page again
    assert str(counselling.id) not in erin_client.get("/counsel/").content.decode()
    assert erin_client.get(f"/counsel/{counselling.id}/").status_code == 404
    counselling.refresh_from_db()
    assert counselling.ended_at is not None


def test_someone_who_rejoined_still_exports_their_earlier_counsellings(couple, alex_client):
    alex_client.post(f"/r/{couple.id}/counsellor/propose/", {"email": "early@example.org"})
    alex_client.post(f"/r/{couple.id}/counsellor/end/")
    do_leave_relationship(couple.alex)
    invitation = check_create_invitation(couple.blair)
    check_accept_invitation(couple.alex.user, invitation.token)
    assert "early@example.org" in alex_client.get("/account/data/export/").content.decode()
