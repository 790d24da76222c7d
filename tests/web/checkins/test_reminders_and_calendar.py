"""E-mail reminders (due in the person's own time zone, sent once, no content) and the
private calendar feed (valid iCalendar, secret, revocable)."""

from __future__ import annotations

import re
from datetime import UTC, datetime, time

import pytest
from django.core import mail
from django.core.management import call_command

from closeknit.web.checkins.actions import hash_token
from closeknit.web.checkins.models import CalendarFeed, Reminder
from closeknit.web.checkins.reminders import BODY, due_occurrence, send_due_reminders

# A Wednesday. 18:00 UTC is 19:00 in London (winter) and 13:00 in New York.
WEDNESDAY_18_UTC = datetime(2026, 1, 14, 18, 0, tzinfo=UTC)


def _reminder(membership, *, weekdays=(2,), at=time(19, 0), last_sent=None):
    return Reminder.objects.create(
        membership=membership,
        enabled=True,
        weekdays=list(weekdays),
        time_of_day=at,
        last_sent=last_sent,
    )


def test_reminders_are_off_until_the_person_switches_them_on(couple, alex_client):
    html = alex_client.get(f"/r/{couple.id}/reminders/").content.decode()
    assert 'name="enabled" value="on" checked' not in html
    assert send_due_reminders(WEDNESDAY_18_UTC) == 0
    assert mail.outbox == []


def test_a_reminder_is_due_at_its_local_time_in_the_person_s_time_zone(couple):
    reminder = _reminder(couple.alex)
    assert due_occurrence(reminder, "Europe/London", WEDNESDAY_18_UTC) is None  # 18:00 there
    later = datetime(2026, 1, 14, 19, 5, tzinfo=UTC)
    assert due_occurrence(reminder, "Europe/London", later) == datetime(
        2026, 1, 14, 19, 0, tzinfo=UTC
    )
    # 19:00 in New York is midnight UTC: not due at 19:05 UTC.
    assert due_occurrence(reminder, "America/New_York", later) is None
    ny = datetime(2026, 1, 15, 0, 10, tzinfo=UTC)
    assert due_occurrence(reminder, "America/New_York", ny) == datetime(
        2026, 1, 15, 0, 0, tzinfo=UTC
    )
    # Summer time moves the UTC instant: 19:00 in London in July is 18:00 UTC.
    july = datetime(2026, 7, 15, 18, 30, tzinfo=UTC)
    assert due_occurrence(reminder, "Europe/London", july) == datetime(
        2026, 7, 15, 18, 0, tzinfo=UTC
    )


def test_a_reminder_on_another_weekday_or_long_missed_is_not_sent(couple):
    reminder = _reminder(couple.alex, weekdays=(0,))  # Mondays only
    assert due_occurrence(reminder, "UTC", datetime(2026, 1, 14, 19, 30, tzinfo=UTC)) is None
    wednesday = _reminder(couple.blair)
    next_morning = datetime(2026, 1, 15, 9, 0, tzinfo=UTC)
    assert due_occurrence(wednesday, "UTC", next_morning) is None


def test_a_due_reminder_is_sent_once_with_no_content(couple):
    couple.alex.user.timezone = "Europe/London"
    couple.alex.user.save()
    _reminder(couple.alex)
    now = datetime(2026, 1, 14, 19, 1, tzinfo=UTC)
    assert send_due_reminders(now) == 1
    assert send_due_reminders(now) == 0
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [couple.alex.user.email]
    assert message.body.startswith(
        "You asked closeknit to remind you. Open closeknit to see your plan."
    )
    assert f"/r/{couple.id}/plan/" in message.body
    assert "Blair" not in message.body
    assert "Blair" not in message.subject
    assert message.body == BODY.format(link=re.search(r"http\S+", message.body).group(0))


def test_the_management_command_sends_due_reminders(couple, monkeypatch):
    from django.utils import timezone

    _reminder(couple.alex, at=time(19, 0))
    monkeypatch.setattr(timezone, "now", lambda: datetime(2026, 1, 14, 19, 2, tzinfo=UTC))
    call_command("send_reminders")
    assert len(mail.outbox) == 1


def test_two_senders_at_once_never_send_twice(transactional_db):
    from closeknit.web.relationships.actions import do_create_relationship
    from web.conftest import make_person, run_concurrently

    memberships = [do_create_relationship(make_person(f"p{n}"), "friend") for n in range(4)]
    for m in memberships:
        _reminder(m)
    now = datetime(2026, 1, 14, 19, 1, tzinfo=UTC)
    counts = run_concurrently([lambda: send_due_reminders(now) for _ in range(3)])
    assert sum(counts) == 4
    assert len(mail.outbox) == 4
    assert sorted(m.to[0] for m in mail.outbox) == sorted(m.user.email for m in memberships)


def test_saving_reminder_settings_through_the_page(couple, alex_client):
    alex_client.post(
        f"/r/{couple.id}/reminders/",
        {"enabled": "on", "weekdays": ["0", "3"], "time_of_day": "08:30"},
    )
    reminder = Reminder.objects.get(membership=couple.alex)
    assert reminder.enabled
    assert reminder.weekdays == [0, 3]
    assert reminder.time_of_day == time(8, 30)
    bad = alex_client.post(f"/r/{couple.id}/reminders/", {"enabled": "on", "time_of_day": "08:30"})
    assert bad.status_code == 302
    assert Reminder.objects.get(membership=couple.alex).weekdays == [0, 3]


# --- the calendar feed -------------------------------------------------------------------


def _new_feed(client, couple) -> str:
    client.post(f"/r/{couple.id}/calendar/new/")
    html = client.get(f"/r/{couple.id}/reminders/").content.decode()
    match = re.search(r'value="http://testserver(/calendar/[^"]+\.ics)"', html)
    assert match, "the new address is shown once"
    again = client.get(f"/r/{couple.id}/reminders/").content.decode()
    assert match.group(1) not in again  # never shown twice
    return match.group(1)


def test_the_feed_is_valid_icalendar_with_crlf_uid_and_dtstamp(couple, alex_client, anon_client):
    url = _new_feed(alex_client, couple)
    response = anon_client.get(url)  # the secret is the only credential
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    body = response.content.decode()
    assert body.startswith("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:")
    assert body.endswith("END:VCALENDAR\r\n")
    assert "\n" not in body.replace("\r\n", "")
    events = body.split("BEGIN:VEVENT")[1:]
    assert 2 <= len(events) <= 3
    for event in events:
        assert re.search(r"\r\nUID:[^\r]+@closeknit\r\n", event)
        assert re.search(r"\r\nDTSTAMP:\d{8}T\d{6}Z\r\n", event)
        assert re.search(r"\r\nDTSTART;VALUE=DATE:\d{8}\r\n", event)
        assert "SUMMARY:" in event
    assert all(len(line.encode()) <= 75 for line in body.split("\r\n"))
    assert "Blair" not in body
    assert "DESCRIPTION" not in body


def test_only_the_token_s_hash_is_stored(couple, alex_client):
    url = _new_feed(alex_client, couple)
    token = url.removeprefix("/calendar/").removesuffix(".ics")
    feed = CalendarFeed.objects.get(membership=couple.alex)
    assert feed.token_hash == hash_token(token)
    assert token not in feed.token_hash


def test_revoking_or_regenerating_makes_the_old_address_404(couple, alex_client, anon_client):
    first = _new_feed(alex_client, couple)
    second = _new_feed(alex_client, couple)
    assert anon_client.get(first).status_code == 404
    assert anon_client.get(second).status_code == 200
    alex_client.post(f"/r/{couple.id}/calendar/revoke/")
    assert anon_client.get(second).status_code == 404


@pytest.mark.parametrize("guess", ["cal_", "cal_x", "../../etc/passwd"])
def test_guessed_addresses_are_404(couple, alex_client, anon_client, guess):
    _new_feed(alex_client, couple)
    assert anon_client.get(f"/calendar/{guess}.ics").status_code == 404


def test_the_feed_stops_when_its_owner_leaves(couple, alex_client, anon_client):
    url = _new_feed(alex_client, couple)
    alex_client.post(f"/r/{couple.id}/leave/")
    assert anon_client.get(url).status_code == 404
