"""The SVG charts: accessible, CSP-safe, faithful to the numbers."""

from __future__ import annotations

import re
from datetime import date, timedelta

from closeknit.web.checkups import charts


def test_a_bar_chart_is_an_image_with_its_own_title_and_description():
    chart = charts.score_bars("c1", "Components", [charts.Bar("Trust", 72.4, 6.1)])
    svg = str(chart.svg)
    assert 'role="img"' in svg
    assert 'aria-labelledby="c1-title c1-desc"' in svg
    assert '<title id="c1-title">Components</title>' in svg
    assert "Trust 72 ± 6" in svg
    assert chart.rows == (("Trust", "72", "6"),)


def test_charts_use_no_inline_styles_or_scripts():
    bars = [charts.Bar("A", 10, 2), charts.Bar("B", None)]
    paired = [charts.PairedBar("A", 10, 2, 90, 3, True)]
    points = [(date(2026, 1, 5) + timedelta(weeks=i), v) for i, v in enumerate((50, None, 70))]
    for chart in (
        charts.score_bars("a", "t", bars),
        charts.paired_bars("b", "t", "Blair", paired),
        charts.line_chart("c", "t", points, what="Closeness"),
    ):
        svg = str(chart.svg)
        assert "style=" not in svg
        assert "<script" not in svg
        assert not re.search(r"\son\w+=", svg)


def test_bar_length_follows_the_score():
    svg = str(charts.score_bars("c", "t", [charts.Bar("Half", 50, None)]).svg)
    track = re.search(r'chart__track" x="(\d+)" y="[\d.]+" width="(\d+)"', svg)
    bar = re.search(r'chart__bar chart__bar--mine" x="\d+" y="[\d.]+" width="([\d.]+)"', svg)
    assert track
    assert bar
    assert abs(float(bar.group(1)) - int(track.group(2)) / 2) < 1


def test_names_are_escaped():
    chart = charts.paired_bars("p", "t", "<b>Eve</b>", [charts.PairedBar("X", 1, 1, 2, 1)])
    assert "<b>Eve" not in str(chart.svg)
    assert "&lt;b&gt;Eve" in str(chart.svg)


def test_a_line_chart_breaks_at_a_missing_week():
    points = [
        (date(2026, 1, 5) + timedelta(weeks=i), v) for i, v in enumerate((50, 60, None, 70, 80))
    ]
    svg = str(charts.line_chart("l", "t", points, what="Closeness").svg)
    assert svg.count('class="chart__line"') == 2
    assert svg.count('class="chart__dot"') == 4


def test_a_chart_figure_escapes_its_title_labels_and_cells():
    from closeknit.web.checkups import charts

    chart = charts.score_bars("c1", "Views <&>", [charts.Bar("<b>Trust</b>", 50.0, 3.0)])
    figure = str(chart.figure)
    assert '<figcaption id="c1-caption" class="chart-figure__caption">Views &lt;&amp;&gt;' in figure
    assert '<th scope="row">&lt;b&gt;Trust&lt;/b&gt;</th>' in figure
    assert "<b>Trust</b>" not in figure
    assert figure.count("<svg") == 1
