"""`timer-tui new`, `edit` and `schema`: writing sessions from the command line.

The work is done by ``library.editing``, which the in-app editor shares; this
module only reads the arguments and talks to the terminal. Importing it stays
light (every command builds the whole parser): the helpers are imported inside
the handlers.
"""

from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING

from timer_tui.cli.help import examples

if TYPE_CHECKING:
    from timer_tui.cli.commands import Subparsers

TEMPLATES = ("intervals", "circuit", "tabata")
"""``new --template`` choices: ``library.editing.TEMPLATES``, written again here because
argparse needs them when the parser is built, and importing the editing helpers then
would slow every command down; a test keeps the two equal."""
DEFAULT_TEMPLATE = "intervals"


def add_new(sub: Subparsers) -> None:
    p = sub.add_parser(
        "new",
        help="create a session file from a template or a session",
        description=(
            "Write a commented session file into your sessions folder and print its path. "
            "Never overwrites a file."
        ),
        epilog=examples(
            ('timer-tui new "Hill repeats" --edit', "from the intervals template, then edit it"),
            ('timer-tui new "My tabata" --from presets/tabata', "a copy of a session to change"),
        ),
    )
    p.add_argument("name", metavar="NAME", help="the session's name; the file name is made from it")
    source = p.add_mutually_exclusive_group()
    source.add_argument("--from", dest="source", metavar="SESSION", help="copy this session")
    source.add_argument(
        "--template",
        choices=TEMPLATES,
        default=None,
        help=f"start from a template (default: {DEFAULT_TEMPLATE})",
    )
    p.add_argument("--edit", action="store_true", help="open the new file in your editor")
    p.set_defaults(func=cmd_new)


def add_edit(sub: Subparsers) -> None:
    p = sub.add_parser(
        "edit",
        help="open a session in $VISUAL/$EDITOR, then check it",
        description=(
            "Open a session in $VISUAL or $EDITOR (else editor, nano or vi). A bundled session "
            "is copied into your sessions folder first and the copy is edited. When the editor "
            "closes, the file is checked."
        ),
        epilog=examples(
            ("timer-tui edit hill-repeats", "one of your sessions, by its id"),
            ("timer-tui edit presets/tabata", "a copy of the bundled Tabata, in your folder"),
        ),
    )
    p.add_argument("session", metavar="SESSION", help="a path or a session id")
    p.set_defaults(func=cmd_edit)


def add_schema(sub: Subparsers) -> None:
    p = sub.add_parser(
        "schema",
        help="print the JSON Schema of session files",
        description=(
            "Print a draft-07 JSON Schema of the session-file format, for completion and "
            "checks as you type in an editor (see docs/editors.md)."
        ),
        epilog=examples(
            ("timer-tui schema > session.schema.json", "save it for an editor to use"),
        ),
    )
    p.set_defaults(func=cmd_schema)


def cmd_new(args: argparse.Namespace) -> int:
    from timer_tui.library.editing import create_session, edit_session

    path = create_session(args.name, template=args.template, source_ref=args.source)
    print(path)
    if args.edit:
        return edit_session(str(path), ask=_ask_tty if sys.stdin.isatty() else None)
    print(f"edit it with: timer-tui edit {path.stem}", file=sys.stderr)
    return 0


def cmd_edit(args: argparse.Namespace) -> int:
    from timer_tui.library.editing import edit_session

    return edit_session(args.session, ask=_ask_tty if sys.stdin.isatty() else None)


def cmd_schema(args: argparse.Namespace) -> int:
    from timer_tui.core.schema import schema_json

    sys.stdout.write(schema_json())
    return 0


def _ask_tty(prompt: str) -> bool:
    try:
        answer = input(prompt)
    except EOFError:
        return False
    return answer.strip().lower() in ("", "y", "yes")
