"""`timer-tui plan`: the program into a calendar, read back with the icalendar library,
and where a plan stands (the rule ``next`` and the picker show)."""

from __future__ import annotations

import datetime as dt
import json
import math
from collections.abc import Callable
from pathlib import Path

import icalendar
import pytest

from tests.conftest import RunIntoLog
from tests.unit.conftest import Cli
from timer_tui.core.durations import format_clock
from timer_tui.core.plan import (
    Plan,
    PlanError,
    parse_days,
    parse_start,
    parse_time,
    plan_status,
    schedule,
    short_date,
)
from timer_tui.library.plans import plans_path, read_plans
from timer_tui.library.sessions import discover, resolve
from timer_tui.log.records import local_now

START = dt.date(2026, 12, 1)  # a Tuesday


# -- the pure parts -----------------------------------------------------------------------
def test_parse_days_times_and_dates() -> None:
    assert parse_days("mon,wed,fri") == (0, 2, 4)
    assert parse_days("Friday, MON,mon") == (0, 4)
    assert parse_time("7:05") == dt.time(7, 5) and parse_time("18:30") == dt.time(18, 30)
    assert parse_start("2026-12-01", START) == START
    assert parse_start("tomorrow", START) == dt.date(2026, 12, 2)
    cases: list[tuple[Callable[[], object], str]] = [
        (lambda: parse_days("mon,funday"), '"funday" is not a weekday'),
        (lambda: parse_days(" , "), "at least one weekday"),
        (lambda: parse_time("25:00"), '"25:00" is not a time of day'),
        (lambda: parse_time("7pm"), '"7pm" is not a time'),
        (lambda: parse_start("2026-02-30", START), '"2026-02-30" is not a date'),
        (lambda: parse_start("next week", START), "2026-12-01, or today or tomorrow"),
    ]
    for bad, said in cases:
        with pytest.raises(PlanError, match=said):
            bad()


def test_schedule_puts_one_session_on_each_chosen_day_from_the_start() -> None:
    dates = schedule(START, (0, 2, 4), 5)
    assert dates == [
        dt.date(2026, 12, 2),
        dt.date(2026, 12, 4),
        dt.date(2026, 12, 7),
        dt.date(2026, 12, 9),
        dt.date(2026, 12, 11),
    ]
    assert schedule(START, (1,), 2) == [START, dt.date(2026, 12, 8)]  # the start day counts


SESSIONS = ("w1r1", "w1r2", "w1r3", "w2r1", "w2r2", "w2r3")
PLAN = Plan("c25k", START, (0, 2, 4), SESSIONS)  # Wed 2, Fri 4, Mon 7, Wed 9, Fri 11, Mon 14


@pytest.mark.parametrize(
    ("done", "today", "text"),
    [
        ((), dt.date(2026, 11, 30), "next Wed 2 Dec"),
        ((), dt.date(2026, 12, 1), "next tomorrow"),
        ((), dt.date(2026, 12, 2), "due today"),
        ((), dt.date(2026, 12, 3), "1 session behind"),
        ((), dt.date(2026, 12, 4), "2 sessions behind"),  # Wednesday's missed, today's due
        (("w1r1",), dt.date(2026, 12, 4), "due today"),  # done a day late: caught up
        (("w1r1", "w1r2"), dt.date(2026, 12, 3), "1 session ahead, next Mon 7 Dec"),  # early
        (("w1r1", "w1r2"), dt.date(2026, 12, 6), "next tomorrow"),
        (("w1r1", "w1r2", "w1r3"), dt.date(2026, 12, 3), "2 sessions ahead, next Wed 9 Dec"),
        (("w1r2",), dt.date(2026, 12, 4), "due today"),  # any session counts as one done
        (SESSIONS, dt.date(2026, 12, 5), "plan done"),
        (("elsewhere/x",), dt.date(2026, 12, 2), "due today"),  # not in the plan: no count
    ],
)
def test_progress_counts_sessions_not_dates(
    done: tuple[str, ...], today: dt.date, text: str
) -> None:
    assert plan_status(PLAN, frozenset(done), today).text(today) == text


def test_the_next_session_is_the_first_one_not_done() -> None:
    status = plan_status(PLAN, frozenset({"w1r1", "w1r3"}), dt.date(2026, 12, 5))
    assert status.next_id == "w1r2" and status.due == dt.date(2026, 12, 7)


# -- the calendar file, read back by icalendar -------------------------------------------
def _events(path: Path) -> list[icalendar.Component]:
    calendar = icalendar.Calendar.from_ical(path.read_bytes())
    return list(calendar.walk("VEVENT"))


def test_plan_writes_one_event_per_session_on_the_chosen_days(cli: Cli, tmp_path: Path) -> None:
    out = tmp_path / "c25k.ics"
    code, stdout, err = cli(
        [
            "plan",
            "c25k",
            "--start",
            "2026-12-01",
            "--days",
            "mon,wed,fri",
            "--time",
            "07:00",
            "-o",
            str(out),
        ]
    )
    assert code == 0 and stdout == "" and "planned 27 sessions" in err
    raw = out.read_bytes()
    assert raw.startswith(b"BEGIN:VCALENDAR\r\n") and b"\r\n" in raw and b"\n\n" not in raw
    calendar = icalendar.Calendar.from_ical(raw)
    assert calendar["VERSION"] == "2.0" and calendar["PRODID"]
    events = _events(out)
    program = [e for e in discover() if e.program is not None and e.program.id == "c25k"]
    assert len(events) == len(program) == 27
    expected_days = schedule(START, (0, 2, 4), 27)
    for event, entry, day in zip(events, program, expected_days, strict=True):
        start, end = event.decoded("DTSTART"), event.decoded("DTEND")
        assert start == dt.datetime.combine(day, dt.time(7, 0))  # floating: no tzinfo
        assert start.tzinfo is None and start.weekday() in (0, 2, 4)
        minutes = math.ceil(entry.timeline().total_seconds / 60)
        assert end - start == dt.timedelta(minutes=minutes)
        assert str(event["SUMMARY"]) == entry.name
        description = str(event["DESCRIPTION"])
        assert entry.session is not None and entry.session.description is not None
        assert entry.session.description.split(".")[0] in description
        assert f"timer-tui run {entry.id}" in description
        assert f"Total {format_clock(entry.timeline().total_seconds)} · " in description
        assert event.decoded("DTSTAMP").tzinfo is not None
        [alarm] = event.walk("VALARM")
        assert str(alarm["ACTION"]) == "DISPLAY"
        assert alarm.decoded("TRIGGER") == -dt.timedelta(minutes=15)
    assert len({str(e["UID"]) for e in events}) == 27
    # In program order: weeks and runs ascend with the dates.
    assert [str(e["SUMMARY"]) for e in events] == [e.name for e in program]


def test_no_event_falls_on_a_day_not_chosen_and_uids_are_stable(cli: Cli, tmp_path: Path) -> None:
    first, second = tmp_path / "a.ics", tmp_path / "b.ics"
    args = ["plan", "strength", "--start", "2026-12-05", "--days", "tue,sat"]
    assert cli([*args, "--time", "18:30", "-o", str(first)])[0] == 0
    assert cli([*args, "--time", "06:00", "-o", str(second)])[0] == 0
    a, b = _events(first), _events(second)
    assert {e.decoded("DTSTART").weekday() for e in a} == {1, 5}
    assert [str(e["UID"]) for e in a] == [str(e["UID"]) for e in b]  # the same events, moved
    assert [e.decoded("SEQUENCE") for e in b] == [1] * len(b)  # a second plan: revision 2
    # Rep steps have no clock: a minute each on top of the timed steps.
    hips = resolve("strength/hips").timeline()
    event = next(e for e in a if str(e["SUMMARY"]) == resolve("strength/hips").name)
    seconds = hips.total_seconds + 60 * hips.rep_steps
    length = event.decoded("DTEND") - event.decoded("DTSTART")
    assert length == dt.timedelta(minutes=math.ceil(seconds / 60))


def test_all_day_events_and_a_time_zone(cli: Cli, tmp_path: Path) -> None:
    out = tmp_path / "all-day.ics"
    assert cli(["plan", "c25k", "--start", "2026-12-01", "--days", "sat", "-o", str(out)])[0] == 0
    first = _events(out)[0]
    assert first.decoded("DTSTART") == dt.date(2026, 12, 5)
    assert first.decoded("DTEND") == dt.date(2026, 12, 6)
    assert first.walk("VALARM")[0].decoded("TRIGGER") == dt.timedelta(hours=8)
    zoned = tmp_path / "zoned.ics"
    code, _, _ = cli(
        [
            "plan",
            "c25k",
            "--start",
            "2026-12-01",
            "--days",
            "sun",
            "--time",
            "09:15",
            "--tz",
            "Europe/Berlin",
            "--no-reminder",
            "-o",
            str(zoned),
        ]
    )
    assert code == 0
    calendar = icalendar.Calendar.from_ical(zoned.read_bytes())
    assert [str(tz["TZID"]) for tz in calendar.walk("VTIMEZONE")] == ["Europe/Berlin"]
    event = calendar.walk("VEVENT")[0]
    start = event.decoded("DTSTART")
    assert start.utcoffset() == dt.timedelta(hours=1) and (start.hour, start.minute) == (9, 15)
    assert not event.walk("VALARM")


def test_stdout_when_no_file_is_named(cli: Cli) -> None:
    code, out, _ = cli(["plan", "presets", "--start", "2026-12-01", "--days", "mon"])
    assert code == 0
    events = list(icalendar.Calendar.from_ical(out).walk("VEVENT"))
    assert len(events) == len([e for e in discover() if e.program and e.program.id == "presets"])


def test_an_existing_file_is_never_replaced_without_force(cli: Cli, tmp_path: Path) -> None:
    out = tmp_path / "mine.ics"
    out.write_text("my own calendar")
    args = ["plan", "c25k", "--start", "2026-12-01", "--days", "mon", "-o", str(out)]
    code, _, err = cli(args)
    assert code == 2 and "exists" in err and "--force" in err
    assert out.read_text() == "my own calendar"
    assert not plans_path().exists()  # nothing was planned either
    assert cli([*args, "--force"])[0] == 0
    assert len(_events(out)) == 27
    assert [p.name for p in tmp_path.iterdir()] == ["mine.ics"]  # no temporary file left


@pytest.mark.parametrize(
    ("args", "said"),
    [
        (["--start", "2026-13-01", "--days", "mon"], '--start: "2026-13-01" is not a date'),
        (["--start", "today", "--days", "mon,someday"], '"someday" is not a weekday'),
        (["--start", "today", "--days", "mon", "--time", "7"], '"7" is not a time of day'),
        (["--start", "today", "--days", "mon", "--tz", "Mars/Base"], 'unknown time zone "Mars'),
        (["--start", "today", "--days", "mon", "--remind", "-5"], "--remind must be 0 or more"),
        (["--days", "mon"], "plan needs --start DATE and --days"),
    ],
)
def test_bad_input_is_a_clear_error_and_writes_nothing(
    cli: Cli, tmp_path: Path, args: list[str], said: str
) -> None:
    out = tmp_path / "plan.ics"
    code, stdout, err = cli(["plan", "c25k", *args, "-o", str(out)])
    assert code == 2 and said in err and stdout == ""
    assert not out.exists() and not plans_path().exists()
    code, _, err = cli(["plan", "c26k", "--start", "today", "--days", "mon"])
    assert code == 2 and 'no program "c26k"' in err and "c25k" in err


def test_sessions_done_are_left_out_unless_all(
    cli: Cli, tmp_path: Path, run_into_log: RunIntoLog
) -> None:
    run_into_log(resolve("c25k/week-1-run-1"))
    run_into_log(resolve("c25k/week-1-run-2"))
    out = tmp_path / "left.ics"
    code, _, err = cli(["plan", "c25k", "--start", "2026-12-01", "--days", "mon", "-o", str(out)])
    assert code == 0 and "2 done already left out" in err
    events = _events(out)
    assert len(events) == 25 and "Week 1, Run 3" in str(events[0]["SUMMARY"])
    assert events[0].decoded("DTSTART") == dt.date(2026, 12, 7)
    code, out_text, _ = cli(["plan", "c25k", "--start", "2026-12-01", "--days", "mon", "--all"])
    assert len(list(icalendar.Calendar.from_ical(out_text).walk("VEVENT"))) == 27


# -- the plan kept, and what `next` says --------------------------------------------------
def test_next_says_where_the_plan_stands(cli: Cli, run_into_log: RunIntoLog) -> None:
    today = local_now().date()
    start = (today - dt.timedelta(days=2)).isoformat()
    every_day = "mon,tue,wed,thu,fri,sat,sun"
    assert cli(["plan", "c25k", "--start", start, "--days", every_day])[0] == 0
    saved = read_plans().plans["c25k"]
    assert saved.start == today - dt.timedelta(days=2) and saved.days == tuple(range(7))
    assert json.loads(plans_path().read_text())["plans"]["c25k"]["revision"] == 1

    code, out, err = cli(["next", "--dry-run"])  # nothing run yet: the planned program's
    assert (code, out) == (0, "c25k/week-1-run-1\n")
    assert "plan of c25k: 3 sessions behind" in err  # two days missed, and today's
    run_into_log(resolve("c25k/week-1-run-1"))
    run_into_log(resolve("c25k/week-1-run-2"))
    _, out, err = cli(["next", "--dry-run"])
    assert out == "c25k/week-1-run-3\n" and "plan of c25k: due today" in err
    run_into_log(resolve("c25k/week-1-run-3"))
    run_into_log(resolve("c25k/week-2-run-1"))
    _, out, err = cli(["next", "--dry-run"])
    # Done early: ahead, and the next session keeps its own date (the fifth, in two days).
    ahead = f"1 session ahead, next {short_date(today + dt.timedelta(days=2))}"
    assert f"plan of c25k: {ahead}" in err
    code, out, _ = cli(["plan"])
    assert code == 0 and f"c25k: {ahead}" in out
    assert "session c25k/week-2-run-2" in out

    code, out, _ = cli(["plan", "c25k", "--forget"])
    assert code == 0 and "dropped" in out
    _, _, err = cli(["next", "--dry-run"])
    assert "plan of" not in err


def test_a_damaged_plans_file_is_said_and_never_overwritten(cli: Cli) -> None:
    path = plans_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text('{"version": 1, "plans": {"c25k": {"start": "\x1b[31mred"}}}')
    code, _, err = cli(["next", "c25k", "--dry-run"])
    assert code == 0 and "is damaged" in err and "\x1b" not in err
    code, _, err = cli(["plan", "c25k", "--start", "today", "--days", "mon"])
    assert code == 2 and "move it away" in err
    assert "\x1b[31mred" in path.read_text()
