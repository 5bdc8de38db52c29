"""The command line: check, list, show, run; other modules add their own commands.

This is the edge where errors stop being values: located errors are printed as
``FILE:LINE:COL: message``, and nothing a user types ever ends in a traceback.
"""

from __future__ import annotations

import argparse
import datetime as dt
import importlib
import json
import sys
import traceback
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from timer_tui import __version__
from timer_tui.core.durations import format_clock
from timer_tui.core.engine import Subscriber
from timer_tui.core.loader import load_session
from timer_tui.core.model import Session
from timer_tui.core.timeline import Timeline, TimelineStep
from timer_tui.library.paths import data_dir, user_sessions_dir
from timer_tui.library.sessions import (
    SessionEntry,
    SessionNotFound,
    discover,
    group_by_program,
    resolve,
)

COMMAND_MODULES: tuple[str, ...] = (
    "timer_tui.cli.commands.edit",
    "timer_tui.audio.doctor",
    "timer_tui.cli.commands.log",
)
"""Modules with ``add_commands(subparsers)`` that register more subcommands."""
CORE_COMMANDS = frozenset({"check", "list", "show", "run"})
"""Commands defined here: ``timer-tui run ...`` need not import the other modules."""


class UserError(Exception):
    """Something the user can fix; printed as one line, exit status 2."""


Handler = Callable[[argparse.Namespace], int]


def build_parser(*, more_commands: bool = True) -> argparse.ArgumentParser:
    """The whole command line; ``more_commands=False`` leaves out ``COMMAND_MODULES``."""
    parser = argparse.ArgumentParser(
        prog="timer-tui",
        description="A terminal interval and session timer. With no command, opens the app.",
    )
    parser.add_argument("--version", action="version", version=f"timer-tui {__version__}")
    parser.set_defaults(func=cmd_default)
    sub = parser.add_subparsers(title="commands", metavar="COMMAND")

    p = sub.add_parser("check", help="validate session files (or folders of them)")
    p.add_argument("files", nargs="+", metavar="FILE", help="session files or folders")
    p.set_defaults(func=cmd_check)

    p = sub.add_parser("list", help="list bundled and user sessions")
    p.add_argument("--json", action="store_true", help="one JSON array, for scripts")
    p.set_defaults(func=cmd_list)

    p = sub.add_parser("show", help="show a session's expanded timeline and total time")
    p.add_argument("session", metavar="SESSION", help="a path or a session id")
    p.add_argument("--json", action="store_true", help="JSON, for scripts")
    p.add_argument(
        "--cues", action="store_true", help="dry run: every tone and spoken text at its time"
    )
    p.set_defaults(func=cmd_show)

    p = sub.add_parser("run", help="run a session (full screen, or --plain for lines)")
    p.add_argument("session", metavar="SESSION", help="a path or a session id")
    p.add_argument("--plain", action="store_true", help="one line per event; keys from stdin")
    p.add_argument("--json", action="store_true", help="with --plain: one JSON object per line")
    p.add_argument("--mute", action="store_true", help="no sound at all")
    p.add_argument("--no-voice", action="store_true", help="tones only, no spoken announcements")
    p.set_defaults(func=cmd_run)

    if more_commands:
        for name in COMMAND_MODULES:
            importlib.import_module(name).add_commands(sub)
    for command in sub.choices.values():
        command.add_argument("--version", action="version", version=f"timer-tui {__version__}")
    return parser


# -- commands -------------------------------------------------------------------------
def cmd_default(args: argparse.Namespace) -> int:
    if not has_terminal():  # a script or a pipe: the list, not a screen nobody sees
        print_listing(discover())
        print("\nRun one with: timer-tui run SESSION --plain")
        return 0
    from timer_tui.ui.log_hooks import LogHooks

    return run_app(log_hooks=LogHooks())


def has_terminal() -> bool:
    return sys.stdin.isatty() and sys.stdout.isatty()


def run_app(**options: Any) -> int:
    """Open the full-screen app with ``TimerApp(**options)``; it needs a terminal.

    Without one (a script, a pipe, cron) it would draw into nothing and read no
    keys, so that is a clear error pointing at plain mode instead.
    """
    if not has_terminal():
        raise UserError(
            "the full-screen app needs a terminal (stdin and stdout); "
            "in scripts and pipes add --plain, e.g. timer-tui run SESSION --plain"
        )
    from timer_tui.ui.app import TimerApp

    return TimerApp(**options).run() or 0


def cmd_check(args: argparse.Namespace) -> int:
    files: list[Path] = []
    problems = 0
    for name in args.files:
        path = Path(name)
        if path.is_dir():
            found = sorted(path.rglob("*.toml"))
            if not found:
                print(f"{path}:1: this folder holds no .toml session files")
                problems += 1
            files.extend(found)
        else:
            files.append(path)
    bad_files = 0
    for path in files:
        result = load_session(path)
        for error in result.errors:
            print(error.format())
        if result.errors:
            bad_files += 1
            problems += len(result.errors)
    valid = len(files) - bad_files
    summary = f"{len(files)} file{'s' * (len(files) != 1)} checked: {valid} valid"
    if problems:
        summary += f", {problems} problem{'s' * (problems != 1)}"
    print(summary, file=sys.stderr)
    return 0 if problems == 0 else 1


def cmd_list(args: argparse.Namespace) -> int:
    entries = discover()
    if args.json:
        print(json.dumps([entry_record(e) for e in entries], indent=2))
    else:
        print_listing(entries)
    return 0


def cmd_show(args: argparse.Namespace) -> int:
    entry = find_entry(args.session)
    timeline = entry.timeline()
    if args.cues:
        return show_cues(entry, timeline, as_json=args.json)
    if args.json:
        record = entry_record(entry)
        record["steps"] = [step_record(s) for s in timeline.steps]
        print(json.dumps(record, indent=2))
        return 0
    assert entry.session is not None
    print(f"{entry.session.name}   ({entry.path})")
    if entry.session.description:
        print(entry.session.description)
    print()
    width = max(len(s.name) for s in timeline.steps)
    for s in timeline.steps:
        print(f"{s.index + 1:4d}  {s.kind.value:<9} {s.name:<{width}}  {s.amount:>8}  {s.label}")
    print()
    print(total_line(timeline))
    return 0


def show_cues(entry: SessionEntry, timeline: Timeline, *, as_json: bool) -> int:
    """The cue plan of an undisturbed run; rep steps are counted as taking no time."""
    from timer_tui.core.cues import plan_cues

    assert entry.session is not None
    plan = plan_cues(timeline, entry.session.cues)
    if as_json:
        record = entry_record(entry)
        record["cues"] = [
            {
                "at": p.at,
                "step": p.step,
                "step_offset": p.step_offset,
                "cue": p.cue.kind.value,
                "sound": p.cue.sound,
                "priority": p.cue.priority.name.lower(),
            }
            for p in plan
        ]
        print(json.dumps(record, indent=2))
        return 0
    print(f"{entry.session.name}   ({entry.path})")
    print(f"{len(plan)} cues; times from the start, and from the start of the step\n")
    shown = -1
    for p in plan:
        step = timeline[p.step] if 0 <= p.step < len(timeline) else None
        title = ""
        if step is not None and p.step != shown:
            shown = p.step
            title = f"   {step.name}{' · ' + step.label if step.label else ''}"
        print(
            f"{_offset(p.at):>9}  {p.step + 1:4d} +{_offset(p.step_offset):<7} "
            f"{p.cue.describe()}{title}"
        )
    if timeline.rep_steps:
        print(f"\n{timeline.rep_steps} rep steps count as 0:00 here; they last until done.")
    return 0


def _offset(seconds: float) -> str:
    """``62 -> "1:02"``, ``62.5 -> "1:02.5"``: cue times are exact, so no rounding up."""
    whole = int(seconds)
    tenths = round((seconds - whole) * 10)
    if tenths == 10:
        whole, tenths = whole + 1, 0
    text = format_clock(whole)
    return f"{text}.{tenths}" if tenths else text


def cmd_run(args: argparse.Namespace) -> int:
    entry = find_entry(args.session)
    assert entry.session is not None
    timeline = entry.timeline()
    if not args.plain:
        from timer_tui.ui.log_hooks import LogHooks

        return run_app(start=entry, mute=args.mute, voice=not args.no_voice, log_hooks=LogHooks())
    from timer_tui.audio import create_cue_subscriber
    from timer_tui.cli.plain import run_plain

    cues = create_cue_subscriber(
        entry.session, timeline, mute=args.mute, voice=not args.no_voice, notify=print_notice
    )
    cues.prepare()
    subscribers: list[Subscriber] = [
        *session_subscribers(entry, entry.session, timeline, args),
        cues,
    ]
    try:
        return run_plain(
            entry.session, timeline, as_json=args.json, subscribers=subscribers, on_key=cues.on_key
        )
    finally:
        cues.close()


def print_notice(message: str) -> None:
    """Notices (audio is off, ...) go to stderr: stdout stays one line per event."""
    print(f"timer-tui: {message}", file=sys.stderr, flush=True)


def session_subscribers(
    entry: SessionEntry, session: Session, timeline: Timeline, args: argparse.Namespace
) -> list[Subscriber]:
    """What listens to a plain-mode run besides the printer (audio, the log)."""
    from timer_tui.log.store import plain_subscribers

    resume_row = getattr(args, "resume_row", None)
    return [*plain_subscribers(entry, timeline, notify=print_notice, resume_row=resume_row)]


# -- shared helpers -------------------------------------------------------------------
def find_entry(ref: str) -> SessionEntry:
    """Resolve a session reference; a file that does not load is a user error."""
    try:
        entry = resolve(ref)
    except SessionNotFound as exc:
        raise UserError(str(exc)) from None
    if not entry.ok:
        lines = "\n".join(e.format() for e in entry.errors)
        raise UserError(f"{entry.path} has problems; fix them and try again:\n{lines}")
    return entry


def total_line(timeline: Timeline) -> str:
    reps = f" + {timeline.rep_steps} rep steps" if timeline.rep_steps else ""
    steps = "1 step" if len(timeline) == 1 else f"{len(timeline)} steps"
    return f"Total {format_clock(timeline.total_seconds)}{reps} · {steps}"


def entry_record(entry: SessionEntry) -> dict[str, Any]:
    session = entry.session
    program = entry.program
    timeline = entry.timeline() if session else None
    return {
        "id": entry.id,
        "name": entry.name,
        "path": str(entry.path),
        "source": entry.source.value,
        "valid": entry.ok,
        "errors": [e.format() for e in entry.errors],
        "total_seconds": timeline.total_seconds if timeline else None,
        "steps": len(timeline) if timeline else None,
        "rep_steps": timeline.rep_steps if timeline else None,
        "program": None
        if program is None
        else {
            "id": program.id,
            "name": program.name,
            "week": program.week,
            "day": program.day,
            "order": program.order,
        },
    }


def step_record(step: TimelineStep) -> dict[str, Any]:
    return {
        "index": step.index,
        "name": step.name,
        "kind": step.kind.value,
        "seconds": step.seconds,
        "reps": step.reps,
        "set": step.set_no,
        "sets": step.sets,
        "side": step.side.value if step.side else None,
        "rounds": [{"number": r.number, "total": r.total, "name": r.name} for r in step.rounds],
        "label": step.label,
        "note": step.note,
    }


def print_listing(entries: Sequence[SessionEntry]) -> None:
    if not entries:
        print(f"No sessions found. Add .toml files to {user_sessions_dir()}")
        return
    id_width = min(40, max(len(e.id) for e in entries))
    for group in group_by_program(entries):
        print(f"{group.name}")
        for e in group.entries:
            if e.ok:
                tl = e.timeline()
                reps = f"+{tl.rep_steps} rep" if tl.rep_steps else ""
                steps = "step " if len(tl) == 1 else "steps"
                size = f"{format_clock(tl.total_seconds):>8} {reps:<7} {len(tl):3d} {steps}"
                print(f"  {e.id:<{id_width}}  {size}  {e.name}")
            else:
                print(f"  {e.id:<{id_width}}  INVALID  {e.errors[0].format()}")


# -- the edge -------------------------------------------------------------------------
def main(argv: Sequence[str] | None = None) -> int:
    try:
        argv = sys.argv[1:] if argv is None else list(argv)
        # A core command (``run`` most of all) starts without importing the others.
        core = bool(argv) and argv[0] in CORE_COMMANDS
        args = build_parser(more_commands=not core).parse_args(argv)
        handler: Handler = args.func
        return handler(args)
    except UserError as exc:
        print(f"timer-tui: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return 141
    except Exception:  # a bug: keep the traceback for the report, off the user's screen
        log = _write_crash_log()
        print(f"timer-tui: internal error; details written to {log}", file=sys.stderr)
        return 70


def _write_crash_log() -> Path | str:
    try:
        folder = data_dir()
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / "crash.log"
        stamp = dt.datetime.now(dt.timezone.utc).isoformat()
        with path.open("a", encoding="utf-8") as f:
            f.write(f"--- {stamp} timer-tui {__version__}\n{traceback.format_exc()}\n")
        return path
    except OSError:
        return "(nowhere: the data folder is not writable)"
