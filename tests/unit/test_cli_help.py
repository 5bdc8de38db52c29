"""Every subcommand's --help: a one-line help, a description, and examples that parse.

The parser is walked, so a command added later (nested ones such as ``log export``
too) is held to the same rule without this file changing. The style to follow is
in ``timer_tui/cli/help.py``.
"""

from __future__ import annotations

import argparse
import shlex

import pytest

from timer_tui.cli.help import EXAMPLES_HEADING, HELP_WIDTH, example_lines, examples
from timer_tui.cli.parser import build_parser

SHELL_WORDS = {">", ">>", "|", "&&", "<", "2>"}
"""Where an example's own arguments end and the shell's redirections begin."""


def subcommands(
    parser: argparse.ArgumentParser, path: tuple[str, ...] = ()
) -> list[tuple[tuple[str, ...], str | None, argparse.ArgumentParser]]:
    """(command path, its one-line help, its parser) for every subcommand, nested ones too."""
    found = []
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            helps = {a.dest: a.help for a in action._choices_actions}
            for name, sub in action.choices.items():
                found.append(((*path, name), helps.get(name), sub))
                found.extend(subcommands(sub, (*path, name)))
    return found


COMMANDS = subcommands(build_parser())
IDS = [" ".join(path) for path, _, _ in COMMANDS]


def test_the_walk_finds_the_commands() -> None:
    names = set(IDS)
    assert {"run", "show", "check", "list", "log", "next", "resume", "new", "edit"} <= names
    assert {"doctor", "schema"} <= names


@pytest.mark.parametrize(("path", "help_text", "sub"), COMMANDS, ids=IDS)
def test_one_line_help(
    path: tuple[str, ...], help_text: str | None, sub: argparse.ArgumentParser
) -> None:
    name = " ".join(path)
    assert help_text, f"{name}: add_parser(..., help='one line') is missing"
    assert "\n" not in help_text and len(help_text) <= HELP_WIDTH, (
        f"{name}: help= must fit on one line of timer-tui --help "
        f"({HELP_WIDTH} characters, it has {len(help_text)}): {help_text!r}"
    )
    assert not help_text.endswith("."), f"{name}: help= is a phrase, no full stop"


@pytest.mark.parametrize(("path", "help_text", "sub"), COMMANDS, ids=IDS)
def test_description_in_sentences(
    path: tuple[str, ...], help_text: str | None, sub: argparse.ArgumentParser
) -> None:
    name = " ".join(path)
    assert sub.description, f"{name}: add_parser(..., description='What it does.') is missing"
    assert sub.description[0].isupper() and sub.description.rstrip().endswith("."), (
        f"{name}: the description is sentences: a capital letter, a full stop"
    )
    assert sub.description != help_text


@pytest.mark.parametrize(("path", "help_text", "sub"), COMMANDS, ids=IDS)
def test_examples_parse_as_this_command(
    path: tuple[str, ...], help_text: str | None, sub: argparse.ArgumentParser
) -> None:
    """Each example is a command line the parser accepts, and it reaches this command."""
    name = " ".join(path)
    lines = example_lines(sub.epilog)
    assert 1 <= len(lines) <= 3, (
        f"{name}: epilog=examples((\"timer-tui {name} ...\", 'what it does'), ...): "
        f"one or two examples, found {len(lines)}"
    )
    for line in lines:
        words = shlex.split(line)
        for i, word in enumerate(words):
            if word in SHELL_WORDS:
                words = words[:i]
                break
        assert words[0] == "timer-tui" and tuple(words[1 : 1 + len(path)]) == path, (
            f"{name}: the example {line!r} does not run timer-tui {name}"
        )
        try:
            args = build_parser().parse_args(words[1:])
        except SystemExit as stop:
            pytest.fail(f"{name}: the example {line!r} does not parse (exit {stop.code})")
        assert args.func is sub.get_default("func"), f"{name}: {line!r} runs another command"


@pytest.mark.parametrize(("path", "help_text", "sub"), COMMANDS, ids=IDS)
def test_every_argument_says_what_it_is(
    path: tuple[str, ...], help_text: str | None, sub: argparse.ArgumentParser
) -> None:
    """The man page and shell completion show these too."""
    for action in sub._actions:
        if isinstance(action, argparse._SubParsersAction) or action.help == argparse.SUPPRESS:
            continue
        label = "/".join(action.option_strings) or action.metavar or action.dest
        assert action.help, f"{' '.join(path)}: {label} has no help="


@pytest.mark.parametrize(("path", "help_text", "sub"), COMMANDS, ids=IDS)
def test_help_fits_80_columns(
    path: tuple[str, ...],
    help_text: str | None,
    sub: argparse.ArgumentParser,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("COLUMNS", "80")
    text = sub.format_help()
    assert EXAMPLES_HEADING in text
    wide = [line for line in text.splitlines() if len(line) > 80]
    assert not wide, f"{' '.join(path)} --help has lines over 80 columns: {wide}"


def test_the_layout_wraps_prose_and_keeps_examples(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "40")
    parser = build_parser()
    sub = argparse.ArgumentParser(
        prog="x",
        description="word " * 30,
        epilog=examples(("timer-tui run a-rather-long-session-id --plain", "what")),
        formatter_class=parser.formatter_class,  # the same layout as every command
    )
    text = sub.format_help()
    prose = [line for line in text.splitlines() if line.startswith("word")]
    assert len(prose) > 1 and all(len(line) <= 40 for line in prose)
    assert "  timer-tui run a-rather-long-session-id --plain\n      what" in text


def test_main_help_lists_every_command_on_one_line(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "80")
    text = build_parser().format_help()
    for path, help_text, _ in COMMANDS:
        if len(path) == 1:
            assert f"{path[0]} " in text and str(help_text) in text
