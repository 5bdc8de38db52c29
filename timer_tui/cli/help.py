"""How every ``--help`` is laid out: wrapped prose, and examples kept as written.

argparse offers either wrapped text (its default, which runs an epilog's example
lines together) or raw text (RawDescriptionHelpFormatter, which leaves a long
description unwrapped past the terminal's edge). Help needs both: a description
wrapped to the terminal, and an epilog of ``examples:`` lines or a table of exit
statuses kept line by line. The rule here: lines that start with a space are kept
as written, the others are prose and are wrapped.

Every command follows one style, which ``tests/unit/test_cli_help.py`` holds
each subcommand to (the ones still to come too)::

    p = sub.add_parser(
        "show",
        help="a session's expanded timeline and total time",    # one line, <= 56 chars
        description="Print a session's steps ... .",              # sentences
        epilog=examples(
            ("timer-tui show presets/tabata", "the 16 steps of a Tabata"),
        ),
    )

The man page (``timer-tui man``) is made from the same texts.
"""

from __future__ import annotations

import argparse
import os
import sys

TYPE_CHECKING = False  # typing's constant; typing itself stays out of `check` (test_cli_parser)
if TYPE_CHECKING:
    from typing import Any

HELP_WIDTH = 56
"""The longest one-line ``help=`` of a subcommand: what fits beside the command's name
in ``timer-tui --help`` on an 80-column terminal (argparse indents it 24 columns)."""

EXAMPLES_HEADING = "examples:"


class HelpFormatter(argparse.HelpFormatter):
    """Prose wrapped to the terminal; indented lines (examples, tables) kept as written."""

    def __init__(
        self,
        prog: str,
        indent_increment: int = 2,
        max_help_position: int = 24,
        width: int | None = None,
    ) -> None:
        # argparse's own default width, read without importing shutil: argparse makes a
        # formatter for every add_argument, and shutil imports zlib, bz2 and lzma (2-4 ms
        # of each `timer-tui check`) for the one function it would call here.
        if width is None:
            width = terminal_columns() - 2
        super().__init__(prog, indent_increment, max_help_position, width)

    def _fill_text(self, text: str, width: int, indent: str) -> str:
        import textwrap  # here: only --help writes text, not every command line

        lines: list[str] = []
        prose: list[str] = []

        def flush() -> None:
            if prose:
                lines.append(
                    textwrap.fill(
                        " ".join(prose),
                        width,
                        initial_indent=indent,
                        subsequent_indent=indent,
                        break_on_hyphens=False,  # never "bash-" / "completion" or "--" / "plain"
                        break_long_words=False,
                    )
                )
                prose.clear()

        for line in text.splitlines():
            if not line.strip():
                flush()
                lines.append("")
            elif line[0].isspace():
                flush()
                lines.append(indent + line.rstrip())
            else:
                prose.append(line.strip())
        flush()
        return "\n".join(lines)


def terminal_columns() -> int:
    """``shutil.get_terminal_size().columns``: ``COLUMNS`` when set, else stdout's
    terminal's, else 80."""
    try:
        columns = int(os.environ["COLUMNS"])
    except (KeyError, ValueError):
        columns = 0
    if columns > 0:
        return columns
    stdout = sys.__stdout__
    try:
        columns = os.get_terminal_size(stdout.fileno()).columns if stdout else 0
    except (ValueError, OSError):  # closed, detached, or not a terminal
        columns = 0
    return columns or 80


class CommandParser(argparse.ArgumentParser):
    """An ArgumentParser with this module's layout; the subcommands' parsers are of this
    class too (argparse makes a subparser of its parent's class), nested ones included."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("formatter_class", HelpFormatter)
        super().__init__(*args, **kwargs)


def examples(*pairs: tuple[str, str]) -> str:
    """An epilog of example command lines, each with what it does on the line under it.

    The command lines must be ones the parser accepts: the help test parses each.
    """
    body = "\n".join(f"  {command}\n      {what}" for command, what in pairs)
    return f"{EXAMPLES_HEADING}\n{body}"


def example_lines(epilog: str | None) -> list[str]:
    """The command lines of an epilog made by :func:`examples` (for the tests and the man page)."""
    if not epilog or EXAMPLES_HEADING not in epilog:
        return []
    after = epilog.split(EXAMPLES_HEADING, 1)[1]
    return [line.strip() for line in after.splitlines() if line.startswith("  timer-tui")]
