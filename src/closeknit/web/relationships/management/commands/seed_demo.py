from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from closeknit.web.relationships.demo import ALEX, BLAIR, demo_exists, do_seed_demo


class Command(BaseCommand):
    help = "Create the demo relationship (Alex and Blair) unless it already exists."

    def handle(self, *args: Any, **options: Any) -> None:
        if demo_exists():
            self.stdout.write("Demo data already present; left as it is.")
            return
        do_seed_demo()
        self.stdout.write(self.style.SUCCESS("Demo relationship created:"))
        for person in (ALEX, BLAIR):
            self.stdout.write(f"  {person.display_name}: {person.email} / {person.password}")
