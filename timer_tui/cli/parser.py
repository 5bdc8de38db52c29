"""The command line's arguments: every subcommand, registered from an explicit list.

The command modules are imported normally; each keeps its own imports light
(heavy ones, Textual, the SQLite log and audio, live inside the handlers), so
building the whole parser costs ``timer-tui run`` almost nothing.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any, cast

from timer_tui.cli.commands import (
    completion,
    doctor,
    edit,
    export,
    log,
    manual,
    plan,
    run,
    serve,
    sessions,
)
from timer_tui.cli.help import CommandParser
from timer_tui.core import exit_codes

if TYPE_CHECKING:
    from timer_tui.cli.commands import Subparsers

Handler = Callable[[argparse.Namespace], int]
"""What ``set_defaults(func=...)`` holds: run the command, return the exit status."""

COMMANDS: tuple[Callable[[Subparsers], None], ...] = (
    sessions.add_check,
    sessions.add_list,
    sessions.add_show,
    run.add_run,
    edit.add_new,
    edit.add_edit,
    edit.add_schema,
    doctor.add_doctor,
    completion.add_completion,
    manual.add_man,
    log.add_log,
    run.add_next,
    run.add_resume,
    plan.add_plan,
    export.add_export,
    export.add_import,
    serve.add_serve,
)
"""Every subcommand, in the order ``timer-tui --help`` lists them."""


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


def build_parser() -> argparse.ArgumentParser:
    parser = CommandParser(
        prog="timer-tui",
        description="A terminal interval and session timer. With no command, opens the app.",
        epilog=exit_codes.epilog(),
    )
    parser.add_argument("--version", action=VersionAction)
    parser.set_defaults(func=run.cmd_default)
    # Of CommandParser, as their parent; the commands are typed against the base class.
    sub = cast("Subparsers", parser.add_subparsers(title="commands", metavar="COMMAND"))
    for add in COMMANDS:
        add(sub)
    for command in sub.choices.values():
        command.add_argument("--version", action=VersionAction)
    return parser
