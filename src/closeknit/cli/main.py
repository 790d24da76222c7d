"""Entry point of the `closeknit` command.

Each command group lives in its own module exposing ``register(subparsers)``; a command's
handler receives the parsed namespace and returns an exit status. Core errors
(:class:`closeknit.errors.CloseknitError`) are printed as plain messages with status 2.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Sequence

from closeknit import __version__
from closeknit.errors import CloseknitError

# One module per command group; each adds its sub-commands to the parser. The names it
# adds are listed so that running one command imports only its own group: the analysis
# groups pull in polars and numpy, which a quick `closeknit learn` should not pay for.
COMMAND_GROUPS: dict[str, tuple[str, ...]] = {
    "closeknit.cli.learn": ("learn",),
    "closeknit.cli.instruments": ("items", "checkup"),
    "closeknit.cli.scoring": ("score", "compare", "simulate", "reliability"),
    "closeknit.cli.convert": ("convert",),
    "closeknit.cli.analyze": ("analyze", "markers"),
    "closeknit.cli.practice": ("practice", "questions"),
    "closeknit.cli.manage": ("manage",),
}
COMMAND_MODULES: tuple[str, ...] = tuple(COMMAND_GROUPS)


def _modules_for(argv: Sequence[str]) -> tuple[str, ...]:
    """The one group that owns ``argv``'s command, or every group (help, errors)."""
    first = next((a for a in argv if not a.startswith("-")), None)
    for module, commands in COMMAND_GROUPS.items():
        if first in commands:
            return (module,)
    return COMMAND_MODULES


def build_parser(modules: Sequence[str] = COMMAND_MODULES) -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="closeknit",
        description="See how close two people are, what holds it back, and what builds it.",
    )
    parser.add_argument("--version", action="version", version=f"closeknit {__version__}")
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in modules:
        importlib.import_module(name).register(subparsers)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    arguments = list(sys.argv[1:] if argv is None else argv)
    parser = build_parser(_modules_for(arguments))
    args = parser.parse_args(arguments)
    handler = getattr(args, "handler", None)
    if handler is None:
        parser.print_help()
        return 0
    try:
        status: int = handler(args)
    except CloseknitError as exc:
        print(f"closeknit: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("closeknit: interrupted; nothing was saved half-way.", file=sys.stderr)
        return 130
    return status


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
