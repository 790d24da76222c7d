from __future__ import annotations

from typing import Any

from django import forms

from closeknit.web.accounts.models import User, timezone_choices
from closeknit.web.accounts.regions import REGIONS


class SignupDetailsForm(forms.Form):
    """Extra sign-up fields allauth adds to its own form (e-mail and password)."""

    display_name = forms.CharField(
        label="Your name",
        max_length=60,
        help_text="How the other person will see you. A first name is enough.",
        widget=forms.TextInput(attrs={"autocomplete": "given-name"}),
    )

    field_order = ["display_name", "email", "password1", "password2"]  # noqa: RUF012 - Django reads it as a class attribute

    def signup(self, request: Any, user: User) -> None:
        user.display_name = self.cleaned_data["display_name"].strip()
        user.save(update_fields=["display_name"])


class SettingsForm(forms.ModelForm):
    region = forms.ChoiceField(
        choices=REGIONS, help_text="Used to show help services where you live."
    )
    timezone = forms.ChoiceField(label="Time zone", choices=timezone_choices)

    class Meta:
        model = User
        fields = ["display_name", "region", "timezone"]  # noqa: RUF012 - Django reads it as a class attribute
        labels = {"display_name": "Your name"}  # noqa: RUF012 - Django reads it as a class attribute


class ApiTokenForm(forms.Form):
    name = forms.CharField(
        label="Token name",
        max_length=60,
        help_text="What will use it, for example “my script”.",
    )
