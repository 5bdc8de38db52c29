"""A command line that names its command builds that command's parser alone
(``build_parser(argv)``): everything it parses, prints or refuses must be what the
whole parser gives. Each command's examples (from its own --help) and its usage
errors are run both ways, in a subprocess where the modules imported matter."""

from __future__ import annotations

import argparse
import contextlib
import io
import shlex
import subprocess
import sys

import pytest

from timer_tui.cli.help import example_lines, terminal_columns
from timer_tui.cli.parser import COMMANDS, build_parser

NAMES = [name for _, name in COMMANDS]


def outcome(parser: argparse.ArgumentParser, words: list[str]) -> tuple[object, str, str]:
    """What parsing ``words`` gives: the namespace (or the exit status), stdout, stderr."""
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            result: object = vars(parser.parse_args(words))
        except SystemExit as stop:
            result = ("exit", stop.code)
    return result, out.getvalue(), err.getvalue()


def test_the_table_is_every_command_in_help_order() -> None:
    full = build_parser()
    subparsers = next(a for a in full._actions if isinstance(a, argparse._SubParsersAction))
    assert list(subparsers.choices) == NAMES


@pytest.mark.parametrize("name", NAMES)
def test_one_command_parses_as_the_whole_parser_does(
    name: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COLUMNS", "80")
    full = build_parser()
    sub = next(a for a in full._actions if isinstance(a, argparse._SubParsersAction))
    lines = [shlex.split(line)[1:] for line in example_lines(sub.choices[name].epilog or "")]
    cases = [
        *[words for words in lines if not {">", "|", ">>", "&&", "<", "2>"} & set(words)],
        [name, "--help"],
        [name, "--no-such-option"],
        [name, "a", "b", "c", "d", "e"],
        [name],
    ]
    for words in cases:
        one = build_parser(words)
        assert outcome(one, words) == outcome(build_parser(), words), words
        one_sub = next(a for a in one._actions if isinstance(a, argparse._SubParsersAction))
        assert list(one_sub.choices) == [name]


def test_an_empty_line_gets_no_command_and_opens_the_app() -> None:
    parser = build_parser([])
    sub = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    assert list(sub.choices) == []
    assert outcome(parser, []) == outcome(build_parser(), [])
    assert vars(parser.parse_args([]))["func"].__name__ == "_open_app"


@pytest.mark.parametrize(
    "words", [["--help"], ["--version"], ["chek", "x"], ["--version", "check"], ["x"]]
)
def test_a_line_without_a_command_first_gets_every_command(words: list[str]) -> None:
    parser = build_parser(words)
    sub = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    assert list(sub.choices) == NAMES
    assert outcome(parser, words) == outcome(build_parser(), words)


def after_check(expression: str) -> str:
    """``expression`` printed in a fresh process after ``timer-tui check`` of a missing file."""
    code = (
        "import sys; from timer_tui.cli.main import main; main(['check', '/nonexistent.toml']);"
        f"print({expression})"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return done.stdout.splitlines()[-1]


def test_check_imports_no_other_commands_module() -> None:
    commands = "sorted(m for m in sys.modules if m.startswith('timer_tui.cli.commands.'))"
    assert after_check(commands) == "['timer_tui.cli.commands.sessions']"


def test_check_builds_its_parser_without_shutil() -> None:
    """argparse's formatter would import shutil (and with it zlib, bz2, lzma) for the width."""
    assert after_check("'shutil' in sys.modules") == "False"


def test_check_imports_no_typing() -> None:
    """typing is 3 ms of ``check``'s start, and its path needs it only for the type
    checker: its modules take typing's names under ``TYPE_CHECKING = False``."""
    code = "import sys, tomli; print('typing' in sys.modules)"
    tomli_alone = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    if tomli_alone.stdout.strip() != "False":
        pytest.skip("this tomli is the pure-Python fallback, which imports typing itself")
    assert after_check("'typing' in sys.modules") == "False"


@pytest.mark.parametrize("columns", [None, "100", "7", "0", "-3", "wide"])
def test_help_width_is_shutils(monkeypatch: pytest.MonkeyPatch, columns: str | None) -> None:
    import shutil

    if columns is None:
        monkeypatch.delenv("COLUMNS", raising=False)
    else:
        monkeypatch.setenv("COLUMNS", columns)
    assert terminal_columns() == shutil.get_terminal_size().columns
