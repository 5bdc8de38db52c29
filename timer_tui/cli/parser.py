"""The command line's arguments: every subcommand, registered from an explicit list.

Each command module keeps its own imports light (heavy ones, Textual, the SQLite log
and audio, live inside the handlers). A command line that starts with a command's
name (``timer-tui check FILE``) builds and imports that command alone, and an empty
one (the app) none: its parse and its help are the same as with every command built
(tests/unit/test_cli_parser.py), and neither ``check`` nor the picker pays for the
parsers and modules of the seventeen others.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Callable, Sequence

from timer_tui.cli.help import CommandParser
from timer_tui.core import exit_codes

TYPE_CHECKING = False  # typing's constant; typing itself stays out of `check` (test_cli_parser)
if TYPE_CHECKING:
    from typing import Any

    from timer_tui.cli.commands import Subparsers

Handler = Callable[[argparse.Namespace], int]
"""What ``set_defaults(func=...)`` holds: run the command, return the exit status."""

COMMANDS: tuple[tuple[str, str], ...] = (
    ("sessions", "check"),
    ("sessions", "list"),
    ("sessions", "show"),
    ("run", "run"),
    ("edit", "new"),
    ("edit", "edit"),
    ("edit", "schema"),
    ("doctor", "doctor"),
    ("completion", "completion"),
    ("manual", "man"),
    ("log", "log"),
    ("run", "next"),
    ("run", "resume"),
    ("plan", "plan"),
    ("export", "export"),
    ("export", "import"),
    ("serve", "serve"),
)
"""Every subcommand as (module in ``cli.commands``, name), in the order ``timer-tui
--help`` lists them; the module's ``add_<name>`` registers it."""


def _adder(module: str, name: str) -> Callable[[Subparsers], None]:
    commands = importlib.import_module(f"timer_tui.cli.commands.{module}")
    add: Callable[[Subparsers], None] = getattr(commands, f"add_{name}")
    return add


def _open_app(args: argparse.Namespace) -> int:
    """No command: the app (``run``'s module imported only then)."""
    from timer_tui.cli.commands import run

    return run.cmd_default(args)


class VersionAction(argparse.Action):
    """``--version``, with the version looked up only when asked for.

    It comes from the installed package's metadata, which takes a while to read:
    argparse's own version action would need it each time the parser is built.
    """

    def __init__(self, option_strings: Sequence[str], dest: str = argparse.SUPPRESS) -> None:
        super().__init__(
            option_strings,
            dest,
            default=argparse.SUPPRESS,
            nargs=0,
            help="show program's version number and exit",
        )

    def __call__(
        self,
        parser: argparse.ArgumentParser,
        namespace: argparse.Namespace,
        values: str | Sequence[Any] | None,
        option_string: str | None = None,
    ) -> None:
        from timer_tui import __version__

        print(f"timer-tui {__version__}", file=sys.stdout)
        parser.exit()


def build_parser(argv: Sequence[str] | None = None) -> argparse.ArgumentParser:
    """The parser; given the command line, only the command it names (if it starts with
    one), and none for an empty one (the picker opens: 35 ms of parsers and modules
    that ``timer-tui`` alone never used)."""
    parser: argparse.ArgumentParser = CommandParser(
        prog="timer-tui",
        description="A terminal interval and session timer. With no command, opens the app.",
        epilog=exit_codes.epilog(),
    )
    parser.add_argument("--version", action=VersionAction)
    parser.set_defaults(func=_open_app)
    # Of CommandParser, as their parent; the commands are typed against the base class.
    sub: Subparsers = parser.add_subparsers(title="commands", metavar="COMMAND")
    if argv is not None and not argv:
        commands: Sequence[tuple[str, str]] = ()  # no words at all: the app, nothing to parse
    else:
        named = [c for c in COMMANDS if argv and c[1] == argv[0]]
        commands = named or COMMANDS
    for module, name in commands:
        _adder(module, name)(sub)
    for command in sub.choices.values():
        command.add_argument("--version", action=VersionAction)
    return parser
