"""Check-ins, notes and the journal: private unless shared, never through any door.

A private note or journal entry must not reach the other person through the pages, the
JSON API or their data export; a shared one reaches them, and unsharing hides it again.
"""

from __future__ import annotations

import json

from django.db import connection

from closeknit.web.checkins.models import Checkin, JournalEntry
from web.conftest import fail_screen, pass_screen
from web.practice.helpers import CHECKIN_FORM

PRIVATE_NOTE = "PRIVATENOTE thank you for the tea"
SHARED_NOTE = "SHAREDNOTE you made me laugh"
PRIVATE_ENTRY = "PRIVATEENTRY I worry about money"
SHARED_ENTRY = "SHAREDENTRY I loved Sunday"


def _everything_blair_can_reach(couple, blair_client) -> str:
    rid = couple.id
    parts = [
        blair_client.get(f"/r/{rid}/{page}/").content.decode()
        for page in ("checkin", "journal", "trends", "plan", "together")
    ]
    parts += [
        blair_client.get(f"/api/checkins/{rid}/{what}").content.decode()
        for what in ("checkins", "journal", "shared-notes")
    ]
    parts.append(blair_client.get("/account/data/export/").content.decode())
    return "\n".join(parts)


def test_a_private_note_never_reaches_the_other_person(couple, alex_client, blair_client):
    alex_client.post(f"/r/{couple.id}/checkin/", {**CHECKIN_FORM, "note": PRIVATE_NOTE})
    assert Checkin.objects.get(membership=couple.alex).note == PRIVATE_NOTE
    assert PRIVATE_NOTE not in _everything_blair_can_reach(couple, blair_client)
    assert PRIVATE_NOTE in alex_client.get("/account/data/export/").content.decode()


def test_a_shared_note_appears_to_the_other_person(couple, alex_client, blair_client):
    alex_client.post(
        f"/r/{couple.id}/checkin/", {**CHECKIN_FORM, "note": SHARED_NOTE, "note_shared": "on"}
    )
    assert SHARED_NOTE in blair_client.get(f"/r/{couple.id}/checkin/").content.decode()
    notes = blair_client.get(f"/api/checkins/{couple.id}/shared-notes").json()
    assert [n["note"] for n in notes] == [SHARED_NOTE]
    # It is still Alex's: it is not in Blair's export.
    assert SHARED_NOTE not in blair_client.get("/account/data/export/").content.decode()


def test_journal_entries_are_private_until_shared_and_private_again_when_unshared(
    couple, alex_client, blair_client
):
    rid = couple.id
    alex_client.post(f"/r/{rid}/journal/", {"text": PRIVATE_ENTRY})
    alex_client.post(f"/r/{rid}/journal/", {"text": SHARED_ENTRY, "shared": "on"})
    reach = _everything_blair_can_reach(couple, blair_client)
    assert PRIVATE_ENTRY not in reach
    assert SHARED_ENTRY in blair_client.get(f"/r/{rid}/journal/").content.decode()
    api = blair_client.get(f"/api/checkins/{rid}/journal").json()
    assert [(e["text"], e["mine"]) for e in api] == [(SHARED_ENTRY, False)]
    entry = JournalEntry.objects.get(membership=couple.alex, shared=True)
    alex_client.post(f"/r/{rid}/journal/{entry.id}/share/", {"shared": "0"})
    assert SHARED_ENTRY not in _everything_blair_can_reach(couple, blair_client)
    response = alex_client.put(
        f"/api/checkins/{rid}/journal/{entry.id}/shared",
        data=json.dumps({"shared": True}),
        content_type="application/json",
    )
    assert response.json()["shared"] is True
    assert SHARED_ENTRY in blair_client.get(f"/r/{rid}/journal/").content.decode()


def test_nothing_is_shared_while_joint_features_are_off(
    couple_unscreened, alex_client, blair_client
):
    pass_screen(couple_unscreened.alex)
    fail_screen(couple_unscreened.blair)
    rid = couple_unscreened.id
    alex_client.post(f"/r/{rid}/journal/", {"text": SHARED_ENTRY, "shared": "on"})
    alex_client.post(
        f"/r/{rid}/checkin/", {**CHECKIN_FORM, "note": SHARED_NOTE, "note_shared": "on"}
    )
    assert not JournalEntry.objects.filter(shared=True).exists()
    assert not Checkin.objects.filter(note_shared=True).exists()
    page = blair_client.get(f"/r/{rid}/journal/").content.decode()
    assert SHARED_ENTRY not in page
    assert "Share this entry" not in alex_client.get(f"/r/{rid}/journal/").content.decode()


def test_notes_and_entries_are_encrypted_at_rest(couple, alex_client):
    alex_client.post(f"/r/{couple.id}/checkin/", {**CHECKIN_FORM, "note": PRIVATE_NOTE})
    alex_client.post(f"/r/{couple.id}/journal/", {"text": PRIVATE_ENTRY})
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT note FROM {Checkin._meta.db_table}")
        notes = [r[0] for r in cursor.fetchall()]
        cursor.execute(f"SELECT text FROM {JournalEntry._meta.db_table}")
        entries = [r[0] for r in cursor.fetchall()]
    assert notes
    assert entries
    assert all(PRIVATE_NOTE not in n for n in notes)
    assert all(PRIVATE_ENTRY not in e for e in entries)


def test_deleting_the_account_removes_own_check_ins_and_entries_only(
    couple, alex_client, blair_client
):
    from closeknit.web.common.registry import personal_data

    alex_client.post(f"/r/{couple.id}/checkin/", CHECKIN_FORM)
    blair_client.post(f"/r/{couple.id}/checkin/", CHECKIN_FORM)
    alex_client.post(f"/r/{couple.id}/journal/", {"text": PRIVATE_ENTRY})
    for entry in personal_data:
        if entry.name in ("checkins", "practice"):
            entry.delete(couple.alex.user)
    assert not Checkin.objects.filter(membership=couple.alex).exists()
    assert not JournalEntry.objects.filter(membership=couple.alex).exists()
    assert Checkin.objects.filter(membership=couple.blair).exists()


def test_someone_who_joins_later_never_reads_what_was_shared_before(
    couple, alex_client, blair_client, dana, client_for
):
    from closeknit.web.relationships.models import Membership

    alex_client.post(f"/r/{couple.id}/journal/", {"text": SHARED_ENTRY, "shared": "on"})
    blair_client.post(f"/r/{couple.id}/leave/")
    newcomer = Membership.objects.create(user=dana, relationship=couple.relationship)
    pass_screen(newcomer)
    dana_client = client_for(dana)
    assert SHARED_ENTRY not in dana_client.get(f"/r/{couple.id}/journal/").content.decode()
    assert dana_client.get(f"/api/checkins/{couple.id}/journal").json() == []
