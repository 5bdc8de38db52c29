"""`timer-tui man`: the manual page, written from the argument parser.

A command rather than a page file shipped in the wheel: a generated file in the
repository would have to be written again by everyone who adds or changes a
command, and a page printed by the installed program always matches it.
``cli.manpage`` writes it; importing this module stays light.
"""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

from timer_tui.cli.help import examples

if TYPE_CHECKING:
    from timer_tui.cli.commands import Subparsers

INSTALL = "timer-tui man > ~/.local/share/man/man1/timer-tui.1"
"""A folder ``man`` searches on most Linux systems (through $PATH's ~/.local/bin)."""


def add_man(sub: Subparsers) -> None:
    p = sub.add_parser(
        "man",
        help="print the manual page (roff, for man)",
        description=(
            "Print timer-tui's manual page: every command with its options and examples, "
            "and the exit statuses. Read it at once with man -l, or save it where man "
            "looks and read it with man timer-tui."
        ),
        epilog=examples(
            ("timer-tui man | man -l -", "read it now"),
            (INSTALL, "install it for man timer-tui (mkdir -p the folder first)"),
        ),
    )
    p.set_defaults(func=cmd_man)


def cmd_man(args: argparse.Namespace) -> int:
    from timer_tui import __version__
    from timer_tui.cli.manpage import manpage
    from timer_tui.cli.parser import build_parser

    print(manpage(build_parser(), __version__), end="")
    return 0
