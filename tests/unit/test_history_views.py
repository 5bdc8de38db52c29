"""Pure views over the log: streaks, weekly totals per kind, program progress."""

from __future__ import annotations

import dataclasses
import datetime as dt
from pathlib import Path
from typing import Any

import pytest

from timer_tui.core.kinds import Category
from timer_tui.library.sessions import discover
from timer_tui.log.records import Outcome, SessionRecord, StepRecord
from timer_tui.log.views import (
    iso_week_start,
    program_progress,
    session_streak,
    streak,
    weekly_totals,
)

TZ = dt.timezone(dt.timedelta(hours=-5), "UTC-5")
D = dt.date


def step(kind: str, seconds: float) -> StepRecord:
    return StepRecord(
        index=0,
        name=kind,
        kind=kind,
        planned_seconds=int(seconds),
        actual_seconds=seconds,
        paused_seconds=0,
        adjusted_seconds=0,
        outcome="completed",
        reps_planned=None,
        reps_done=None,
        load=None,
        ended_at=dt.datetime(2026, 1, 1, tzinfo=TZ),
    )


def record(
    started: dt.datetime,
    *steps: StepRecord,
    outcome: Outcome = Outcome.COMPLETED,
    session_id: str = "x",
    program: tuple[str, int | None, int | None] | None = None,
) -> SessionRecord:
    return SessionRecord(
        row=1,
        session_id=session_id,
        name=session_id,
        path=None,
        sha256=None,
        program_id=program[0] if program else None,
        program_week=program[1] if program else None,
        program_day=program[2] if program else None,
        program_order=None,
        started_at=started,
        ended_at=started,
        last_seen_at=started,
        planned_seconds=0,
        step_count=len(steps),
        active_seconds=sum(s.actual_seconds for s in steps),
        paused_seconds=0,
        outcome=outcome,
        current_step=None,
        stopped_step=None,
        resumes=0,
        steps=steps,
    )


# -- streak ---------------------------------------------------------------------------
def test_iso_weeks_start_on_monday() -> None:
    assert iso_week_start(D(2026, 3, 8)) == D(2026, 3, 2)  # Sunday -> Monday before
    assert iso_week_start(D(2026, 3, 9)) == D(2026, 3, 9)


@pytest.mark.parametrize(
    ("days", "today", "expected"),
    [
        ([], D(2026, 3, 4), 0),
        ([D(2026, 3, 4)], D(2026, 3, 4), 1),
        # Nothing yet this week: the streak still counts up to last week.
        ([D(2026, 2, 24), D(2026, 2, 17)], D(2026, 3, 4), 2),
        # A week with nothing ends the streak.
        ([D(2026, 3, 2), D(2026, 2, 16)], D(2026, 3, 4), 1),
        # Two weeks ago is too old.
        ([D(2026, 2, 17)], D(2026, 3, 4), 0),
        # Several sessions in one week count once; across a year boundary (ISO week 1).
        ([D(2025, 12, 29), D(2026, 1, 1), D(2025, 12, 22), D(2026, 1, 5)], D(2026, 1, 6), 3),
    ],
)
def test_streak(days: list[dt.date], today: dt.date, expected: int) -> None:
    assert streak(days, today) == expected


def test_session_streak_counts_completed_sessions_in_the_given_timezone() -> None:
    # 23:30 on Sunday in UTC-5 is already Monday in UTC.
    sunday_late = dt.datetime(2026, 3, 8, 23, 30, tzinfo=TZ)
    quit_this_week = dt.datetime(2026, 3, 10, 8, tzinfo=TZ)
    records = [record(sunday_late), record(quit_this_week, outcome=Outcome.QUIT)]
    assert session_streak(records, D(2026, 3, 10), tz=TZ) == 1  # the week of 2 March
    assert session_streak(records, D(2026, 3, 10), tz=dt.timezone.utc) == 1  # 9 March
    assert session_streak(records, D(2026, 3, 17), tz=dt.timezone.utc) == 1
    assert session_streak(records, D(2026, 3, 17), tz=TZ) == 0


# -- weekly totals ---------------------------------------------------------------------
def test_weekly_totals_by_kind_with_empty_weeks() -> None:
    records = [
        record(
            dt.datetime(2026, 3, 4, 7, tzinfo=TZ),
            step("warmup", 300),
            step("run", 60),
            step("walk", 90),
            step("run", 60),
            step("rest", 30),
        ),
        record(dt.datetime(2026, 3, 5, 18, tzinfo=TZ), step("exercise", 120), step("work", 20)),
        record(
            dt.datetime(2026, 2, 18, 7, tzinfo=TZ), step("run", 600), outcome=Outcome.INTERRUPTED
        ),
        record(dt.datetime(2025, 1, 1, tzinfo=TZ), step("run", 999)),  # outside the window
    ]
    weeks = weekly_totals(records, D(2026, 3, 6), weeks=4, tz=TZ)
    assert [w.week_start for w in weeks] == [
        D(2026, 2, 9),
        D(2026, 2, 16),
        D(2026, 2, 23),
        D(2026, 3, 2),
    ]
    assert [w.total for w in weeks] == [0, 600, 0, 300 + 60 + 90 + 60 + 120 + 20]
    this = weeks[-1].seconds
    assert this[Category.RUNNING] == 120
    assert this[Category.WALKING] == 90
    assert this[Category.STRENGTH] == 140
    assert this[Category.OTHER] == 300  # warm-up; rest is not counted at all
    assert weeks[-1].label == "2026-W10"


# -- program progress --------------------------------------------------------------------
def test_progress_marks_done_and_picks_the_first_not_done_in_program_order() -> None:
    entries = discover()
    c25k = [e for e in entries if e.program and e.program.id == "c25k"]
    assert len(c25k) == 27
    at = dt.datetime(2026, 3, 4, tzinfo=TZ)
    completed = [
        record(at, session_id="c25k/week-1-run-1"),
        record(at, session_id="c25k/week-1-run-3"),
    ]
    progress = program_progress(entries, completed)["c25k"]
    assert progress.done == {"c25k/week-1-run-1", "c25k/week-1-run-3"}
    assert progress.next_id == "c25k/week-1-run-2"
    assert progress.total == 27
    assert program_progress(entries, [])["c25k"].next_id == "c25k/week-1-run-1"


def test_progress_counts_a_run_started_from_a_file_path_by_its_program_position() -> None:
    entries = discover()
    at = dt.datetime(2026, 3, 4, tzinfo=TZ)
    by_path = record(at, session_id="week-1-run-1", program=("c25k", 1, 1))
    progress = program_progress(entries, [by_path])["c25k"]
    assert progress.done == {"c25k/week-1-run-1"}
    assert progress.next_id == "c25k/week-1-run-2"


def test_a_finished_program_has_no_next(tmp_path: Path) -> None:
    for day in (1, 2):
        (tmp_path / f"d{day}.toml").write_text(
            f'name = "D{day}"\n[program]\nid = "mini"\nday = {day}\n'
            '[[steps]]\nkind = "run"\nduration = 5\n'
        )
    entries = [e for e in discover(user_dir=tmp_path) if e.program and e.program.id == "mini"]
    at = dt.datetime(2026, 3, 4, tzinfo=TZ)
    progress = program_progress(entries, [record(at, session_id="d1"), record(at, session_id="d2")])
    assert progress["mini"].next_id is None
    assert progress["mini"].done == {"d1", "d2"}


# -- what counts as done -------------------------------------------------------------------
def with_counts(r: SessionRecord, **changes: Any) -> SessionRecord:
    return dataclasses.replace(r, **changes)


def test_a_finished_session_counts_as_done_only_if_not_skipped_through() -> None:
    at = dt.datetime(2026, 3, 4, tzinfo=TZ)
    base = with_counts(record(at), planned_seconds=1800, step_count=18)
    # Timed: at least half of the planned timed time ran.
    assert with_counts(base, timed_active_seconds=900.0).counts_as_done
    assert not with_counts(base, timed_active_seconds=899.0, steps_skipped=9).counts_as_done
    assert not with_counts(base, timed_active_seconds=3.0, steps_skipped=18).counts_as_done
    # Time in rep steps does not make up for skipped timed steps.
    assert not with_counts(base, active_seconds=2000.0, timed_active_seconds=0.0).counts_as_done
    # Rep steps: at least one of them done.
    reps_only = with_counts(record(at), planned_seconds=0, rep_steps=6)
    assert not reps_only.counts_as_done
    assert with_counts(reps_only, rep_steps_completed=1).counts_as_done
    # Quit or interrupted never counts.
    assert not with_counts(base, timed_active_seconds=1800.0, outcome=Outcome.QUIT).counts_as_done
    # The outcome says so.
    skipped = with_counts(base, timed_active_seconds=3.0, steps_skipped=18)
    assert skipped.outcome_text == "completed, 18 skipped, not counted"
    assert with_counts(base, timed_active_seconds=1500.0, steps_skipped=2).outcome_text == (
        "completed, 2 skipped"
    )


def test_skipped_through_sessions_count_for_neither_progress_nor_streak() -> None:
    entries = discover()
    at = dt.datetime(2026, 3, 4, tzinfo=TZ)
    skipped = with_counts(
        record(at, session_id="c25k/week-1-run-1"),
        planned_seconds=1800,
        timed_active_seconds=3.0,
        steps_skipped=18,
    )
    progress = program_progress(entries, [skipped])["c25k"]
    assert progress.done == frozenset()
    assert progress.next_id == "c25k/week-1-run-1"
    assert session_streak([skipped], D(2026, 3, 5), tz=TZ) == 0
