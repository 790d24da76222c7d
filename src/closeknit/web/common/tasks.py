"""Background work shared by every app: sending e-mail outside the request."""

from __future__ import annotations

from django.core.mail import EmailMultiAlternatives
from django_tasks import task


@task()
def send_email(
    subject: str, body: str, to: list[str], from_email: str | None = None, html: str = ""
) -> None:
    """Sends one message. Content is already rendered; notifications never carry answers."""
    message = EmailMultiAlternatives(subject, body, from_email, to)
    if html:
        message.attach_alternative(html, "text/html")
    message.send()
