"""``closeknit manage`` and the demo data ``make run`` creates."""

from __future__ import annotations

import io

from django.core.management import call_command

from closeknit.cli.main import main
from closeknit.web.accounts.models import User
from closeknit.web.common.registry import DemoCast, demo_seeders
from closeknit.web.relationships.models import Membership
from closeknit.web.safety.access import JointState, joint_state


def test_closeknit_manage_passes_everything_through_to_django(capsys):
    assert main(["manage", "check", "--fail-level", "ERROR"]) == 0
    assert "no issues" in capsys.readouterr().out


def test_closeknit_manage_returns_django_s_exit_status(capsys):
    assert main(["manage", "no_such_command"]) == 1
    assert "Unknown command" in capsys.readouterr().err


def test_seed_demo_creates_alex_and_blair_once(db):
    out = io.StringIO()
    call_command("seed_demo", stdout=out)
    assert "alex@example.com / closeknit-demo-alex" in out.getvalue()
    alex = User.objects.get(email="alex@example.com")
    assert alex.check_password("closeknit-demo-alex")
    assert alex.emailaddress_set.get().verified
    membership = Membership.objects.get(user=alex)
    assert joint_state(membership) is JointState.AVAILABLE
    again = io.StringIO()
    call_command("seed_demo", stdout=again)
    assert "already present" in again.getvalue()
    assert User.objects.count() == 2


def test_seed_demo_runs_the_registered_seeders(db):
    seen: list[DemoCast] = []
    demo_seeders.register("test-only", seen.append)
    try:
        call_command("seed_demo", stdout=io.StringIO())
    finally:
        demo_seeders._entries.pop("test-only")
    assert [c.blair.display_name for c in seen] == ["Blair"]
