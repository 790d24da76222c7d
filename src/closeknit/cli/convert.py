"""closeknit CLI: ``convert`` — a chat export to CSV, Parquet or a ConvoKit corpus.

``closeknit convert EXPORT --to csv|parquet|convokit --out PATH [--between A B] [--tz ZONE]``
reads any export :func:`~closeknit.conversation.importers.load_conversation` recognises and
writes it for research tools. A one-line summary (counts and names, never message text) goes
to stdout, as text or ``--format json``; errors go to stderr with exit status 2.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from closeknit.conversation.convert import FORMATS, write_conversation
from closeknit.conversation.importers import PLATFORMS, load_conversation


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the ``convert`` command."""
    parser = subparsers.add_parser(
        "convert",
        help="convert a chat export to CSV, Parquet or a ConvoKit corpus",
        description="Read a two-person chat export (WhatsApp, Telegram, Signal, Messenger, "
        "Discord or CSV; format detected from content) and write it for research tools.",
    )
    parser.add_argument("export", type=Path, metavar="EXPORT", help="export file, folder or zip")
    parser.add_argument("--to", required=True, choices=FORMATS, help="output format")
    parser.add_argument("--out", required=True, type=Path, metavar="PATH", help="output path")
    parser.add_argument(
        "--between",
        nargs=2,
        metavar=("A", "B"),
        help="keep only these two people's messages (needed for group chats)",
    )
    parser.add_argument(
        "--tz",
        metavar="ZONE",
        help="IANA time zone of wall-clock exports such as WhatsApp (e.g. Europe/Berlin)",
    )
    parser.add_argument("--platform", choices=PLATFORMS, help="skip format detection")
    parser.add_argument(
        "--date-order",
        choices=("dmy", "mdy"),
        help="for WhatsApp files whose dates never show the order (default: dmy)",
    )
    parser.add_argument("--force", action="store_true", help="overwrite PATH if it exists")
    parser.add_argument("--format", choices=("text", "json"), default="text", help="summary")
    parser.set_defaults(handler=run_convert)


def run_convert(args: argparse.Namespace) -> int:
    between = tuple(args.between) if args.between else None
    conversation = load_conversation(
        args.export,
        between=between,
        platform=args.platform,
        tz=args.tz,
        date_order=args.date_order,
    )
    out = write_conversation(conversation, args.out, args.to, overwrite=args.force)
    summary = {
        "platform": conversation.platform,
        "messages": len(conversation),
        "participants": list(conversation.participants),
        "timezone_known": conversation.timezone_known,
        "format": args.to,
        "out": str(out),
    }
    if args.format == "json":
        print(json.dumps(summary, ensure_ascii=False))
    else:
        zone = "" if conversation.timezone_known else " (times are wall-clock, zone unknown)"
        print(
            f"wrote {len(conversation)} {conversation.platform} messages between "
            f"{conversation.participants[0]} and {conversation.participants[1]} to {out} "
            f"as {args.to}{zone}"
        )
    return 0
