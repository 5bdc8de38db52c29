"""The history screen and the log's dialogs, driven by the Pilot over a real log file."""

from __future__ import annotations

import datetime as dt
import sqlite3
import threading
from pathlib import Path
from typing import Any

import pytest
from textual.app import App
from textual.pilot import Pilot
from textual.widget import Widget
from textual.widgets import DataTable, Input, Static

from tests.app import conftest as app_conftest
from tests.app.conftest import MakeApp, hooks_for, notices, picker_lines
from tests.conftest import (
    FakeClock,
    RunIntoLog,
    hand_to_a_dead_process,
    logged_sessions,
    open_log,
)
from timer_tui.core.engine import Engine
from timer_tui.library.sessions import SessionEntry
from timer_tui.ui.dialogs.reps import RepsEntry, RepsScreen
from timer_tui.ui.dialogs.resume import ResumeScreen
from timer_tui.ui.log_hooks import LogHooks
from timer_tui.ui.screens import history as history_screen
from timer_tui.ui.screens.history import HistoryScreen

TZ = dt.timezone(dt.timedelta(hours=1))
NOW = dt.datetime(2026, 3, 12, 19, 0, tzinfo=TZ)  # a Thursday
SIZE = (110, 40)


@pytest.fixture
def db(tmp_path: Path, run_into_log: RunIntoLog) -> Path:
    path = tmp_path / "history.sqlite3"
    intervals = app_conftest.entry("test-program/intervals")
    strength = app_conftest.entry("test-program/strength")
    run_into_log(intervals, path=path, start=NOW - dt.timedelta(days=14))
    run_into_log(intervals, path=path, start=NOW - dt.timedelta(days=7))
    run_into_log(strength, path=path, start=NOW - dt.timedelta(days=1), quit_at=2)
    run_into_log(intervals, path=path, start=NOW - dt.timedelta(hours=2))
    return path


class Host(App[Any]):
    def __init__(self, screen: Any) -> None:
        super().__init__()
        self.first = screen
        self.answers: list[Any] = []

    def on_mount(self) -> None:
        self.push_screen(self.first, self.answers.append)


async def loaded(pilot: Pilot[Any]) -> None:
    """The history screen reads the log in a thread: wait for it, then for the repaint."""
    await pilot.pause()
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


def rows(table: DataTable[Any]) -> list[list[str]]:
    return [[str(c) for c in table.get_row_at(i)] for i in range(table.row_count)]


async def test_history_shows_streak_weeks_sessions_and_steps(db: Path) -> None:
    app = Host(HistoryScreen(path=db, now=lambda: NOW))
    async with app.run_test(size=SIZE) as pilot:
        await loaded(pilot)
        screen = app.screen
        assert isinstance(screen, HistoryScreen)
        streak = str(screen.query_one("#history-streak", Static).render())
        assert streak.startswith("Streak: 3 weeks in a row")
        chart = str(screen.query_one("#history-weeks", Static).render())
        assert "Mar  9" in chart and "running" in chart  # the week of Monday 9 March
        sessions = rows(screen.query_one("#history-sessions", DataTable))
        assert len(sessions) == 4
        assert [r[2] for r in sessions] == [
            "completed",
            "quit at step 3/6",
            "completed",
            "completed",
        ]
        steps = screen.query_one("#history-steps", DataTable)
        first_rows = rows(steps)
        assert first_rows[0][0] == "1" and first_rows[0][4] == "completed"

        await pilot.press("down")  # the strength session, quit at step 3
        await pilot.pause()
        strength_rows = rows(steps)
        assert len(strength_rows) == 3
        assert strength_rows[-1][4] == "abandoned"
        assert "reps" in strength_rows[1][2] or "reps" in strength_rows[0][2]

        await pilot.press("escape")
        await pilot.pause()
        assert not isinstance(app.screen, HistoryScreen)


async def test_a_quick_read_is_in_the_first_frame_with_no_loading_frame_before_it(
    db: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(history_screen, "FIRST_FRAME_WAIT", 10.0)  # a slow CI reads in time
    indicators: list[Widget] = []
    real = DataTable.get_loading_widget

    def spy(table: DataTable[Any]) -> Widget:
        indicators.append(table)
        return real(table)

    monkeypatch.setattr(DataTable, "get_loading_widget", spy)
    app = Host(HistoryScreen(path=db, now=lambda: NOW))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        streak = str(app.screen.query_one("#history-streak", Static).render())
        assert streak.startswith("Streak: 3 weeks in a row")
        await loaded(pilot)
    assert indicators == []


async def test_a_slow_read_shows_the_loading_indicator_until_its_data_arrive(
    db: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(history_screen, "FIRST_FRAME_WAIT", 0.01)
    read = history_screen.load_history
    go_on = threading.Event()  # the read ends when the test says, not after a sleep a
    # loaded machine could outlast before the first assert (CI, with tests beside it)

    def slow(*args: Any, **kwargs: Any) -> history_screen.HistoryData:
        go_on.wait(timeout=10)
        return read(*args, **kwargs)

    monkeypatch.setattr(history_screen, "load_history", slow)
    app = Host(HistoryScreen(path=db, now=lambda: NOW))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        sessions = app.screen.query_one("#history-sessions", DataTable)
        assert sessions.loading
        assert str(app.screen.query_one("#history-streak", Static).render()) == ""
        go_on.set()
        await loaded(pilot)
        assert not sessions.loading
        assert len(rows(sessions)) == 4


async def test_history_with_no_log_says_how_to_start(tmp_path: Path) -> None:
    db = tmp_path / "none.sqlite3"
    app = Host(HistoryScreen(path=db, now=lambda: NOW))
    async with app.run_test(size=SIZE) as pilot:
        await loaded(pilot)
        steps = rows(app.screen.query_one("#history-steps", DataTable))
        assert "No sessions yet" in steps[0][1]
        assert not db.exists()


async def test_history_on_a_damaged_log_says_so(tmp_path: Path) -> None:
    db = tmp_path / "bad.sqlite3"
    db.write_bytes(b"not a database" * 100)
    app = Host(HistoryScreen(path=db, now=lambda: NOW))
    async with app.run_test(size=SIZE) as pilot:
        await loaded(pilot)
        assert any("damaged" in m for m in notices(app))
    assert db.read_bytes() == b"not a database" * 100


async def test_history_skips_a_row_whose_time_is_past_what_a_date_holds(db: Path) -> None:
    """A run imported or edited with a time whose UTC form is in year 0: the screen
    lists the others and says one row was skipped, instead of Textual's traceback."""
    with sqlite3.connect(db) as conn:
        conn.execute("UPDATE sessions SET started_at = '0001-01-01T00:00:00+12:00' WHERE id = 2")
    conn.close()
    app = Host(HistoryScreen(path=db, now=lambda: NOW))
    async with app.run_test(size=SIZE) as pilot:
        await loaded(pilot)
        assert isinstance(app.screen, HistoryScreen)
        assert len(rows(app.screen.query_one("#history-sessions", DataTable))) == 3
        assert any("1 row of the log could not be read (session id 2)" in m for m in notices(app))


@pytest.mark.parametrize(
    ("key", "answer"), [("r", "resume"), ("d", "dismiss"), ("escape", "later")]
)
async def test_resume_dialog_answers(db: Path, key: str, answer: str) -> None:
    with open_log(db, readonly=True) as h:
        some = h.sessions()[0]
    app = Host(ResumeScreen(some, NOW))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press(key)
        await pilot.pause()
    assert app.answers == [answer]


async def test_reps_dialog_defaults_to_planned_and_takes_a_load() -> None:
    app = Host(RepsScreen("Squat", 12))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert app.screen.query_one("#reps", Input).value == "12"
        await pilot.press("backspace", "backspace", "1", "0", "enter")
        await pilot.press(*"20 kg", "enter")
        await pilot.pause()
    assert app.answers == [RepsEntry(10, "20 kg")]


async def test_reps_dialog_cancel() -> None:
    app = Host(RepsScreen("Squat", 12))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("escape")
        await pilot.pause()
    assert app.answers == [None]


def test_hooks_progress_marks_done_and_next_only_in_started_programs(db: Path) -> None:
    hooks = LogHooks(path=db, now=lambda: NOW)
    progress = hooks.progress(app_conftest.test_entries())
    assert "test-program/intervals" in progress.done
    assert "test-program/strength" not in progress.done
    assert len(progress.next) <= 1


# -- the whole app with the log ----------------------------------------------------------
async def run_intervals_to_the_end(pilot: Pilot[Any], app: App[Any], clock: FakeClock) -> None:
    from tests.app.conftest import countdown

    await pilot.press("enter", "enter")  # preview, start
    await pilot.pause()
    screen = countdown(app)
    for _ in range(len(screen.timeline)):
        clock.advance(90)
        screen.tick()
    await pilot.pause()


async def test_a_run_from_the_picker_is_logged_and_marked_done(
    tmp_path: Path, make_app: MakeApp, clock: FakeClock
) -> None:
    from timer_tui.ui.screens.summary import SummaryScreen

    db = tmp_path / "history.sqlite3"
    app = make_app(log_hooks=hooks_for(db, clock, NOW))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert not any("✓" in line for line in picker_lines(app))
        await run_intervals_to_the_end(pilot, app, clock)
        assert isinstance(app.screen, SummaryScreen)
        await pilot.press("escape")
        await pilot.pause()
        lines = picker_lines(app)
        assert any(line.startswith("✓") and "Intervals" in line for line in lines)
        assert any(line.startswith("▶") and "Strength" in line and "next" in line for line in lines)
        assert "1 done" in lines[0]

        await pilot.press("ctrl+l")
        await loaded(pilot)
        assert isinstance(app.screen, HistoryScreen)
        sessions = rows(app.screen.query_one("#history-sessions", DataTable))
        assert [r[1] for r in sessions] == ["Test program - Intervals"]
        assert sessions[0][2] == "completed"
        await pilot.press("escape")
        await pilot.pause()
        assert not isinstance(app.screen, HistoryScreen)
    [logged] = logged_sessions(db, with_steps=True)
    assert logged.session_id == "test-program/intervals"
    assert len(logged.steps) == 6


def interrupted_run(db: Path, entry: SessionEntry, clock: FakeClock, steps_done: int) -> None:
    """A run whose process died in step ``steps_done`` (its row handed to a dead pid)."""
    hooks = hooks_for(db, clock, NOW)
    [recorder] = hooks.subscribers(entry, entry.timeline())
    engine = Engine(entry.timeline(), clock=clock)
    engine.subscribe(recorder)
    engine.start()
    for _ in range(steps_done):
        engine.next()
    hand_to_a_dead_process(db)


async def test_an_interrupted_run_is_offered_at_start_and_resumed(
    tmp_path: Path, make_app: MakeApp, clock: FakeClock
) -> None:
    from tests.app.conftest import countdown

    db = tmp_path / "history.sqlite3"
    intervals = app_conftest.entry("test-program/intervals")
    interrupted_run(db, intervals, clock, steps_done=2)
    app = make_app(log_hooks=hooks_for(db, clock, NOW))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, ResumeScreen)
        assert "step 3 of 6" in str(app.screen.query_one("#explain", Static).render())
        await pilot.press("r")
        await pilot.pause()
        screen = countdown(app)
        assert screen.engine.index == 2
        for _ in range(4):
            clock.advance(90)
            screen.tick()
        await pilot.pause()
    [logged] = logged_sessions(db, with_steps=True)
    assert logged.resumes == 1
    assert logged.outcome_text == "completed, 2 skipped"  # the interrupted run skipped 2
    assert [s.index for s in logged.steps] == [0, 1, 2, 3, 4, 5]


async def test_a_dismissed_offer_is_not_made_again(
    tmp_path: Path, make_app: MakeApp, clock: FakeClock
) -> None:
    from timer_tui.ui.screens.picker import PickerScreen

    db = tmp_path / "history.sqlite3"
    interrupted_run(db, app_conftest.entry("test-program/intervals"), clock, steps_done=1)
    app = make_app(log_hooks=hooks_for(db, clock, NOW))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("d")
        await pilot.pause()
        assert isinstance(app.screen, PickerScreen)
    again = make_app(log_hooks=hooks_for(db, clock, NOW))
    async with again.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert isinstance(again.screen, PickerScreen)
    [logged] = logged_sessions(db)
    assert logged.outcome_text == "interrupted at step 2/6"


async def test_reps_and_load_entered_on_a_rep_step_are_logged(
    tmp_path: Path, make_app: MakeApp, clock: FakeClock
) -> None:
    from tests.app.conftest import countdown

    db = tmp_path / "history.sqlite3"
    strength = app_conftest.entry("test-program/strength")
    app = make_app(start=strength, log_hooks=hooks_for(db, clock, NOW))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert countdown(app).engine.index == 0
        await pilot.press("r")
        await pilot.pause()
        assert isinstance(app.screen, RepsScreen)
        await pilot.press("backspace", "backspace", "1", "2", "enter", *"20 kg", "enter")
        await pilot.pause()
        assert countdown(app).engine.index == 1
        await pilot.press("enter")  # plain done: the planned reps, this run's load kept
        await pilot.pause()
    [logged] = logged_sessions(db, with_steps=True)
    first, second = logged.steps[:2]
    assert (first.reps_done, first.load) == (12, "20 kg")
    assert (second.reps_done, second.load) == (15, "20 kg")


async def test_a_damaged_log_is_said_once_and_the_session_runs(
    tmp_path: Path, make_app: MakeApp, clock: FakeClock
) -> None:
    from tests.app.conftest import countdown

    db = tmp_path / "history.sqlite3"
    db.write_bytes(b"not a database" * 100)
    intervals = app_conftest.entry("test-program/intervals")
    app = make_app(start=intervals, log_hooks=hooks_for(db, clock, NOW))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        screen = countdown(app)
        clock.advance(61)
        screen.tick()
        await pilot.pause()
        assert screen.engine.index == 1
        messages = notices(app)
        assert sum("will not be saved" in m for m in messages) == 1
    assert db.read_bytes() == b"not a database" * 100


BORDERS = str.maketrans(dict.fromkeys("█▀▄▌▐▎▊", " "))


def screen_lines(app: App[Any]) -> list[str]:
    """What the terminal shows now, line by line."""
    return [strip.text for strip in app.screen._compositor.render_strips()]


@pytest.mark.parametrize("size", [(100, 30), (60, 20), (40, 12)])
async def test_the_resume_offer_counts_the_steps_in_the_log_and_shows_in_full(
    tmp_path: Path, make_app: MakeApp, clock: FakeClock, size: tuple[int, int]
) -> None:
    db = tmp_path / "history.sqlite3"
    interrupted_run(db, app_conftest.entry("test-program/intervals"), clock, steps_done=2)
    app = make_app(log_hooks=hooks_for(db, clock, NOW))
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, ResumeScreen)
        explain = str(app.screen.query_one("#explain", Static).render())
        assert explain.endswith("at step 3 of 6; 2 skipped steps are already in the log.")
        lines = screen_lines(app)
        shown = " ".join(" ".join(lines).translate(BORDERS).split())  # the dialog's words
        for text in (explain, "Resume Test program - Intervals?"):
            assert " ".join(text.split()) in shown, (text, lines)
        for label in ("Resume at step 3 (r)", "Dismiss (d)", "Later (esc)"):
            assert label in shown, (label, lines)


async def test_the_summary_of_a_resumed_run_counts_the_steps_already_logged(
    tmp_path: Path, make_app: MakeApp, clock: FakeClock
) -> None:
    from tests.app.conftest import countdown
    from timer_tui.ui.screens.summary import SummaryScreen

    db = tmp_path / "history.sqlite3"
    interrupted_run(db, app_conftest.entry("test-program/intervals"), clock, steps_done=2)
    app = make_app(log_hooks=hooks_for(db, clock, NOW))
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await pilot.press("r")
        await pilot.pause()
        screen = countdown(app)
        await pilot.press("n")  # step 3 skipped, the rest run out
        for _ in range(3):
            clock.advance(90)
            screen.tick()
        await pilot.pause()
        assert isinstance(app.screen, SummaryScreen)
        figures = app.screen.figures
        assert (figures.done, figures.skipped, figures.total_steps) == (3, 3, 6)  # 2 skipped before
        assert figures.finished


async def test_timer_tui_resume_also_counts_the_steps_already_logged(
    tmp_path: Path, make_app: MakeApp, clock: FakeClock
) -> None:
    """`timer-tui resume` opens the countdown directly, with the log's resume_row set."""
    from tests.app.conftest import countdown
    from timer_tui.ui.screens.summary import SummaryScreen

    db = tmp_path / "history.sqlite3"
    intervals = app_conftest.entry("test-program/intervals")
    interrupted_run(db, intervals, clock, steps_done=2)
    with open_log(db, readonly=True) as history:
        (record,) = history.interrupted(NOW + dt.timedelta(hours=1))
    hooks = hooks_for(db, clock, NOW)
    hooks.resume_row[intervals.id] = record.row
    app = make_app(start=intervals, start_index=record.current_step or 0, log_hooks=hooks)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        screen = countdown(app)
        for _ in range(4):
            clock.advance(90)
            screen.tick()
        await pilot.pause()
        assert isinstance(app.screen, SummaryScreen)
        figures = app.screen.figures
        assert (figures.done, figures.skipped, figures.total_steps) == (4, 2, 6)  # 2 skipped before
        assert figures.finished


async def test_a_locked_log_does_not_hold_up_the_countdown_and_says_so_from_the_writer(
    tmp_path: Path, make_app: MakeApp, clock: FakeClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    import sqlite3
    import time

    from tests.app.conftest import countdown
    from timer_tui.log import writer

    monkeypatch.setattr(writer, "LOCK_NOTICE_AFTER", 0.1)
    db = tmp_path / "history.sqlite3"
    intervals = app_conftest.entry("test-program/intervals")
    app = make_app(start=intervals, log_hooks=hooks_for(db, clock, NOW))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        screen = countdown(app)
        blocker = sqlite3.connect(db, isolation_level=None)
        blocker.execute("BEGIN EXCLUSIVE")
        try:
            clock.advance(61)
            began = time.perf_counter()
            screen.tick()  # the step ends: its row cannot be written now
            assert time.perf_counter() - began < 0.2
            assert screen.engine.index == 1
            for _ in range(100):  # the background writer's notice reaches the UI thread
                await pilot.pause(0.02)
                if any("locked" in m for m in notices(app)):
                    break
            assert any("locked" in m for m in notices(app))
        finally:
            blocker.execute("COMMIT")
            blocker.close()
        for _ in range(100):
            await pilot.pause(0.02)
            if any("nothing was lost" in m for m in notices(app)):
                break
        assert any("nothing was lost" in m for m in notices(app))
    [logged] = logged_sessions(db, with_steps=True)
    assert [s.index for s in logged.steps] == [0]
