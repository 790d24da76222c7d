"""Forms of the check-ins pages (rendered by hand in the templates; see circles.py)."""

from __future__ import annotations

from django import forms

from closeknit.trends.checkins import MAX_MINUTES_PER_DAY
from closeknit.web.checkins.models import JOURNAL_MAX, NOTE_MAX

FIVE = [(str(n), str(n)) for n in range(1, 6)]
SEVEN = [(str(n), str(n)) for n in range(1, 8)]
WEEKDAYS = [
    ("0", "Monday"),
    ("1", "Tuesday"),
    ("2", "Wednesday"),
    ("3", "Thursday"),
    ("4", "Friday"),
    ("5", "Saturday"),
    ("6", "Sunday"),
]


class CheckinForm(forms.Form):
    mood = forms.TypedChoiceField(choices=FIVE, coerce=int, widget=forms.RadioSelect)
    closeness = forms.TypedChoiceField(choices=SEVEN, coerce=int, widget=forms.RadioSelect)
    loneliness = forms.TypedChoiceField(choices=FIVE, coerce=int, widget=forms.RadioSelect)
    stress = forms.TypedChoiceField(choices=FIVE, coerce=int, widget=forms.RadioSelect)
    minutes_together = forms.IntegerField(min_value=0, max_value=MAX_MINUTES_PER_DAY, initial=0)
    shared_moment = forms.TypedChoiceField(
        choices=[("yes", "Yes"), ("no", "No")],
        coerce=lambda v: v == "yes",
        widget=forms.RadioSelect,
    )
    note = forms.CharField(max_length=NOTE_MAX, required=False, widget=forms.Textarea)
    note_shared = forms.BooleanField(required=False)


class JournalForm(forms.Form):
    text = forms.CharField(max_length=JOURNAL_MAX, widget=forms.Textarea)
    shared = forms.BooleanField(required=False)


class ReminderForm(forms.Form):
    enabled = forms.BooleanField(required=False)
    weekdays = forms.MultipleChoiceField(
        choices=WEEKDAYS, required=False, widget=forms.CheckboxSelectMultiple
    )
    time_of_day = forms.TimeField(required=False, widget=forms.TimeInput(attrs={"type": "time"}))
