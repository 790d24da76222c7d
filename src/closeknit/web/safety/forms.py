from __future__ import annotations

from typing import Any

from django import forms


class SafetyScreenForm(forms.Form):
    """One radio question per safety item, worded for this relationship. Every question
    may be skipped (the content promises it); skipped items are simply not answered."""

    def __init__(self, *args: Any, instrument: Any, kind: str, other_name: str, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.instrument = instrument
        for item in instrument.items:
            labels = item.scale.labels
            choices = [
                (str(point), labels[point - item.scale.minimum]) for point in item.scale.points
            ]
            self.fields[item.id] = forms.TypedChoiceField(
                label=item.wording(kind, other_name),
                choices=choices,
                coerce=int,
                widget=forms.RadioSelect,
                required=False,
                empty_value=None,
            )

    def answers(self) -> dict[str, int]:
        return {
            item.id: int(self.cleaned_data[item.id])
            for item in self.instrument.items
            if self.cleaned_data.get(item.id) is not None
        }
