"""The Checkup in the browser's terms: one section per page, saved answers pre-filled,
Back and "Save and finish later", resumable, a report right after the last section."""

from __future__ import annotations

import re

import pytest

from web.checkups.helpers import CHECKUP


def _start(client, couple):
    response = client.post(f"/r/{couple.id}/checkup/start/")
    assert response.status_code == 302
    return response["Location"]


def _form(section, point):
    return {i: str(point) for i in section.item_ids}


def test_starting_opens_section_one_with_a_progress_indicator(couple, alex_client):
    url = _start(alex_client, couple)
    assert url.endswith("/1/")
    page = alex_client.get(url).content.decode()
    total = len(CHECKUP.sections)
    assert f"Section 1 of {total}" in page
    assert f'<progress id="checkup-progress" max="{total}" value="1">' in page
    assert '<label for="checkup-progress"' in page


def test_statements_use_the_other_persons_name_and_radio_groups_have_legends(couple, alex_client):
    page = alex_client.get(_start(alex_client, couple)).content.decode()
    first = CHECKUP.item(CHECKUP.sections[0].item_ids[0])
    assert f"<legend>{first.wording('partner', 'Blair')}</legend>".replace("'", "&#x27;") in page
    assert page.count("<fieldset") == len(CHECKUP.sections[0].item_ids)
    assert "{name}" not in page
    assert 'type="radio"' in page


def test_saving_a_section_moves_on_and_its_answers_come_back_prefilled(couple, alex_client):
    url = _start(alex_client, couple)
    section = CHECKUP.sections[0]
    response = alex_client.post(url, {**_form(section, 4), "action": "next"})
    assert response["Location"].endswith("/2/")
    again = alex_client.get(url).content.decode()
    item = section.item_ids[0]
    assert re.search(rf'value="4"[^>]*id="id_{item}_3"[^>]*checked|value="4"[^>]*checked', again)


def test_back_saves_and_returns_to_the_previous_section(couple, alex_client):
    url = _start(alex_client, couple)
    alex_client.post(url, {**_form(CHECKUP.sections[0], 3), "action": "next"})
    second = url.replace("/1/", "/2/")
    response = alex_client.post(second, {**_form(CHECKUP.sections[1], 2), "action": "back"})
    assert response["Location"].endswith("/1/")
    from closeknit.web.checkups.models import Take

    take = Take.objects.get()
    assert take.answers[CHECKUP.sections[1].item_ids[0]] == 2


def test_save_and_finish_later_resumes_where_it_was_left(couple, alex_client):
    url = _start(alex_client, couple)
    alex_client.post(url, {**_form(CHECKUP.sections[0], 3), "action": "next"})
    later = alex_client.post(
        url.replace("/1/", "/2/"), {**_form(CHECKUP.sections[1], 3), "action": "later"}
    )
    assert later["Location"] == f"/r/{couple.id}/checkup/"
    overview = alex_client.get(later["Location"]).content.decode()
    assert "part-way through: 2 of" in overview
    # Closing the tab and coming back: "start" resumes the same take at section 3.
    assert _start(alex_client, couple).endswith("/3/")


def test_the_last_section_finishes_and_shows_the_report(couple, alex_client):
    url = _start(alex_client, couple)
    sections = CHECKUP.sections
    for n, section in enumerate(sections, start=1):
        response = alex_client.post(
            url.replace("/1/", f"/{n}/"), {**_form(section, 4), "action": "next"}
        )
    assert response["Location"].endswith("/report/")
    report = alex_client.get(response["Location"])
    assert report.status_code == 200
    assert "Your report" in report.content.decode()
    # A finished take is sealed: its sections now lead to the report.
    assert alex_client.get(url)["Location"].endswith("/report/")


def test_finishing_with_an_unsaved_section_goes_back_to_it(couple, alex_client):
    url = _start(alex_client, couple)
    last = len(CHECKUP.sections)
    response = alex_client.post(
        url.replace("/1/", f"/{last}/"), {**_form(CHECKUP.sections[-1], 4), "action": "next"}
    )
    assert response["Location"].endswith("/1/")


def test_an_answer_off_the_scale_is_refused_and_nothing_is_saved(couple, alex_client):
    url = _start(alex_client, couple)
    section = CHECKUP.sections[0]
    response = alex_client.post(url, {**_form(section, 9), "action": "next"})
    assert response.status_code == 200
    assert "errorlist" in response.content.decode()
    from closeknit.web.checkups.models import Take

    assert Take.objects.get().answers == {}


def test_a_section_number_out_of_range_goes_to_the_right_section(couple, alex_client):
    url = _start(alex_client, couple)
    assert alex_client.get(url.replace("/1/", "/99/"))["Location"].endswith("/1/")


@pytest.mark.parametrize("blank", [True])
def test_statements_may_be_left_blank(couple, alex_client, blank):
    url = _start(alex_client, couple)
    section = CHECKUP.sections[0]
    form = _form(section, 5)
    form.pop(section.item_ids[0])
    alex_client.post(url, {**form, "action": "next"})
    from closeknit.web.checkups.models import Take

    answers = Take.objects.get().answers
    assert section.item_ids[0] not in answers
    assert answers[section.item_ids[1]] == 5
