"""`timer-tui plan`: a program's sessions on the calendar, as an iCalendar file.

``plan PROGRAM --start DATE --days mon,wed,fri`` lays the sessions not done yet
on the chosen weekdays, writes them as events (stdout, or ``-o FILE``, never
replacing a file without ``--force``) and keeps the plan in the data folder, so
``next`` and the picker say "due today" or "2 sessions behind". A bare
``plan`` says where each plan stands. Heavy imports (icalendar, the log) live in
the handlers.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from timer_tui.core.errors import UserError

if TYPE_CHECKING:
    from timer_tui.cli.commands import Subparsers
    from timer_tui.core.plan import Plan
    from timer_tui.library.sessions import SessionEntry

_EPILOG = """examples:
  timer-tui plan c25k --start today --days mon,wed,fri --time 07:00 -o c25k.ics
      Couch to 5K three mornings a week, as a file to import into your calendar
  timer-tui plan
      where each plan stands: due today, sessions behind or ahead"""


def add_plan(sub: Subparsers) -> None:
    p = sub.add_parser(
        "plan",
        help="put a program's sessions on your calendar (.ics)",
        description=(
            "Lay a program's sessions, in order, on the weekdays you choose from a start date, "
            "one per day, and write them as an iCalendar file your calendar app imports: each "
            "event has the session's name, description, total time and a reminder. Sessions "
            "already done are left out unless --all. The plan is kept, so `timer-tui next` and "
            "the picker say when a session is due and how far behind or ahead you are. Making "
            "the plan again (say, after a break) replaces it, and importing its file moves the "
            "events in the calendar. With no PROGRAM, says where each plan stands."
        ),
        epilog=_EPILOG,
    )
    p.add_argument("program", nargs="?", metavar="PROGRAM", help="a program id, such as c25k")
    p.add_argument("--start", metavar="DATE", help="the first day: 2026-12-01, today, tomorrow")
    p.add_argument("--days", metavar="DAYS", help="weekdays, comma-separated: mon,wed,fri")
    p.add_argument("--time", metavar="HH:MM", help="start time (default: all-day events)")
    p.add_argument(
        "--tz",
        metavar="ZONE",
        help="a time zone such as Europe/Berlin (default: floating, the calendar's own)",
    )
    p.add_argument(
        "--remind",
        type=int,
        default=15,
        metavar="MIN",
        help="reminder MIN minutes before (default 15; all-day events: 08:00)",
    )
    p.add_argument("--no-reminder", action="store_true", help="events without a reminder")
    p.add_argument("--all", action="store_true", help="plan every session, done ones too")
    p.add_argument("-o", "--output", metavar="FILE", help="write FILE.ics instead of stdout")
    p.add_argument("--force", action="store_true", help="with -o: replace an existing FILE")
    p.add_argument("--forget", action="store_true", help="drop PROGRAM's plan")
    p.set_defaults(func=cmd_plan)


def _program_sessions(program: str, entries: list[SessionEntry]) -> list[SessionEntry]:
    from timer_tui.core.safe_text import safe_text
    from timer_tui.library.sessions import broken_in_program

    programs = sorted({e.program.id for e in entries if e.program is not None})
    if program not in programs:
        raise UserError(f'no program "{safe_text(program)}"; programs: {", ".join(programs)}')
    for broken in broken_in_program(entries, program):
        first = broken.errors[0].format() if broken.errors else "unknown problem"
        print(f"timer-tui: plan: leaving out {safe_text(broken.id)}: {first}", file=sys.stderr)
    return [e for e in entries if e.ok and e.program is not None and e.program.id == program]


def done_ids(entries: list[SessionEntry], program: str | None = None) -> frozenset[str]:
    """Sessions done at least once (as ``next`` counts them); none when the log is unreadable."""
    from timer_tui.log.store import History
    from timer_tui.log.views import program_progress

    opened = History.open(readonly=True)
    if opened.history is None:
        return frozenset()
    with opened.history as history:
        progress = program_progress(entries, history.completed(program))
    return frozenset().union(*(p.done for p in progress.values()))


def _zone(name: str | None) -> dt.tzinfo | None:
    if name is None:
        return None
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        raise UserError(
            f'--tz: unknown time zone "{name}"; give an IANA name such as Europe/Berlin'
        ) from None


def cmd_plan(args: argparse.Namespace) -> int:
    from timer_tui.library.sessions import discover

    entries = discover()
    if args.program is None:
        if args.start or args.days or args.forget or args.output:
            raise UserError(
                "name the program to plan: timer-tui plan PROGRAM --start ... --days ..."
            )
        return _show_plans(entries)
    if args.forget:
        from timer_tui.library.plans import forget_plan

        found = forget_plan(args.program)
        print(f"timer-tui: plan of {args.program} {'dropped' if found else 'not found'}")
        return 0
    if not args.start or not args.days:
        raise UserError("plan needs --start DATE and --days, e.g. --start today --days mon,wed,fri")
    return _make_plan(args, entries)


def _make_plan(args: argparse.Namespace, entries: list[SessionEntry]) -> int:
    from timer_tui.core.plan import Plan, parse_days, parse_start, parse_time
    from timer_tui.log.records import local_now

    now = local_now()
    start = parse_start(args.start, now.date())
    days = parse_days(args.days)
    time = None if args.time is None else parse_time(args.time)
    tz = _zone(args.tz)
    if args.remind < 0:
        raise UserError(f"--remind must be 0 or more minutes (got {args.remind})")
    target = Path(args.output) if args.output else None
    if target is not None:
        _check_target(target, force=args.force)
    members = _program_sessions(args.program, entries)
    done = frozenset() if args.all else done_ids(entries, args.program)
    left = [e for e in members if e.id not in done]
    if not left:
        print(
            f"timer-tui: every session of {args.program} is done; nothing to plan "
            "(--all plans every one again)",
            file=sys.stderr,
        )
        return 0
    from timer_tui.library.plans import read_plans, save_plan

    current = read_plans()
    if current.problem is not None:  # before any file is written: the plan could not be kept
        raise UserError(f"{current.problem}; move it away to make a new plan")
    earlier = current.plans.get(args.program)
    revision = 1 if earlier is None else earlier.revision + 1
    plan = Plan(args.program, start, days, tuple(e.id for e in left), time, revision)
    _write_calendar(plan, left, args, now, tz, target)
    save_plan(plan)
    _say_planned(plan, len(members), target)
    return 0


def _write_calendar(
    plan: Plan,
    left: list[SessionEntry],
    args: argparse.Namespace,
    now: dt.datetime,
    tz: dt.tzinfo | None,
    target: Path | None,
) -> None:
    from timer_tui.library.plan_calendar import PlannedSession, plan_calendar
    from timer_tui.library.sessions import group_by_program

    name = next(g.name for g in group_by_program(left) if g.id == plan.program_id)
    sessions = {
        e.id: PlannedSession(
            e.id, e.name, e.session.description if e.session else None, e.timeline()
        )
        for e in left
    }
    data = plan_calendar(
        plan,
        sessions,
        made_at=now,
        program_name=name,
        remind_minutes=-1 if args.no_reminder else args.remind,
        tz=tz,
    )
    if target is None:
        sys.stdout.buffer.write(data)
        sys.stdout.flush()
        return
    from timer_tui.library.atomic import write_output

    try:
        write_output(target, data, force=args.force)
    except FileExistsError:
        raise UserError(_exists(target)) from None


def _check_target(target: Path, *, force: bool) -> None:
    """Before the plan is saved: a calendar that cannot be written leaves no plan either."""
    from timer_tui.library.atomic import Output, output_kind

    if output_kind(target) is Output.FILE and not force:
        raise UserError(_exists(target))


def _exists(target: Path) -> str:
    return f"{target} exists; choose another name, or add --force to replace it"


def _say_planned(plan: Plan, members: int, target: Path | None) -> None:
    from timer_tui.core.plan import days_text, short_date
    from timer_tui.core.wording import plural

    dates = plan.dates
    when = "all-day" if plan.time is None else f"at {plan.time.strftime('%H:%M')}"
    skipped = members - len(plan.sessions)
    done = f" ({skipped} done already left out; --all plans them too)" if skipped else ""
    into = "" if target is None else f" into {target}"
    print(
        f"timer-tui: planned {plural(len(plan.sessions), 'session')}{done}{into}: "
        f"{short_date(dates[0])} {dates[0].year} to {short_date(dates[-1])} {dates[-1].year}, "
        f"{days_text(plan.days)} {when}. `timer-tui next` and the picker now say what is due",
        file=sys.stderr,
    )


def _show_plans(entries: list[SessionEntry]) -> int:
    from timer_tui.core.plan import days_text, plan_status
    from timer_tui.core.safe_text import safe_text
    from timer_tui.library.plans import read_plans
    from timer_tui.log.records import local_now

    plans = read_plans()
    if plans.problem:
        raise UserError(plans.problem)
    if not plans.plans:
        print("No plans yet. Make one with: timer-tui plan PROGRAM --start DATE --days mon,wed,fri")
        return 0
    today = local_now().date()
    done = done_ids(entries)
    for program, plan in plans.plans.items():
        status = plan_status(plan, done, today)
        upcoming = "" if status.next_id is None else f" · session {safe_text(status.next_id)}"
        print(
            f"{safe_text(program)}: {status.text(today)}{upcoming} "
            f"({len(plan.sessions)} planned from {plan.start}, {days_text(plan.days)})"
        )
    return 0
