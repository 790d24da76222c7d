"""Sign up with e-mail verification, log in, settings, API tokens."""

from __future__ import annotations

import re

from django.core import mail

from closeknit.web.accounts.models import User
from closeknit.web.accounts.tokens import do_create_api_token
from web.conftest import PASSWORD


def _sign_up(client, email="robin@example.com", name="Robin"):
    return client.post(
        "/accounts/signup/",
        {"display_name": name, "email": email, "password1": PASSWORD, "password2": PASSWORD},
    )


def test_signing_up_sends_a_verification_link_and_the_link_logs_you_in(anon_client, db):
    response = _sign_up(anon_client)
    assert response.status_code == 302
    user = User.objects.get(email="robin@example.com")
    assert user.display_name == "Robin"
    assert user.password.startswith("md5$") or user.password.startswith("argon2")
    assert len(mail.outbox) == 1
    link = re.search(
        r"http://testserver(/accounts/confirm-email/[^\s]+)", mail.outbox[0].body
    ).group(1)
    page = anon_client.get(link)
    assert page.status_code == 200
    confirmed = anon_client.post(link)
    assert confirmed.status_code == 302
    assert anon_client.get("/relationships/").status_code == 200


def test_an_unverified_address_cannot_log_in(anon_client, db):
    _sign_up(anon_client)
    anon_client.logout()
    response = anon_client.post(
        "/accounts/login/", {"login": "robin@example.com", "password": PASSWORD}
    )
    assert response.status_code == 302
    assert "confirm-email" in response["Location"]
    assert anon_client.get("/relationships/").status_code == 302


def test_a_verified_person_logs_in_with_email_and_password(anon_client, alex):
    response = anon_client.post(
        "/accounts/login/", {"login": "alex@example.com", "password": PASSWORD}
    )
    assert response.status_code == 302
    assert anon_client.get("/relationships/").status_code == 200


def test_settings_change_name_region_and_timezone(alex_client, alex):
    response = alex_client.post(
        "/account/settings/",
        {"display_name": "Alexandra", "region": "US", "timezone": "America/New_York"},
    )
    assert response.status_code == 302
    alex.refresh_from_db()
    assert (alex.display_name, alex.region, alex.timezone) == (
        "Alexandra",
        "US",
        "America/New_York",
    )


def test_settings_refuse_an_unknown_time_zone(alex_client, alex):
    response = alex_client.post(
        "/account/settings/", {"display_name": "A", "region": "GB", "timezone": "Mars/Olympus"}
    )
    assert response.status_code == 200
    assert b"Select a valid choice" in response.content
    alex.refresh_from_db()
    assert alex.timezone == "UTC"


def test_two_factor_totp_can_be_switched_on_after_confirming_the_password(anon_client, alex):
    anon_client.post("/accounts/login/", {"login": "alex@example.com", "password": PASSWORD})
    asked = anon_client.get("/accounts/2fa/totp/activate/")
    assert asked["Location"].startswith("/accounts/reauthenticate/")
    anon_client.post(asked["Location"], {"password": PASSWORD})
    page = anon_client.get("/accounts/2fa/totp/activate/")
    assert page.status_code == 200
    assert b"Authenticator code" in page.content or b"authenticator" in page.content.lower()
    assert b"<svg" in page.content or b"data:image" in page.content  # the QR code, served inline


def test_a_password_reset_link_is_sent_by_email(anon_client, alex):
    response = anon_client.post("/accounts/password/reset/", {"email": "alex@example.com"})
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    assert "/accounts/password/reset/key/" in mail.outbox[0].body


def test_an_api_token_authenticates_the_json_api(alex, couple, anon_client):
    _, token = do_create_api_token(alex, "script")
    response = anon_client.get("/api/relationships/", HTTP_AUTHORIZATION=f"Bearer {token}")
    assert response.status_code == 200
    assert response.json()[0]["other_person"] == "Blair"
    assert (
        anon_client.get("/api/relationships/", HTTP_AUTHORIZATION="Bearer ck_wrong").status_code
        == 401
    )


def test_the_openapi_document_is_published(anon_client, db):
    response = anon_client.get("/api/openapi.json")
    assert response.status_code == 200
    assert "/api/relationships/" in response.json()["paths"]


def test_a_token_made_on_the_settings_page_is_shown_once(alex_client, alex):
    alex_client.post("/account/tokens/", {"name": "my script"})
    first = alex_client.get("/account/settings/").content
    token = re.search(rb'id="new-token"[^>]*value="(ck_[^"]+)"', first).group(1).decode()
    assert alex.api_tokens.get().token_hash != token
    assert token.encode() not in alex_client.get("/account/settings/").content


def test_only_the_owner_can_revoke_a_token(alex, casey_client, alex_client, anon_client):
    row, token = do_create_api_token(alex, "script")
    assert casey_client.post(f"/account/tokens/{row.pk}/revoke/").status_code == 404
    assert anon_client.post(f"/account/tokens/{row.pk}/revoke/").status_code == 302
    assert alex.api_tokens.exists()
    assert alex_client.post(f"/account/tokens/{row.pk}/revoke/").status_code == 302
    assert not alex.api_tokens.exists()
    assert (
        anon_client.get("/api/relationships/", HTTP_AUTHORIZATION=f"Bearer {token}").status_code
        == 401
    )
