from django import forms

from closeknit.web.relationships.models import RelationshipKind


class CreateRelationshipForm(forms.Form):
    kind = forms.ChoiceField(
        label="Who is this with?",
        choices=[
            ("partner", "My partner"),
            ("friend", "A close friend"),
            ("family", "A family member"),
        ],
        widget=forms.RadioSelect,
        error_messages={"required": "Choose partners, friends or family."},
    )

    def clean_kind(self) -> str:
        kind = self.cleaned_data["kind"]
        assert kind in RelationshipKind.values
        return kind


class InviteByEmailForm(forms.Form):
    email = forms.EmailField(
        label="Their e-mail address (optional)",
        required=False,
        help_text="We send them the link. Leave empty to copy the link yourself.",
    )
