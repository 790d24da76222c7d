"""The felt-closeness picture: seven pairs of circles, from apart to overlapping.

Each choice is a small server-rendered SVG inside the label of a plain radio button, so
the question works without JavaScript and a screen reader hears the words, not the
picture (the SVG is ``aria-hidden``).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.safestring import SafeString, mark_safe

LABELS = (
    "Far apart",
    "Apart",
    "Just touching",
    "Overlapping a little",
    "Overlapping",
    "Overlapping a lot",
    "Almost one",
)
RADIUS = 18.0


@dataclass(frozen=True)
class CircleChoice:
    value: int
    label: str
    svg: SafeString


def circles_svg(step: int) -> SafeString:
    """Two circles (radius 18) whose centres move from 50 units apart (step 1: a gap)
    through 36 (step 3: just touching) to 8 (step 7: almost one)."""
    distance = 50.0 - (step - 1) * 7.0
    cx = 50.0
    left, right = cx - distance / 2, cx + distance / 2
    return mark_safe(  # noqa: S308 - numbers only
        f'<svg class="circles" viewBox="0 0 100 44" width="100" height="44" '
        f'aria-hidden="true" focusable="false" xmlns="http://www.w3.org/2000/svg">'
        f'<circle class="circles__you" cx="{left:.1f}" cy="22" r="{RADIUS:.0f}" '
        f'fill="#2f6f62" fill-opacity="0.35" stroke="#2f6f62" stroke-width="2"/>'
        f'<circle class="circles__other" cx="{right:.1f}" cy="22" r="{RADIUS:.0f}" '
        f'fill="#b5654a" fill-opacity="0.35" stroke="#b5654a" stroke-width="2"/>'
        f"</svg>"
    )


CHOICES = tuple(CircleChoice(n, LABELS[n - 1], circles_svg(n)) for n in range(1, 8))
