"""Export and delete: my takes and Pulses go with me; the other person's stay."""

from __future__ import annotations

import json

from closeknit.web.checkups.actions import check_submit_pulse
from closeknit.web.checkups.models import Pulse, Take
from web.checkups.helpers import answers_where, finish_checkup, high_closeness, pulse_answers


def test_the_export_has_my_takes_and_pulses_with_answers(couple, alex_client):
    take = finish_checkup(couple.alex, answers_where(high_closeness))
    check_submit_pulse(couple.alex, pulse_answers(4))
    data = json.loads(alex_client.get("/account/data/export/").content)["data"]["checkups"]
    assert data["takes"][0]["id"] == str(take.id)
    assert data["takes"][0]["answers"] == take.answers
    assert data["pulses"][0]["answers"] == pulse_answers(4)


def test_deleting_my_account_removes_my_answers_and_keeps_the_others(couple, alex):
    from closeknit.web.privacy.actions import do_delete_account

    finish_checkup(couple.alex, answers_where(high_closeness))
    blair_take = finish_checkup(couple.blair, answers_where(high_closeness))
    check_submit_pulse(couple.alex, pulse_answers(4))
    check_submit_pulse(couple.blair, pulse_answers(2))
    do_delete_account(alex)
    assert list(Take.objects.all()) == [blair_take]
    assert list(Pulse.objects.values_list("membership_id", flat=True)) == [couple.blair.pk]
