"""The history screen's text, without drawing: bars per week, the streak line, step rows."""

from __future__ import annotations

import datetime as dt

from timer_tui.core.kinds import Category
from timer_tui.log.records import Outcome, SessionRecord, StepRecord
from timer_tui.log.views import WeekTotal
from timer_tui.ui.screens.history import bar_cells, step_row, streak_text, week_chart

TZ = dt.timezone.utc


def week(day: int, **seconds: float) -> WeekTotal:
    totals = dict.fromkeys(Category, 0.0)
    totals.update({Category(k): v for k, v in seconds.items()})
    return WeekTotal(dt.date(2026, 3, day), totals)


def test_the_biggest_week_fills_the_width_and_cells_add_up() -> None:
    weeks = [
        week(2, running=600, walking=300),
        week(9),
        week(16, running=100, walking=100, strength=100),
    ]
    bars = bar_cells(weeks, 30)
    assert bars[0] == [(Category.RUNNING, 20), (Category.WALKING, 10)]
    assert bars[1] == []
    assert sum(n for _, n in bars[2]) == 10  # 300 of 900 seconds of 30 cells
    assert {c for c, _ in bars[2]} == {Category.RUNNING, Category.WALKING, Category.STRENGTH}


def test_a_small_share_rounds_by_largest_remainder() -> None:
    [bar] = bar_cells([week(2, running=100, walking=1, strength=0.5)], 10)
    assert sum(n for _, n in bar) == 10
    assert bar == [(Category.RUNNING, 10)]


def test_no_time_at_all_draws_empty_bars() -> None:
    assert bar_cells([week(2), week(9)], 20) == [[], []]


def test_chart_text_has_labels_totals_and_a_legend_not_only_colour() -> None:
    text = week_chart([week(2, running=1800), week(9)], width=10).plain
    lines = text.splitlines()
    assert lines[0].startswith("Mar  2  ██████████")  # the week by its Monday
    assert lines[0].endswith("30:00")
    assert lines[1].rstrip().endswith("·")
    assert "██ running" in lines[2] and "▓▓ walking" in lines[2] and "▒▒ strength" in lines[2]


def test_streak_line() -> None:
    assert streak_text(0, None) == "No streak yet: complete a session this week"
    line = streak_text(3, week(2, running=1200, walking=600))
    assert line == "Streak: 3 weeks in a row   ·   this week: running 20:00, walking 10:00"
    assert streak_text(1, week(2)) == "Streak: 1 week in a row"


def test_step_rows_show_planned_against_actual() -> None:
    at = dt.datetime(2026, 3, 4, tzinfo=TZ)
    steps = (
        StepRecord(0, "Run", "run", 60, 70.4, 5.2, 10, "completed", None, None, None, at),
        StepRecord(1, "Squat", "exercise", None, 41.0, 0, 0, "completed", 10, 8, "20 kg", at),
        StepRecord(2, "Walk", "walk", 90, 3.0, 0, 0, "skipped", None, None, None, at),
    )
    record = SessionRecord(
        1, "x", "X", None, None, None, None, None, None, at, at, at, 150, 3, 114.4, 5.2,
        Outcome.COMPLETED, None, None, 0, steps,
    )  # fmt: skip
    assert step_row(record, 0) == ("1", "Run", "1:00", "1:10", "completed", "+10 s, paused 0:05")
    assert step_row(record, 1) == (
        "2",
        "Squat",
        "10 reps",
        "0:41 · 8 reps @ 20 kg",
        "completed",
        "",
    )
    assert step_row(record, 2)[4] == "skipped"


def test_one_rep_is_singular_in_the_step_rows() -> None:
    at = dt.datetime(2026, 3, 4, tzinfo=TZ)
    steps = (StepRecord(0, "Rounds", "exercise", None, 5.0, 0, 0, "completed", 1, 1, None, at),)
    record = SessionRecord(
        1, "x", "X", None, None, None, None, None, None, at, at, at, 0, 1, 5.0, 0,
        Outcome.COMPLETED, None, None, 0, steps,
    )  # fmt: skip
    assert step_row(record, 0)[2:4] == ("1 rep", "0:05 · 1 rep")
