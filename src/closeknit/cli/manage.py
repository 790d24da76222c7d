"""closeknit CLI: manage commands (being written; its owner replaces this file)."""

import argparse


def register(subparsers: "argparse._SubParsersAction[argparse.ArgumentParser]") -> None:
    """Add this group's sub-commands."""
