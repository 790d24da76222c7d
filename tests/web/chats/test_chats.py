"""Chat analyses in the web app: analysed in memory, only findings kept, private unless
shared, gone when joint features close, and every bad upload a clear error."""

from __future__ import annotations

import json
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client

from closeknit.conversation.insights import SIGNS
from closeknit.web.chats.models import ChatAnalysis
from web.conftest import PASSWORD, fail_screen

SECRET = "purple lighthouse"
CHAT = f"""\
04/03/2024, 09:00 - Messages and calls are end-to-end encrypted. No one outside of this chat, not even WhatsApp, can read or listen to them.
04/03/2024, 09:00 - Alex: look at this!
04/03/2024, 09:05 - Blair: haha that's amazing, where was it?
04/03/2024, 09:10 - Alex: I've been feeling really lonely lately
04/03/2024, 09:12 - Blair: oh no, I'm so sorry. what happened?
05/03/2024, 22:00 - Alex: you never listen to me
12/03/2024, 08:01 - Alex: love you so much, thank you for everything ❤️ see you at the {SECRET}
12/03/2024, 08:03 - Blair: love you too, thank you ❤️
"""
GROUP = CHAT + "12/03/2024, 09:00 - Casey: hi all\n"


def _upload(client, couple, data=CHAT, name="WhatsApp Chat with Blair.txt", **fields):
    body = {"export": SimpleUploadedFile(name, data.encode() if isinstance(data, str) else data)}
    return client.post(f"/r/{couple.id}/chats/", {**fields, **body})


def _everything_in_the_database() -> str:
    """Every text value in every table, as stored (encrypted columns stay encrypted)."""
    out = []
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names():
            cursor.execute(f'SELECT * FROM "{table}"')
            out.extend(str(v) for row in cursor.fetchall() for v in row)
    return "\n".join(out)


def test_an_export_is_analysed_and_only_the_findings_are_kept(couple, alex_client):
    response = _upload(alex_client, couple)
    analysis = ChatAnalysis.objects.get(membership=couple.alex)
    assert response.status_code == 302
    assert response["Location"] == f"/r/{couple.id}/chats/{analysis.id}/"
    assert (analysis.platform, analysis.messages) == ("whatsapp", 7)
    assert analysis.examples is None
    assert SECRET not in json.dumps(analysis.insights)
    assert SECRET not in _everything_in_the_database()
    page = alex_client.get(response["Location"]).content.decode()
    assert "(WhatsApp)" in page
    for title in ("Frequent communication", "Shared joy", "Withdrawal", "Active listening"):
        assert title in page
    assert "Alex" in page
    assert "Blair" in page
    assert SECRET not in page
    assert 'href="/learn/shared_joy/"' in page


def test_examples_are_kept_only_when_asked_encrypted_and_only_for_their_owner(
    couple, alex_client, blair_client
):
    _upload(alex_client, couple, keep_examples="on")
    analysis = ChatAnalysis.objects.get(membership=couple.alex)
    assert SECRET in json.dumps(analysis.examples)
    assert SECRET not in _everything_in_the_database()  # stored encrypted
    url = f"/r/{couple.id}/chats/{analysis.id}/"
    assert SECRET in alex_client.get(url).content.decode()
    alex_client.post(url + "share/", {"shared": "1"})
    shared_page = blair_client.get(url).content.decode()
    assert "Shared with you by" in shared_page
    assert SECRET not in shared_page  # examples are never shared


def test_the_other_person_sees_an_analysis_only_while_it_is_shared(
    couple, alex_client, blair_client
):
    _upload(alex_client, couple)
    analysis = ChatAnalysis.objects.get(membership=couple.alex)
    url = f"/r/{couple.id}/chats/{analysis.id}/"
    assert blair_client.get(url).status_code == 404
    assert url not in blair_client.get(f"/r/{couple.id}/chats/").content.decode()
    alex_client.post(url + "share/", {"shared": "1"})
    assert blair_client.get(url).status_code == 200
    assert url in blair_client.get(f"/r/{couple.id}/chats/").content.decode()
    assert blair_client.post(url + "delete/").status_code == 404  # not theirs to delete
    assert blair_client.post(url + "share/", {"shared": "0"}).status_code == 404
    alex_client.post(url + "share/", {"shared": "0"})
    assert blair_client.get(url).status_code == 404


@pytest.mark.parametrize("who", ["alex", "blair"])
def test_a_positive_safety_screen_quietly_withdraws_a_shared_analysis(
    who, couple, alex_client, blair_client
):
    _upload(alex_client, couple)
    analysis = ChatAnalysis.objects.get(membership=couple.alex)
    url = f"/r/{couple.id}/chats/{analysis.id}/"
    alex_client.post(url + "share/", {"shared": "1"})
    fail_screen(getattr(couple, who))
    assert blair_client.get(url).status_code == 404
    assert url not in blair_client.get(f"/r/{couple.id}/chats/").content.decode()
    # Alex can no longer share it anew (the control turns into "make private" only).
    alex_client.post(url + "share/", {"shared": "0"})
    alex_client.post(url + "share/", {"shared": "1"})
    assert not ChatAnalysis.objects.get(pk=analysis.pk).shared
    assert "Share the figures with" not in alex_client.get(url).content.decode()


def test_an_analysis_can_be_deleted_by_its_owner(couple, alex_client):
    _upload(alex_client, couple)
    analysis = ChatAnalysis.objects.get(membership=couple.alex)
    response = alex_client.post(f"/r/{couple.id}/chats/{analysis.id}/delete/")
    assert response.status_code == 302
    assert not ChatAnalysis.objects.exists()


def test_export_holds_my_analyses_and_deleting_my_account_removes_them(
    couple, alex_client, blair_client
):
    _upload(alex_client, couple, keep_examples="on")
    analysis = ChatAnalysis.objects.get(membership=couple.alex)
    alex_client.post(f"/r/{couple.id}/chats/{analysis.id}/share/", {"shared": "1"})
    mine = alex_client.get("/account/data/export/").content.decode()
    assert SECRET in mine
    assert "chat_analyses" in mine
    theirs = blair_client.get("/account/data/export/").content.decode()
    assert SECRET not in theirs
    assert "Frequent" not in theirs
    response = alex_client.post("/account/delete/", {"password": PASSWORD, "confirm": "on"})
    assert response.status_code == 302
    assert not ChatAnalysis.objects.exists()


@pytest.mark.parametrize(
    ("data", "fields", "status", "message"),
    [
        ("just some words\n", {}, 400, "expected a chat export"),
        (
            "04/03/2024, 09:00 - Alex: hi\nnot a header\n13/13/2024, 09:00 - Blair: x\n",
            {},
            400,
            "line 3",
        ),
        (GROUP, {}, 400, "between"),
        (GROUP, {"person_a": "Alex"}, 400, "give both names"),
        (GROUP, {"person_a": "Alex", "person_b": "Nobody"}, 400, "Nobody"),
    ],
    ids=["not-a-chat", "bad-date", "group", "one-name", "unknown-name"],
)
def test_a_bad_upload_is_a_clear_error_and_keeps_nothing(
    data, fields, status, message, couple, alex_client
):
    response = _upload(alex_client, couple, data=data, **fields)
    assert response.status_code == status
    assert message in response.content.decode()
    assert not ChatAnalysis.objects.exists()


def test_a_group_chat_is_analysed_between_the_two_named_people(couple, alex_client):
    response = _upload(alex_client, couple, data=GROUP, person_a="Alex", person_b="Blair")
    assert response.status_code == 302
    assert ChatAnalysis.objects.get().insights["participants"] == ["Alex", "Blair"]


def test_a_missing_file_is_a_clear_error(couple, alex_client):
    response = alex_client.post(f"/r/{couple.id}/chats/", {"keep_examples": "on"})
    assert response.status_code == 400
    assert "Choose the chat export file" in response.content.decode()


def test_an_export_over_the_limit_is_refused_without_reading_it_all(couple, alex_client, settings):
    settings.CLOSEKNIT_CHAT_UPLOAD_MAX_MB = 1
    big = CHAT * (1_200_000 // len(CHAT))
    response = _upload(alex_client, couple, data=big)
    assert response.status_code == 413
    assert "larger than this server accepts (1 MB)" in response.content.decode()
    assert not ChatAnalysis.objects.exists()


def test_a_large_upload_never_goes_to_a_temporary_file(couple, alex_client, monkeypatch):
    from django.core.files import uploadhandler

    def no_disk(*args, **kwargs):
        raise AssertionError("the chat was about to be written to disk")

    monkeypatch.setattr(uploadhandler.TemporaryFileUploadHandler, "new_file", no_disk)
    lines = [
        f"04/03/2024, 09:{m:02d} - {'Alex' if m % 2 else 'Blair'}: message number {m}"
        for m in range(60)
    ]
    big = ("\n".join(lines) + "\n") * 1000  # about 3 MB: above Django's in-memory limit
    assert len(big) > 2_621_440
    assert _upload(alex_client, couple, data=big).status_code == 302


def test_the_upload_still_checks_the_csrf_token(couple, alex):
    client = Client(enforce_csrf_checks=True)
    client.force_login(alex, backend="closeknit.web.accounts.backends.ModelBackend")
    response = _upload(client, couple)
    assert response.status_code == 403
    assert not ChatAnalysis.objects.exists()


def test_the_analysis_page_obeys_the_content_security_policy(couple, alex_client):
    _upload(alex_client, couple, keep_examples="on")
    analysis = ChatAnalysis.objects.get()
    html = alex_client.get(f"/r/{couple.id}/chats/{analysis.id}/").content.decode()
    assert html.count('<svg class="chart" role="img"') == len(SIGNS)  # one chart per sign
    assert "<style" not in html
    assert not re.search(r'\sstyle="', html)
    assert not re.search(r"\son[a-z]+=", html)
    assert not re.search(r'(?:src|href)="https?://', html)
    assert "Show these numbers as a table" in html


def test_a_chat_that_is_not_english_is_flagged_on_its_page(couple, alex_client):
    from cli.test_analyze import SPANISH

    _upload(alex_client, couple, data=SPANISH)
    analysis = ChatAnalysis.objects.get()
    page = alex_client.get(f"/r/{couple.id}/chats/{analysis.id}/").content.decode()
    assert "Most messages do not look English" in page


def test_each_person_may_analyse_only_so_many_chats_an_hour(
    couple, alex_client, blair_client, settings
):
    settings.CLOSEKNIT_CHAT_ANALYSES_PER_HOUR = 2
    assert _upload(alex_client, couple, data="not a chat\n").status_code == 400  # counts too
    assert _upload(alex_client, couple).status_code == 302
    refused = _upload(alex_client, couple)
    assert refused.status_code == 429
    assert "started 2 chat analyses in the last hour" in refused.content.decode()
    assert ChatAnalysis.objects.count() == 1
    api = alex_client.post(
        f"/api/chats/{couple.id}/analyses?name=c.txt",
        data=CHAT.encode(),
        content_type="application/octet-stream",
    )
    assert api.status_code == 429
    assert api.json()["code"] == "too_many"
    assert _upload(blair_client, couple).status_code == 302  # a limit per person


def test_the_demo_has_a_shared_chat_analysis_with_a_story(db):
    import io

    from django.core.management import call_command

    call_command("seed_demo", stdout=io.StringIO())
    analysis = ChatAnalysis.objects.get()
    assert analysis.shared
    assert analysis.messages > 500
    signs = {s["sign"]: s for s in analysis.insights["signs"]}
    assert signs["frequent_communication"]["level"] > 0.5
    assert analysis.examples  # Alex kept examples; they stay Alex's
    weekly = [v for _, v in signs["shared_joy"]["weekly"] if v is not None]
    assert sum(weekly[:3]) > sum(weekly[-3:])  # warmer at first than lately


def test_a_wall_clock_time_skipped_by_the_person_s_clock_change_is_no_error(
    couple, alex, alex_client
):
    # 31 March 2024, 01:30 does not exist in London (clocks went from 01:00 to 02:00); a
    # phone elsewhere could still have written it.
    alex.timezone = "Europe/London"
    alex.save(update_fields=["timezone"])
    chat = CHAT.replace("05/03/2024, 22:00", "31/03/2024, 01:30").replace(
        "12/03/2024", "02/04/2024"
    )
    assert _upload(alex_client, couple, data=chat).status_code == 302


def test_past_the_limit_the_upload_is_refused_before_its_body_is_read(
    couple, alex_client, settings, monkeypatch
):
    from closeknit.web.chats.uploads import InMemoryExport

    settings.CLOSEKNIT_CHAT_ANALYSES_PER_HOUR = 1
    assert _upload(alex_client, couple).status_code == 302

    def read(*args, **kwargs):
        raise AssertionError("the body of a refused upload was read")

    monkeypatch.setattr(InMemoryExport, "receive_data_chunk", read)
    assert _upload(alex_client, couple).status_code == 429


def test_a_second_file_in_one_request_is_refused_and_nothing_kept(couple, alex_client):
    response = alex_client.post(
        f"/r/{couple.id}/chats/",
        {
            "export": SimpleUploadedFile("chat.txt", CHAT.encode()),
            "other": SimpleUploadedFile("junk.bin", b"x" * 1000),
        },
    )
    assert response.status_code == 400
    assert not ChatAnalysis.objects.exists()


def test_no_other_page_keeps_an_uploaded_file_anywhere(couple, alex_client, monkeypatch):
    from django.core.files import uploadhandler

    def no_disk(*args, **kwargs):
        raise AssertionError("an upload was about to be written to disk")

    monkeypatch.setattr(uploadhandler.TemporaryFileUploadHandler, "new_file", no_disk)
    big = SimpleUploadedFile("chat.txt", CHAT.encode() * 20_000)  # about 8 MB
    # The journal page takes no file: the part is read and dropped, the entry is saved.
    response = alex_client.post(f"/r/{couple.id}/journal/", {"text": "a thought", "f": big})
    assert response.status_code == 302


def test_a_hostile_json_export_is_a_clear_error_not_a_crash(couple, alex_client):
    telegram = '{"name": "x", "type": "personal_chat", "messages": [{"id": 1, "type": "message", "date_unixtime": "1795255200", "from": "A", "text": "half \\ud800"}]}'
    response = _upload(alex_client, couple, data=telegram, name="result.json")
    assert response.status_code == 400
    assert "lone surrogate" in response.content.decode()


def test_parallel_tries_cannot_get_past_the_hourly_limit(transactional_db, alex, settings):
    from closeknit.web.chats.actions import take_analysis_slot
    from closeknit.web.chats.errors import ChatsActionError
    from web.conftest import run_concurrently

    settings.CLOSEKNIT_CHAT_ANALYSES_PER_HOUR = 2

    def attempt() -> bool:
        try:
            take_analysis_slot(alex)
        except ChatsActionError:
            return False
        return True

    assert sorted(run_concurrently([attempt] * 8)) == [False] * 6 + [True] * 2
