"""The self-contained HTML report: charts, tables, emotions, determinism."""

from __future__ import annotations

import re
import sys
import types
from datetime import UTC, date, datetime, timedelta

import numpy as np
import polars as pl
import pytest
from conversation_rows import conversation_of

from closeknit.conversation.corpus import Conversation
from closeknit.conversation.insights import analyze_conversation
from closeknit.conversation.report_html import line_chart, render_html

MONDAY = datetime(2024, 1, 1, 9, 0, tzinfo=UTC)


def small_chat() -> Conversation:
    rows = []
    for week in (0, 2):  # a quiet week in between
        t = MONDAY + timedelta(weeks=week)
        rows += [
            (t, "Alex", "I feel sad today"),
            (t + timedelta(minutes=2), "Blair", "oh no, what happened?"),
            (t + timedelta(minutes=3), "Alex", "haha nothing, love you"),
        ]
    return conversation_of(rows)


def test_a_line_breaks_where_a_week_has_no_value() -> None:
    weeks = [date(2024, 1, 1) + timedelta(weeks=i) for i in range(5)]
    svg = line_chart("t", "d", weeks, [("x", [0.1, 0.2, None, 0.4, 0.5], "s-a")])
    assert svg.count("<polyline") == 2
    lone = line_chart("t", "d", weeks, [("x", [None, 0.3, None, None, None], "s-a")])
    assert lone.count("<circle") == 1
    assert "<polyline" not in lone


def test_a_chart_has_a_title_a_description_and_labelled_axes() -> None:
    weeks = [date(2024, 1, 1), date(2024, 1, 8)]
    svg = line_chart("Messages & more", "two <weeks>", weeks, [("A", [1.0, 3.0], "s-a")])
    assert "<title" in svg
    assert "Messages &amp; more" in svg
    assert "two &lt;weeks&gt;" in svg
    assert "2024-01-01" in svg
    assert "2024-01-08" in svg


def test_the_same_insights_give_the_same_page() -> None:
    ins = analyze_conversation(small_chat(), emotions=False)
    assert render_html(ins) == render_html(ins)


def test_the_page_shows_every_week_including_quiet_ones_in_its_tables() -> None:
    page = render_html(analyze_conversation(small_chat(), emotions=False))
    for week in ("2024-01-01", "2024-01-08", "2024-01-15"):
        assert f'<th scope="row">{week}</th>' in page


def test_the_emotion_mix_is_shown_when_the_classifier_is_there(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    class FakeClassifier:
        @classmethod
        def load(cls) -> FakeClassifier:
            return cls()

        def predict_proba(self, texts: pl.Series) -> np.ndarray:
            sad = texts.str.contains("sad").to_numpy()
            return np.stack(
                [np.where(sad, 0.2, 0.7), np.where(sad, 0.7, 0.1), np.full(len(sad), 0.5)], axis=1
            ).astype(np.float32)

    fake = types.ModuleType("closeknit.conversation.emotions")
    fake.EMOTION_LABELS = ("joy", "sadness", "neutral")  # type: ignore[attr-defined]
    fake.EmotionClassifier = FakeClassifier  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "closeknit.conversation.emotions", fake)
    page = render_html(analyze_conversation(small_chat()))
    section = page[page.index("Emotions in the last four weeks") :]
    assert re.search(r"<th scope=\"row\">sadness</th>", section)
    assert re.search(r"<th scope=\"row\">joy</th>", section)
    assert '<th scope="row">neutral</th>' not in section


def test_without_the_classifier_the_page_says_why() -> None:
    ins = analyze_conversation(small_chat(), emotions=False)
    page = render_html(ins)
    assert "Not shown: emotions were not requested" in page
