"""What the account contributes to "export my data" and "delete my account"."""

from __future__ import annotations

from typing import Any

from allauth.account.models import EmailAddress

from closeknit.web.accounts.models import User


def export_account(user: User) -> dict[str, Any]:
    return {
        "email": user.email,
        "display_name": user.display_name,
        "region": user.region,
        "timezone": user.timezone,
        "date_joined": user.date_joined.isoformat(),
        "last_login": user.last_login.isoformat() if user.last_login else None,
        "email_addresses": [
            {"email": a.email, "verified": a.verified, "primary": a.primary}
            for a in EmailAddress.objects.filter(user=user).order_by("email")
        ],
        "two_factor_enabled": user.authenticator_set.exists(),
    }


def delete_account_data(user: User) -> None:
    # E-mail addresses, authenticators and sessions go with the user row (CASCADE);
    # sessions are flushed by the privacy view for the current browser.
    EmailAddress.objects.filter(user=user).delete()
