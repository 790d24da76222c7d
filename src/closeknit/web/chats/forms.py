from __future__ import annotations

from typing import Any

from django import forms


class ExportForm(forms.Form):
    """The text fields of the upload (the file itself arrives through ``uploads``)."""

    person_a = forms.CharField(
        required=False,
        max_length=200,
        label="First person's name in the chat",
        help_text="Only for a group chat: the two names exactly as the chat shows them.",
    )
    person_b = forms.CharField(required=False, max_length=200, label="Second person's name")
    keep_examples = forms.BooleanField(
        required=False,
        label="Keep up to three example messages for each sign",
        help_text="Off by default: without it, no words from the chat are kept at all.",
    )

    def between(self) -> tuple[str, str] | bool | None:
        """The two names, ``None`` for none, or ``False`` when only one was given."""
        data: dict[str, Any] = self.cleaned_data
        a, b = data.get("person_a", "").strip(), data.get("person_b", "").strip()
        if a and b:
            return a, b
        if a or b:
            return False
        return None
