"""`timer-tui log`, `next` and `resume`: the completion log from the command line.

``log`` prints the history (a rich table for people, ``--json`` or ``--csv`` for
scripts and spreadsheets); ``next`` runs the first session of a program not yet
completed; ``resume`` continues a session interrupted in the last 12 hours.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import json
import re
import sys
from typing import Any

from timer_tui.core.durations import format_clock, format_elapsed
from timer_tui.core.wording import plural
from timer_tui.library.sessions import SessionEntry, discover
from timer_tui.log.store import (
    History,
    Outcome,
    SessionRecord,
    local_now,
    resume_offers,
    session_streak,
)

_RELATIVE = re.compile(r"^\s*(\d+)\s*([dw])\s*$", re.IGNORECASE)


def add_commands(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser("log", help="print the completion log (what you did, when)")
    fmt = p.add_mutually_exclusive_group()
    fmt.add_argument("--json", action="store_true", help="JSON with each session's steps")
    fmt.add_argument("--csv", action="store_true", help="CSV, one row per session")
    p.add_argument(
        "--since",
        metavar="DATE",
        help="only sessions started on or after DATE (2026-03-01), or in the last 7d / 4w",
    )
    p.add_argument("--limit", type=int, metavar="N", help="at most N sessions (newest first)")
    p.set_defaults(func=cmd_log)

    p = sub.add_parser("next", help="run the next session of a program (e.g. next c25k)")
    p.add_argument(
        "program",
        nargs="?",
        metavar="PROGRAM",
        help="a program id (default: the program of your most recent session)",
    )
    _run_options(p)
    p.add_argument("--dry-run", action="store_true", help="print the next session; do not run")
    p.set_defaults(func=cmd_next)

    p = sub.add_parser("resume", help="continue a session interrupted in the last 12 hours")
    _run_options(p)
    p.add_argument("--dismiss", action="store_true", help="do not offer it again")
    p.set_defaults(func=cmd_resume)


def _run_options(p: argparse.ArgumentParser) -> None:
    p.add_argument("--plain", action="store_true", help="one line per event; keys from stdin")
    p.add_argument("--json", action="store_true", help="with --plain: one JSON object per line")
    p.add_argument("--mute", action="store_true", help="no sound at all")
    p.add_argument("--no-voice", action="store_true", help="tones only, no spoken announcements")


# -- log --------------------------------------------------------------------------------
def parse_since(text: str, now: dt.datetime) -> dt.datetime:
    """``2026-03-01`` (local midnight), a full ISO time, or ``7d`` / ``4w`` back from now."""
    from timer_tui.cli.main import UserError

    relative = _RELATIVE.match(text)
    if relative:
        amount, unit = int(relative.group(1)), relative.group(2).lower()
        days = amount * (7 if unit == "w" else 1)
        start = (now - dt.timedelta(days=days)).date()
        return dt.datetime.combine(start, dt.time(), tzinfo=now.tzinfo)
    try:
        when = dt.datetime.fromisoformat(text.strip())
    except ValueError:
        raise UserError(
            f'--since: cannot read "{text}"; give a date such as 2026-03-01, or 7d or 4w'
        ) from None
    return when if when.tzinfo else when.replace(tzinfo=now.tzinfo)


def _open_for_reading() -> History:
    from timer_tui.cli.main import UserError

    opened = History.open(readonly=True)
    if opened.history is None:
        raise UserError(opened.message or "the log cannot be read")
    return opened.history


def cmd_log(args: argparse.Namespace) -> int:
    now = local_now()
    since = parse_since(args.since, now) if args.since else None
    with _open_for_reading() as history:
        records = history.sessions(since=since, limit=args.limit, with_steps=True)
        everything = history.sessions() if args.since or args.limit else records
    if args.json:
        print(json.dumps([session_json(r) for r in records], indent=2))
    elif args.csv:
        write_csv(records)
    else:
        print_table(records, streak=session_streak(everything, now.date()))
    return 0


def _iso(value: dt.datetime | None) -> str | None:
    return None if value is None else value.isoformat()


def session_json(r: SessionRecord) -> dict[str, Any]:
    return {
        "id": r.row,
        "session": r.session_id,
        "name": r.name,
        "path": r.path,
        "sha256": r.sha256,
        "program": None
        if r.program_id is None
        else {
            "id": r.program_id,
            "week": r.program_week,
            "day": r.program_day,
            "order": r.program_order,
        },
        "started_at": _iso(r.started_at),
        "ended_at": _iso(r.ended_at),
        "outcome": r.outcome.value,
        "stopped_at_step": None if r.stopped_step is None else r.stopped_step + 1,
        "steps_total": r.step_count,
        "steps_completed": r.steps_completed,
        "steps_skipped": r.steps_skipped,
        "counts_as_done": r.counts_as_done,
        "planned_seconds": r.planned_seconds,
        "active_seconds": round(r.active_seconds, 3),
        "paused_seconds": round(r.paused_seconds, 3),
        "resumes": r.resumes,
        "steps": [
            {
                "index": s.index,
                "name": s.name,
                "kind": s.kind,
                "planned_seconds": s.planned_seconds,
                "actual_seconds": round(s.actual_seconds, 3),
                "paused_seconds": round(s.paused_seconds, 3),
                "adjusted_seconds": s.adjusted_seconds,
                "outcome": s.outcome,
                "skipped": s.skipped,
                "reps_planned": s.reps_planned,
                "reps_done": s.reps_done,
                "load": s.load,
                "ended_at": _iso(s.ended_at),
            }
            for s in r.steps
        ],
    }


CSV_FIELDS = (
    "id",
    "started_at",
    "ended_at",
    "session",
    "name",
    "program",
    "week",
    "day",
    "outcome",
    "stopped_at_step",
    "steps_total",
    "steps_done",
    "steps_skipped",
    "planned_seconds",
    "active_seconds",
    "paused_seconds",
    "counts_as_done",
)


def write_csv(records: list[SessionRecord]) -> None:
    writer = csv.writer(sys.stdout, lineterminator="\n")
    writer.writerow(CSV_FIELDS)
    for r in records:
        writer.writerow(
            [
                r.row,
                _iso(r.started_at),
                _iso(r.ended_at) or "",
                r.session_id,
                r.name,
                r.program_id or "",
                "" if r.program_week is None else r.program_week,
                "" if r.program_day is None else r.program_day,
                r.outcome.value,
                "" if r.stopped_step is None else r.stopped_step + 1,
                r.step_count,
                r.steps_completed,
                r.steps_skipped,
                r.planned_seconds,
                round(r.active_seconds, 1),
                round(r.paused_seconds, 1),
                int(r.counts_as_done),
            ]
        )


_OUTCOME_STYLE = {
    Outcome.COMPLETED: "green",
    Outcome.QUIT: "yellow",
    Outcome.INTERRUPTED: "red",
    Outcome.IN_PROGRESS: "cyan",
}


def print_table(records: list[SessionRecord], *, streak: int) -> None:
    from rich import box
    from rich.console import Console
    from rich.table import Table

    console = Console()
    if not records:
        console.print("No sessions in the log yet. Run one with: timer-tui run SESSION")
        return
    table = Table(title="Completion log", title_justify="left", box=box.SIMPLE_HEAD)
    table.add_column("Started", no_wrap=True)
    table.add_column("Session", ratio=1)
    table.add_column("Program")
    table.add_column("Outcome")
    table.add_column("Active", justify="right", no_wrap=True)
    table.add_column("Planned", justify="right", no_wrap=True)
    for r in records:
        started = r.started_at.astimezone()
        program = r.program_id or ""
        if r.program_week is not None:
            program += f" W{r.program_week}"
        if r.program_day is not None:
            program += f"D{r.program_day}" if r.program_week is not None else f" D{r.program_day}"
        outcome = r.outcome_text
        style = _OUTCOME_STYLE[r.outcome]
        if r.outcome is Outcome.COMPLETED and not r.counts_as_done:
            style = "yellow"  # skipped through: it does not count for the program
        table.add_row(
            started.strftime("%Y-%m-%d %H:%M"),
            r.name,
            program,
            f"[{style}]{outcome}[/]",
            format_elapsed(r.active_seconds),
            format_clock(r.planned_seconds),
        )
    console.print(table)
    count = plural(len(records), "session")
    console.print(f"{count} · streak: {plural(streak, 'week')} in a row")


# -- next -------------------------------------------------------------------------------
def next_entry(program: str | None, entries: list[SessionEntry]) -> SessionEntry:
    """The first not-completed session of ``program`` (or of the most recent program)."""
    from timer_tui.cli.main import UserError

    programs = sorted({e.program.id for e in entries if e.program is not None})
    with _open_for_reading() as history:
        program = program or history.last_program_id()
        if program is None:
            raise UserError(
                "no program in the log yet; name one: timer-tui next PROGRAM "
                f"(programs: {', '.join(programs)})"
            )
        if program not in programs:
            raise UserError(f'no program "{program}"; programs: {", ".join(programs)}')
        progress = history.program_progress(entries)[program]
    if progress.next_id is None:
        raise UserError(
            f"every session of {program} is done ({progress.total} of {progress.total}); well done"
        )
    return next(e for e in entries if e.id == progress.next_id)


def cmd_next(args: argparse.Namespace) -> int:
    from timer_tui.cli.main import cmd_run

    entries = discover()
    entry = next_entry(args.program, entries)
    if args.dry_run:
        print(entry.id)
        return 0
    print(f"timer-tui: next: {entry.id} ({entry.name})", file=sys.stderr, flush=True)
    args.session = entry.id
    return cmd_run(args)


# -- resume -----------------------------------------------------------------------------
def cmd_resume(args: argparse.Namespace) -> int:
    from timer_tui.cli.main import UserError

    offers = resume_offers()
    if not offers:
        raise UserError("nothing to resume: no session was interrupted in the last 12 hours")
    record, entry = offers[0]
    step = (record.current_step or 0) + 1
    if args.dismiss:
        opened = History.open()
        if opened.history is None or opened.problem is not None:
            raise UserError(opened.message or "the log cannot be written")
        with opened.history as history:
            history.dismiss(record.row)
        print(f"timer-tui: {record.name} (stopped at step {step}) will not be offered again")
        return 0
    if not args.plain:
        from timer_tui.cli.main import run_app
        from timer_tui.ui.log_hooks import LogHooks

        hooks = LogHooks()
        hooks.resume_row[entry.id] = record.row
        return run_app(
            start=entry,
            start_index=record.current_step or 0,
            mute=args.mute,
            voice=not args.no_voice,
            log_hooks=hooks,
        )
    print(
        f"timer-tui: resuming {record.name} at step {step}/{record.step_count}",
        file=sys.stderr,
        flush=True,
    )
    args.resume_row = record.row
    return _run_plain_from(entry, record.current_step or 0, args)


def _run_plain_from(entry: SessionEntry, start_index: int, args: argparse.Namespace) -> int:
    """``run --plain`` from a given step; the same subscribers as ``cmd_run``."""
    from timer_tui.audio import create_cue_subscriber
    from timer_tui.cli.main import print_notice, session_subscribers
    from timer_tui.cli.plain import run_plain
    from timer_tui.core.engine import Subscriber

    session = entry.session
    assert session is not None
    timeline = entry.timeline()
    cues = create_cue_subscriber(
        session, timeline, mute=args.mute, voice=not args.no_voice, notify=print_notice
    )
    cues.prepare()
    subscribers: list[Subscriber] = [*session_subscribers(entry, session, timeline, args), cues]
    try:
        return run_plain(
            session,
            timeline,
            as_json=args.json,
            subscribers=subscribers,
            on_key=cues.on_key,
            start_index=start_index,
        )
    finally:
        cues.close()
