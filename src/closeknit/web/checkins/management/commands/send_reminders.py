"""``closeknit manage send_reminders [--every SECONDS]``: send the reminders that are due.

Safe to run from several places at once (the run script's loop, cron, more workers):
each occurrence is claimed atomically before its e-mail is enqueued.
"""

from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand

from closeknit.web.checkins.reminders import send_due_reminders


class Command(BaseCommand):
    help = "Send e-mail reminders that are due (once, or every N seconds with --every)."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--every", type=int, default=0, help="repeat every N seconds")

    def handle(self, *args: Any, every: int = 0, **options: Any) -> None:
        while True:
            sent = send_due_reminders()
            if options.get("verbosity", 1) > 1:
                self.stdout.write(f"{sent} reminder(s) sent")
            if every <= 0:
                return
            time.sleep(every)
