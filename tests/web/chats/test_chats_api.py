"""The chats JSON API: post an export as the body, read, share, delete; same privacy rules."""

from __future__ import annotations

import json

from closeknit.web.chats.models import ChatAnalysis
from web.chats.test_chats import CHAT, GROUP, SECRET
from web.conftest import fail_screen


def _post(client, couple, data=CHAT, query="name=chat.txt"):
    return client.post(
        f"/api/chats/{couple.id}/analyses?{query}",
        data=data.encode() if isinstance(data, str) else data,
        content_type="application/octet-stream",
    )


def test_an_export_posted_as_the_body_is_analysed(couple, alex_client):
    response = _post(alex_client, couple, query="name=chat.txt&keep_examples=true")
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["mine"] is True
    assert (body["platform"], body["messages"]) == ("whatsapp", 7)
    assert {s["sign"] for s in body["insights"]["signs"]} >= {"frequent_communication"}
    assert SECRET in json.dumps(body["examples"])
    listed = alex_client.get(f"/api/chats/{couple.id}/analyses").json()
    assert [a["id"] for a in listed] == [body["id"]]


def test_bad_exports_are_clear_errors_that_keep_nothing(couple, alex_client, settings):
    not_a_chat = _post(alex_client, couple, data="hello there\n")
    assert not_a_chat.status_code == 400
    assert not_a_chat.json()["code"] == "bad_export"
    assert "chat.txt" in not_a_chat.json()["message"]
    group = _post(alex_client, couple, data=GROUP, query="name=g.txt&person_a=Alex")
    assert group.json()["code"] == "half_between"
    empty = _post(alex_client, couple, data=b"")
    assert empty.json()["code"] == "no_file"
    settings.CLOSEKNIT_CHAT_UPLOAD_MAX_MB = 1
    big = _post(alex_client, couple, data=CHAT * (1_200_000 // len(CHAT)))
    assert big.status_code == 413
    assert big.json()["code"] == "too_big"
    assert not ChatAnalysis.objects.exists()


def test_a_group_chat_needs_and_takes_the_two_names(couple, alex_client):
    assert _post(alex_client, couple, data=GROUP).status_code == 400
    named = _post(alex_client, couple, data=GROUP, query="name=g.txt&person_a=Alex&person_b=Blair")
    assert named.status_code == 201
    assert named.json()["insights"]["participants"] == ["Alex", "Blair"]


def test_sharing_through_the_api_follows_the_same_rules(couple, alex_client, blair_client):
    made = _post(alex_client, couple, query="name=chat.txt&keep_examples=true").json()
    url = f"/api/chats/{couple.id}/analyses/{made['id']}"
    assert blair_client.get(url).status_code == 404
    shared = alex_client.put(url + "/shared", '{"shared": true}', content_type="application/json")
    assert shared.json()["shared"] is True
    theirs = blair_client.get(url).json()
    assert theirs["mine"] is False
    assert theirs["examples"] is None
    assert SECRET not in json.dumps(theirs)
    assert blair_client.delete(url).status_code == 404
    fail_screen(couple.blair)
    assert blair_client.get(url).status_code == 404
    assert blair_client.get(f"/api/chats/{couple.id}/analyses").json() == []
    # While joint features are closed nothing can be shared: asking leaves it private.
    on = alex_client.put(url + "/shared", '{"shared": true}', content_type="application/json")
    assert on.json()["shared"] is False
    assert alex_client.delete(url).status_code == 204
    assert not ChatAnalysis.objects.exists()


def test_the_openapi_document_lists_the_chats_endpoints(anon_client):
    paths = anon_client.get("/api/openapi.json").json()["paths"]
    assert "/api/chats/{relationship_id}/analyses" in paths
    assert "/api/chats/{relationship_id}/analyses/{analysis_id}/shared" in paths


def test_a_multipart_post_to_the_api_is_refused_and_never_touches_the_disk(
    couple, alex, monkeypatch
):
    from django.core.files import uploadhandler
    from django.test import Client

    def no_disk(*args, **kwargs):
        raise AssertionError("the chat was about to be written to disk")

    monkeypatch.setattr(uploadhandler.TemporaryFileUploadHandler, "new_file", no_disk)
    client = Client(enforce_csrf_checks=True)
    client.force_login(alex, backend="closeknit.web.accounts.backends.ModelBackend")
    client.get("/relationships/")  # sets the CSRF cookie
    token = client.cookies["csrftoken"].value
    from django.core.files.uploadedfile import SimpleUploadedFile

    response = client.post(
        f"/api/chats/{couple.id}/analyses?name=chat.txt",
        {"export": SimpleUploadedFile("chat.txt", CHAT.encode() * 10_000)},
        HTTP_X_CSRFTOKEN=token,
    )
    assert response.status_code == 415
    assert response.json()["code"] == "wrong_type"
    assert not ChatAnalysis.objects.exists()
