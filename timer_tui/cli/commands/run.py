"""`timer-tui run`, `next` and `resume`, and a bare `timer-tui`: the commands that run a session.

Each picks the session and the step to start from; ``cli.launch`` does the rest.
Importing this module stays light (every command builds the whole parser): the
library, the log and the app are imported inside the handlers.
"""

from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING

from timer_tui.cli.help import examples
from timer_tui.cli.launch import (
    RunOptions,
    add_run_options,
    dumb_terminal,
    has_terminal,
    launch,
    open_picker,
)
from timer_tui.core.errors import UserError

if TYPE_CHECKING:
    from timer_tui.cli.commands import Subparsers
    from timer_tui.library.sessions import SessionEntry


def add_run(sub: Subparsers) -> None:
    p = sub.add_parser(
        "run",
        help="run a session (full screen, or --plain for lines)",
        description=(
            "Count a session down full screen, with sound cues, and log what was done. "
            "With --plain, one line per event instead, and keys read from standard input: "
            "for scripts, pipes and screen readers."
        ),
        epilog=examples(
            ("timer-tui run c25k/week-1-run-1", "a session by its id (timer-tui list shows them)"),
            ("timer-tui run ./hill-repeats.toml --plain --mute", "a file, as lines, silently"),
        ),
    )
    p.add_argument("session", metavar="SESSION", help="a path or a session id")
    add_run_options(p)
    p.set_defaults(func=cmd_run)


def add_next(sub: Subparsers) -> None:
    p = sub.add_parser(
        "next",
        help="run the next session of a program (e.g. next c25k)",
        description=(
            "Run the first session of a program that the log has not seen completed. "
            "With no PROGRAM, the program of your most recent session."
        ),
        epilog=examples(
            ("timer-tui next c25k", "the next Couch to 5K run"),
            ("timer-tui next --dry-run", "print which session that would be; run nothing"),
        ),
    )
    p.add_argument(
        "program",
        nargs="?",
        metavar="PROGRAM",
        help="a program id (default: the program of your most recent session)",
    )
    add_run_options(p)
    p.add_argument("--dry-run", action="store_true", help="print the next session; do not run")
    p.set_defaults(func=cmd_next)


def add_resume(sub: Subparsers) -> None:
    p = sub.add_parser(
        "resume",
        help="continue a session interrupted in the last 12 hours",
        description=(
            "Continue the most recent session that was interrupted in the last 12 hours "
            "(the terminal closed, the machine went off) from the step it stopped in. "
            "With --dismiss, it is not offered again instead."
        ),
        epilog=examples(
            ("timer-tui resume", "pick up where the run stopped"),
            ("timer-tui resume --dismiss", "forget it: neither resume nor the app offers it"),
        ),
    )
    add_run_options(p)
    p.add_argument("--dismiss", action="store_true", help="do not offer it again")
    p.set_defaults(func=cmd_resume)


def cmd_default(args: argparse.Namespace) -> int:
    """No command: the app, or the list when nobody could see a screen (a script, a pipe)."""
    from timer_tui.cli.output import print_listing
    from timer_tui.library.sessions import discover

    dumb = dumb_terminal()
    if not has_terminal() or dumb:
        if dumb and has_terminal():
            print(f"timer-tui: this terminal ({dumb}) cannot draw the app; the sessions:")
        print_listing(discover())
        print("\nRun one with: timer-tui run SESSION --plain")
        return 0
    return open_picker()


def cmd_run(args: argparse.Namespace) -> int:
    from timer_tui.library.sessions import find_entry

    return launch(find_entry(args.session), RunOptions.from_args(args))


# -- next ---------------------------------------------------------------------------------
def next_entry(program: str | None, entries: list[SessionEntry]) -> SessionEntry | None:
    """The first not-completed session of ``program`` (or of the most recent program, or
    of the one program planned before any was run); None when every one is done, which
    it says (a finished program is no error)."""
    from timer_tui.cli.commands.log import open_for_reading, say_unreadable
    from timer_tui.log.views import program_progress

    programs = sorted({e.program.id for e in entries if e.program is not None})
    with open_for_reading() as history:
        program = program or history.last_program_id() or only_planned_program()
        if program is None:
            raise UserError(
                "no program in the log yet; name one: timer-tui next PROGRAM "
                f"(programs: {', '.join(programs)})"
            )
        if program not in programs:
            raise UserError(f'no program "{program}"; programs: {", ".join(programs)}')
        progress = program_progress(entries, history.completed())[program]
        say_unreadable(history)
    say_plan(program, progress.done)
    if progress.next_id is None:
        print(
            f"timer-tui: every session of {program} is done "
            f"({progress.total} of {progress.total}); well done",
            file=sys.stderr,
        )
        return None
    return next(e for e in entries if e.id == progress.next_id)


def only_planned_program() -> str | None:
    """The program of the one plan made (``timer-tui plan``), if there is exactly one."""
    from timer_tui.library.plans import read_plans

    plans = read_plans().plans
    return next(iter(plans)) if len(plans) == 1 else None


def say_plan(program: str, done: frozenset[str]) -> None:
    """Where the program's plan stands (``timer-tui plan``), on stderr: "due today"."""
    from timer_tui.library.plans import plan_notes
    from timer_tui.log.records import local_now

    found = plan_notes(done, local_now().date())
    if found.problem is not None:
        print(f"timer-tui: {found.problem}", file=sys.stderr)
    note = found.notes.get(program)
    if note is not None:
        print(f"timer-tui: plan of {program}: {note}", file=sys.stderr, flush=True)


def cmd_next(args: argparse.Namespace) -> int:
    from timer_tui.core.safe_text import safe_text
    from timer_tui.library.sessions import broken_in_program, discover, find_entry

    entries = discover()
    entry = next_entry(args.program, entries)
    if entry is None:
        return 0
    for broken in broken_in_program(entries, entry.program.id if entry.program else ""):
        first = broken.errors[0].format() if broken.errors else "unknown problem"
        print(
            f"timer-tui: next: skipping {safe_text(broken.id)}: it does not load ({first})",
            file=sys.stderr,
            flush=True,
        )
    if args.dry_run:
        print(entry.id)
        return 0
    print(
        f"timer-tui: next: {safe_text(entry.id)} ({safe_text(entry.name)})",
        file=sys.stderr,
        flush=True,
    )
    return launch(find_entry(entry.id), RunOptions.from_args(args))


# -- resume -------------------------------------------------------------------------------
def cmd_resume(args: argparse.Namespace) -> int:
    from timer_tui.core.safe_text import safe_text
    from timer_tui.library.sessions import discover
    from timer_tui.log.resume import resume_offers

    offers = resume_offers(discover)
    if not offers:
        raise UserError("nothing to resume: no session was interrupted in the last 12 hours")
    record, entry = offers[0]
    step = (record.current_step or 0) + 1
    if args.dismiss:
        dismiss(record.row)
        name = safe_text(record.name)
        print(f"timer-tui: {name} (stopped at step {step}) will not be offered again")
        return 0
    options = RunOptions.from_args(args)
    if options.plain:
        print(
            f"timer-tui: resuming {safe_text(record.name)} at step {step}/{record.step_count}",
            file=sys.stderr,
            flush=True,
        )
    return launch(entry, options, start_index=record.current_step or 0, resume_row=record.row)


def dismiss(row: int) -> None:
    """Mark an interrupted run as not to be offered again; the log must be writable."""
    from timer_tui.log.store import History

    opened = History.open()
    if opened.history is None or opened.problem is not None:
        raise UserError(opened.message or "the log cannot be written")
    with opened.history as history:
        history.dismiss(row)
