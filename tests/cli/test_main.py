"""The command registry: every command is found, and each loads only its own group."""

from __future__ import annotations

import argparse
import importlib
import subprocess
import sys

import pytest

from closeknit.cli.main import COMMAND_GROUPS, build_parser, main


@pytest.mark.parametrize("module", list(COMMAND_GROUPS))
def test_each_group_registers_exactly_the_commands_listed_for_it(module: str) -> None:
    parser = argparse.ArgumentParser()
    subparsers = parser.add_subparsers()
    importlib.import_module(module).register(subparsers)
    assert tuple(subparsers.choices) == COMMAND_GROUPS[module]


def test_the_full_help_lists_every_command(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        main(["--help"])
    out = capsys.readouterr().out
    for commands in COMMAND_GROUPS.values():
        for command in commands:
            assert command in out


def test_an_unknown_command_is_refused_with_the_list_of_commands(
    capsys: pytest.CaptureFixture[str],
) -> None:
    with pytest.raises(SystemExit) as exc:
        main(["lern"])
    assert exc.value.code == 2
    assert "invalid choice: 'lern'" in capsys.readouterr().err


def test_learning_about_a_concept_does_not_load_the_chat_analysis_stack() -> None:
    code = (
        "import sys\n"
        "from closeknit.cli.main import main\n"
        "main(['learn', 'trust', '--format', 'json'])\n"
        "print('polars' in sys.modules, file=sys.stderr)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stderr.strip().splitlines()[-1] == "False"


def test_the_parser_built_for_every_group_knows_every_command() -> None:
    parser = build_parser()
    actions = [a for a in parser._actions if isinstance(a, argparse._SubParsersAction)]
    known = set(actions[0].choices)
    assert known == {c for commands in COMMAND_GROUPS.values() for c in commands}
