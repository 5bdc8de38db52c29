"""`timer-tui export` and `timer-tui import`: sessions onto a watch and into training apps.

The formats live in ``core.exchange`` and the file handling in
``library.exchange``; this module reads the arguments and talks to the terminal.
Importing it stays light: the FIT SDK and the XML parser load only in a handler.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from timer_tui.cli.help import examples

if TYPE_CHECKING:
    from timer_tui.cli.commands import Subparsers

FORMATS = ("fit", "zwo", "text")
"""``library.exchange.FORMATS``, written again so building the parser imports nothing."""


def add_export(sub: Subparsers) -> None:
    p = sub.add_parser(
        "export",
        help="write a session as a FIT, ZWO or workout text file",
        description=(
            "Write a session (an id or a path, as run and show take them) in a format a watch "
            "or training app loads: fit (Garmin and other watches: one workout step per step, "
            "blocks as repeat steps, rep steps ended with the lap button), zwo (Zwift and "
            "treadmill apps) or text (the step syntax of intervals.icu). Without -o, zwo and "
            "text go to standard output. --program writes one file per session of a program "
            "into a folder. An existing file is replaced only with --force."
        ),
        epilog=examples(
            (
                "timer-tui export c25k/week-1-run-1 -o w1r1.fit",
                "a FIT workout to copy onto a watch",
            ),
            (
                "timer-tui export --program c25k --format zwo -o c25k-zwo",
                "all 27 runs as ZWO files in the folder c25k-zwo",
            ),
        ),
    )
    p.add_argument("session", metavar="SESSION", nargs="?", help="a path or a session id")
    p.add_argument("--program", metavar="PROGRAM", help="every session of this program (c25k)")
    p.add_argument(
        "--format",
        "-f",
        choices=FORMATS,
        help="fit, zwo or text (default: from the -o file name's ending)",
    )
    p.add_argument(
        "-o",
        "--output",
        metavar="FILE",
        help="the file to write (- for standard output); with --program, a folder",
    )
    p.add_argument("--force", action="store_true", help="replace files that exist")
    p.set_defaults(func=cmd_export)


def add_import(sub: Subparsers) -> None:
    p = sub.add_parser(
        "import",
        help="make a session file from a ZWO or workout text file",
        description=(
            "Read a workout from another tool (a Zwift .zwo file, or workout text in the "
            "intervals.icu step syntax) and write it as a session file in your sessions folder, "
            "checked as `timer-tui check` would. Problems are reported with their line and "
            "nothing is written. An existing session file is replaced only with --force."
        ),
        epilog=examples(
            ("timer-tui import hills.zwo", "the Zwift workout as a session you can run"),
            (
                'timer-tui import plan.txt --name "Tempo run"',
                "workout text, under a name of your choosing",
            ),
        ),
    )
    p.add_argument(
        "file", metavar="FILE", help="a .zwo file or a workout text file (- reads standard input)"
    )
    p.add_argument(
        "--format",
        "-f",
        choices=("zwo", "text"),
        help="zwo or text (default: zwo for .zwo files, else text)",
    )
    p.add_argument("--name", metavar="NAME", help="the session's name (and its file name)")
    p.add_argument("--force", action="store_true", help="replace a session file that exists")
    p.set_defaults(func=cmd_import)


def cmd_export(args: argparse.Namespace) -> int:
    from timer_tui.cli.launch import plain_config
    from timer_tui.cli.output import print_notice
    from timer_tui.core.errors import UserError
    from timer_tui.core.safe_text import safe_text
    from timer_tui.library.exchange import (
        default_program_folder,
        export_program,
        format_for,
        render,
        write_file,
    )
    from timer_tui.library.sessions import find_entry

    if (args.session is None) == (args.program is None):
        raise UserError("name one session, or a whole program with --program PROGRAM")
    output = Path(args.output) if args.output not in (None, "-") else None
    fmt = format_for(None if args.program else output, args.format)
    if fmt is None:
        raise UserError("say which format: --format fit, zwo or text (or -o NAME.fit/.zwo/.txt)")
    treadmill = plain_config(print_notice).treadmill  # the runner's speeds, as show uses them
    if args.program:
        if args.output == "-":
            raise UserError("--program writes one file per session: give a folder with -o")
        folder = output or default_program_folder(args.program, fmt)
        files = export_program(args.program, fmt, folder, force=args.force, treadmill=treadmill)
        for file in files:
            print(safe_text(str(file.path)))
        print(f"{len(files)} {fmt} files written to {safe_text(str(folder))}", file=sys.stderr)
        return 0
    entry = find_entry(args.session)
    assert entry.session is not None
    data = render(entry.session, fmt, treadmill=treadmill)
    if output is None:
        if fmt == "fit" and args.output is None and sys.stdout.isatty():
            raise UserError("a FIT file is binary: write it to a file with -o NAME.fit")
        sys.stdout.buffer.write(data)
        sys.stdout.buffer.flush()
        return 0
    write_file(output, data, force=args.force)
    print(f"wrote {safe_text(str(output))} ({fmt}, {len(data):,} bytes)", file=sys.stderr)
    return 0


def cmd_import(args: argparse.Namespace) -> int:
    from timer_tui.cli.output import total_line
    from timer_tui.core.safe_text import safe_text
    from timer_tui.core.timeline import expand
    from timer_tui.library.exchange import STDIN, import_workout, read_stdin

    path, data = Path(args.file), None
    if args.file == "-":  # pasted from a planner: `timer-tui import - --name "Tempo run"`
        path, data = STDIN, read_stdin(sys.stdin.buffer)
    result = import_workout(path, fmt=args.format, name=args.name, force=args.force, data=data)
    print(f"imported {safe_text(result.session.name)} as {safe_text(str(result.path))}")
    print(total_line(expand(result.session)))
    print(f"run it with: timer-tui run {safe_text(result.id)}")
    return 0
