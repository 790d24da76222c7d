"""A counselling brought to life the way people do it, for the counsel tests."""

from __future__ import annotations

import re
from typing import Any

from django.core import mail

COUNSELLOR_EMAIL = "erin@example.com"


def invite_counsellor(couple: Any, alex_client: Any, blair_client: Any) -> str:
    """Alex proposes Erin, Blair agrees; returns the invitation path from the e-mail."""
    rid = couple.id
    alex_client.post(f"/r/{rid}/counsellor/propose/", {"email": COUNSELLOR_EMAIL})
    mail.outbox.clear()
    blair_client.post(f"/r/{rid}/counsellor/agree/")
    (message,) = mail.outbox
    assert message.to == [COUNSELLOR_EMAIL]
    match = re.search(r"https?://[^/\s]+(/counsel/accept/[^/\s]+/)", message.body)
    assert match, message.body
    return match.group(1)


def counselling_with(couple: Any, alex_client: Any, blair_client: Any, erin_client: Any) -> Any:
    """An active counselling with Erin as the counsellor."""
    from closeknit.web.counsel.models import Counselling

    path = invite_counsellor(couple, alex_client, blair_client)
    assert erin_client.post(path).status_code == 302
    return Counselling.objects.get()
