"""The radio groups built in Python escape everything a person can type, exactly as the
template engine would, and mark the saved choice."""

from __future__ import annotations

from closeknit.web.checkups.actions import check_submit_pulse
from closeknit.web.checkups.forms import Option, Question, questions_html
from web.checkups.helpers import PULSE, pulse_answers


def test_a_name_with_markup_is_shown_as_text_in_every_statement(couple, alex_client, blair):
    blair.display_name = '<script>alert("x")</script> & co'
    blair.save(update_fields=["display_name"])
    page = alex_client.get(f"/r/{couple.id}/pulse/").content.decode()
    assert "<script>alert" not in page
    named = [i for i in PULSE.items if "{name}" in i.text]
    assert page.count("&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; co") >= len(named)


def test_the_saved_pulse_is_marked_checked(couple, alex_client):
    check_submit_pulse(couple.alex, pulse_answers(2))
    page = alex_client.get(f"/r/{couple.id}/pulse/").content.decode()
    assert page.count(" checked>") == len(PULSE.items)
    assert page.count('value="2" id="') == len(PULSE.items)
    assert 'type="radio" name="' in page


def test_errors_are_listed_and_described_by_the_group():
    html = questions_html(
        [Question("q1", "A & B", ("Pick <one>",), (Option("1", "Never", "id_q1_0", False),))]
    )
    assert 'aria-describedby="q1-errors"' in html
    assert '<ul class="errorlist" id="q1-errors"><li>Pick &lt;one&gt;</li></ul>' in html
    assert "<legend>A &amp; B</legend>" in html
    assert " checked" not in html


def test_table_rows_escape_every_cell_and_head_each_row():
    from closeknit.web.checkups.views import _table_rows

    html = _table_rows([("A <b>", "1 & 2", "3")])
    assert html == '<tr><th scope="row">A &lt;b&gt;</th><td>1 &amp; 2</td><td>3</td></tr>'
