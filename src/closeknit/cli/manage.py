"""``closeknit manage ARGS...``: Django's management commands for the web app.

Everything after ``manage`` goes to Django unchanged (``closeknit manage migrate``,
``closeknit manage check --deploy``, ``closeknit manage db_worker``). Django is imported only
when the command runs, so the rest of the CLI works without touching the web app.
"""

from __future__ import annotations

import argparse
import os

SETTINGS_MODULE = "closeknit.web.settings"


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the ``manage`` command."""
    parser = subparsers.add_parser(
        "manage",
        help="run a Django management command for the web app (migrate, db_worker, ...)",
        description="Run a Django management command with closeknit's web settings.",
        add_help=False,
        # Options belong to Django: with no option prefix of our own, "--help" or
        # "--deploy" right after "manage" is passed through instead of parsed here.
        prefix_chars="\x00",
    )
    parser.add_argument("django_args", nargs=argparse.REMAINDER, metavar="ARGS")
    parser.set_defaults(handler=run_manage)


def run_manage(args: argparse.Namespace) -> int:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", SETTINGS_MODULE)
    from django.core.management import execute_from_command_line

    argv = ["closeknit manage", *args.django_args]
    try:
        execute_from_command_line(argv)
    except SystemExit as exc:
        code = exc.code
        return code if isinstance(code, int) else (0 if code is None else 1)
    return 0
