"""Radio-group forms for a Checkup section and the weekly Pulse.

Every statement is worded for this relationship and the other person's name; every one may
be left blank. Validation of the chosen points is the core's (``actions.validated_answers``).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from django import forms
from django.utils.choices import BaseChoiceIterator
from django.utils.safestring import SafeString, mark_safe

from closeknit.instruments import Item
from closeknit.web.common.html import conditional_escape


class ItemsForm(forms.Form):
    """One optional radio question per item; ``answers()`` gives the chosen points."""

    def __init__(
        self,
        *args: Any,
        items: Iterable[Item],
        kind: str,
        other_name: str,
        saved: Mapping[str, int] | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.items = tuple(items)
        saved = saved or {}
        for item in self.items:
            self.fields[item.id] = forms.TypedChoiceField(
                label=item.wording(kind, other_name),  # type: ignore[arg-type]
                choices=_Choices(_choice_pairs(item)),
                coerce=int,
                widget=forms.RadioSelect,
                required=False,
                empty_value=None,
                initial=saved.get(item.id),
            )

    def answers(self) -> dict[str, int | None]:
        """Chosen points by item id; ``None`` for a statement left blank."""
        return {item.id: self.cleaned_data.get(item.id) for item in self.items}


def _choice_pairs(item: Item) -> tuple[tuple[str, str], ...]:
    """(value, label) for each point of the item's scale."""
    labels = item.scale.labels
    return tuple((str(point), labels[point - item.scale.minimum]) for point in item.scale.points)


class _Choices(BaseChoiceIterator):
    """Ready-made choices: Django re-normalises a plain list three times per field (two
    thirds of building a Pulse form), but takes a choice iterator as it is."""

    def __init__(self, pairs: tuple[tuple[str, str], ...]) -> None:
        self.pairs = pairs

    def __iter__(self) -> Iterator[tuple[str, str]]:
        return iter(self.pairs)

    def __len__(self) -> int:
        return len(self.pairs)


@dataclass(frozen=True)
class Option:
    value: str
    label: str
    id: str
    checked: bool


@dataclass(frozen=True)
class Question:
    """One radio group ready to render (without a widget template per radio: pages with
    dozens of radios render several times faster this way)."""

    name: str
    label: str
    errors: tuple[str, ...]
    options: tuple[Option, ...]


def questions(form: ItemsForm) -> list[Question]:
    """The form's radio groups with the submitted (or saved) choice marked."""
    out = []
    for name in form.fields:
        bound = form[name]
        current = bound.value()
        current = "" if current is None else str(current)
        field = form.fields[name]
        out.append(
            Question(
                name=bound.html_name,
                label=str(field.label),
                errors=tuple(str(e) for e in bound.errors),
                options=tuple(
                    Option(str(v), str(lbl), f"id_{bound.html_name}_{i}", str(v) == current)
                    for i, (v, lbl) in enumerate(field.choices)  # type: ignore[attr-defined]
                ),
            )
        )
    return out


def questions_html(items: Iterable[Question]) -> SafeString:
    """The radio groups as HTML, every value escaped as the template engine would.

    The markup ``checkups/_questions.html`` used to loop over; built here because a page
    of radios spent a third of its time walking template nodes (several hundred per
    Pulse page)."""
    e = conditional_escape
    out = []
    for q in items:
        name = e(q.name)
        described = f' aria-describedby="{name}-errors"' if q.errors else ""
        errors = (
            f'<ul class="errorlist" id="{name}-errors">'
            + "".join(f"<li>{e(err)}</li>" for err in q.errors)
            + "</ul>"
            if q.errors
            else ""
        )
        options = "".join(
            f'<li><label for="{e(o.id)}"><input type="radio" name="{name}" '
            f'value="{e(o.value)}" id="{e(o.id)}"{" checked" if o.checked else ""}> '
            f"<span>{e(o.label)}</span></label></li>"
            for o in q.options
        )
        out.append(
            f'\n    <fieldset class="item"{described}>\n'
            f"      <legend>{e(q.label)}</legend>\n"
            f"      {errors}\n"
            f'      <ul class="scale">\n'
            f"        {options}\n"
            f"      </ul>\n"
            f"    </fieldset>\n"
        )
    return mark_safe("".join(out))  # noqa: S308 - every value above is escaped
