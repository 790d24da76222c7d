"""allauth adapter: e-mail goes through the task queue, never inside the request."""

from __future__ import annotations

from typing import Any

from allauth.account.adapter import DefaultAccountAdapter
from django.conf import settings

from closeknit.web.common.tasks import send_email


class AccountAdapter(DefaultAccountAdapter):
    def send_mail(self, template_prefix: str, email: str, context: dict[str, Any]) -> None:
        message = self.render_mail(template_prefix, email, context)
        html = ""
        for content, mimetype in getattr(message, "alternatives", []) or []:
            if mimetype == "text/html":
                html = str(content)
        send_email.enqueue(
            subject=str(message.subject),
            body=str(message.body),
            to=list(message.to),
            from_email=message.from_email or settings.DEFAULT_FROM_EMAIL,
            html=html,
        )

    def populate_username(self, request: Any, user: Any) -> None:
        # There is no username; e-mail is the login.
        return None
