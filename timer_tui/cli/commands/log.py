"""`timer-tui log`: the completion log from the command line.

A rich table for people, ``--json`` or ``--csv`` for scripts and spreadsheets.
Importing this module stays light (every command builds the whole parser): the
SQLite log and Rich are imported inside the handlers.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import json
import re
import sys
from typing import TYPE_CHECKING, Any

from timer_tui.cli.commands.log_transfer import add_log_transfer
from timer_tui.cli.help import examples
from timer_tui.core.errors import UserError

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable

    from timer_tui.cli.commands import Subparsers
    from timer_tui.log.records import SessionRecord
    from timer_tui.log.store import History

_RELATIVE = re.compile(r"^\s*(\d+)\s*([dw])\s*$", re.IGNORECASE)


def add_log(sub: Subparsers) -> None:
    p = sub.add_parser(
        "log",
        help="print the completion log (what you did, when)",
        description=(
            "Print the sessions you ran, newest first: when, which, how long, and whether "
            "each was completed, quit or interrupted. --json and --csv are for scripts "
            "and spreadsheets."
        ),
        epilog=examples(
            ("timer-tui log --since 4w", "the last four weeks"),
            ("timer-tui log --csv --steps > steps.csv", "every step of every session, as CSV"),
        ),
    )
    fmt = p.add_mutually_exclusive_group()
    fmt.add_argument("--json", action="store_true", help="JSON with each session's steps")
    fmt.add_argument("--csv", action="store_true", help="CSV, one row per session")
    p.add_argument("--steps", action="store_true", help="with --csv: one row per step")
    p.add_argument(
        "--since",
        metavar="DATE",
        help="only sessions started on or after DATE (2026-03-01), or in the last 7d / 4w",
    )
    p.add_argument("--limit", type=int, metavar="N", help="at most N sessions (newest first)")
    p.add_argument(
        "--no-pager",
        action="store_true",
        help="print the table straight to the terminal (a taller one goes through $PAGER, less)",
    )
    p.set_defaults(func=cmd_log)
    add_log_transfer(p)  # log export / log import (cli.commands.log_transfer)


def parse_since(text: str, now: dt.datetime) -> dt.datetime:
    """``2026-03-01`` (local midnight), a full ISO time, or ``7d`` / ``4w`` back from now."""
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


def open_for_reading() -> History:
    """The log, read-only; a log that cannot be read at all is the user's to fix."""
    from timer_tui.log.store import History

    opened = History.open(readonly=True)
    if opened.history is None:
        raise UserError(opened.message or "the log cannot be read")
    return opened.history


def say_unreadable(history: History) -> None:
    """Rows of the log that do not parse were skipped: say so once, on stderr."""
    notice = history.unreadable_notice()
    if notice:
        print(f"timer-tui: {notice}", file=sys.stderr)


def cmd_log(args: argparse.Namespace) -> int:
    from timer_tui.log.records import local_now

    if args.steps and not args.csv:
        raise UserError("--steps goes with --csv: timer-tui log --csv --steps")
    if args.limit is not None and args.limit < 0:
        raise UserError(f"--limit must be 0 or more (got {args.limit})")
    now = local_now()
    since = parse_since(args.since, now) if args.since else None
    if not (args.json or args.csv):
        return log_table(since, args.limit, now, args.since, no_pager=args.no_pager)
    with open_for_reading() as history:
        # Every step only where they are printed; the CSV shows a session's loads,
        # read from the steps that have one.
        steps = args.json or (args.csv and args.steps)
        records = history.sessions(
            since=since, limit=args.limit, with_steps=steps, with_loads=not steps
        )
        say_unreadable(history)
    if args.json:
        print(json.dumps([session_json(r) for r in records], indent=2))
    elif args.csv and args.steps:
        write_steps_csv(records)
    else:
        write_csv(records)
    return 0


def log_table(
    since: dt.datetime | None,
    limit: int | None,
    now: dt.datetime,
    since_text: str | None,
    *,
    no_pager: bool = False,
) -> int:
    """The table: each session as ``log.listing`` lists it (no record per session)."""
    from timer_tui.log.listing import listed

    with open_for_reading() as history:
        items = listed(history, since=since, limit=limit)
        # The last line: the streak, and when nothing is shown, how many sessions the
        # log holds. Listing the whole log has every run the streak looks at (and the
        # same dates: views.session_streak); else it is read a week at a time.
        if since is None and limit is None:
            from timer_tui.log.views import streak

            run = streak((i.started_local.date() for i in items if i.counted), now.date())
        else:
            from timer_tui.log.streak import weekly_streak

            run = weekly_streak(history, now.date())
        logged = history.count() if (since is not None or limit is not None) and not items else 0
        say_unreadable(history)
    shown = "--limit 0" if limit == 0 else f"none since {since_text}"
    from timer_tui.cli.log_print import paged, print_listed

    paged(lambda c: print_listed(items, streak=run, logged=(logged, shown), console=c), no_pager)
    return 0


def _iso(value: dt.datetime | None) -> str | None:
    return None if value is None else value.isoformat()


def session_json(r: SessionRecord) -> dict[str, Any]:
    return {
        "id": r.row,
        "uid": r.uid,
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
        "distance_m": _metres(r.distance_m),
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
                "speed_kmh": s.speed_kmh,
                "incline_pct": s.incline_pct,
                "distance_m": _metres(s.distance_m),
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
    "loads",
    "distance_m",
)


FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
"""What begins a cell LibreOffice or Excel runs as a formula (OWASP's CSV injection list)."""


def sheet_text(value: object) -> object:
    """A CSV cell a spreadsheet loads as it reads here: text that would start a formula
    (a session named '=HYPERLINK("http://…")' from a shared file) gets a single quote
    before it, which makes it text; numbers are left as numbers, a negative one too."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def _sheet_writer() -> Callable[[Iterable[object]], object]:
    """``writerow`` of a CSV on stdout whose every cell goes through ``sheet_text``."""
    writer = csv.writer(sys.stdout, lineterminator="\n")
    return lambda row: writer.writerow([sheet_text(cell) for cell in row])


def write_csv(records: list[SessionRecord]) -> None:
    """The log for a spreadsheet; names are escaped as on the terminal (it may well be one)."""
    from timer_tui.core.safe_text import safe_text

    writerow = _sheet_writer()
    writerow(CSV_FIELDS)
    for r in records:
        writerow(
            [
                r.row,
                sheet_time(r.started_at),
                sheet_time(r.ended_at),
                safe_text(r.session_id),
                safe_text(r.name),
                safe_text(r.program_id or ""),
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
                safe_text(r.loads_text),
                _cell(_metres(r.distance_m)),
            ]
        )


def _metres(value: float | None) -> float | None:
    """A logged distance to the decimetre: an estimate from a planned speed."""
    return None if value is None else round(value, 1)


def _cell(value: float | None) -> float | str:
    return "" if value is None else value


def sheet_time(value: dt.datetime | None) -> str:
    """Local time to the second, "2026-11-27 11:01:26": what a spreadsheet reads as a
    date and time (an ISO string with a zone and microseconds loads as text)."""
    return "" if value is None else value.astimezone().strftime("%Y-%m-%d %H:%M:%S")


STEP_CSV_FIELDS = (
    "id",
    "session",
    "started_at",
    "step",
    "name",
    "kind",
    "planned_seconds",
    "actual_seconds",
    "paused_seconds",
    "adjusted_seconds",
    "outcome",
    "reps_planned",
    "reps_done",
    "load",
    "ended_at",
    "speed_kmh",
    "incline_pct",
    "distance_m",
)


def write_steps_csv(records: list[SessionRecord]) -> None:
    """One row per logged step (``--csv --steps``): the loads and reps over time."""
    from timer_tui.core.safe_text import safe_text

    writerow = _sheet_writer()
    writerow(STEP_CSV_FIELDS)
    for r in records:  # newest session first, as in every other form of the log
        for s in r.steps:
            writerow(
                [
                    r.row,
                    safe_text(r.session_id),
                    sheet_time(r.started_at),
                    s.index + 1,
                    safe_text(s.name),
                    s.kind,
                    "" if s.planned_seconds is None else s.planned_seconds,
                    round(s.actual_seconds, 1),
                    round(s.paused_seconds, 1),
                    s.adjusted_seconds,
                    s.outcome,
                    "" if s.reps_planned is None else s.reps_planned,
                    "" if s.reps_done is None else s.reps_done,
                    safe_text(s.load or ""),
                    sheet_time(s.ended_at),
                    _cell(s.speed_kmh),
                    _cell(s.incline_pct),
                    _cell(_metres(s.distance_m)),
                ]
            )
