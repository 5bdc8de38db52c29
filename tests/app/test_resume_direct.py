"""`timer-tui run X` in the app offers to resume an interrupted run of that same X.

The countdown waits (it does not start a fresh run, and writes nothing to the log)
until the runner answers: resume goes on at the step it stopped in, in the same log
row; later or dismiss starts the fresh run.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from textual.widgets import Static

from tests.app import conftest as app_conftest
from tests.app.conftest import MakeApp, countdown
from tests.conftest import FakeClock, hand_to_a_dead_process, logged_sessions
from timer_tui.core.engine import Engine, Status
from timer_tui.library.sessions import SessionEntry
from timer_tui.ui.dialogs.resume import ResumeScreen
from timer_tui.ui.log_hooks import LogHooks

TZ = dt.timezone(dt.timedelta(hours=1))
NOW = dt.datetime(2026, 3, 12, 19, 0, tzinfo=TZ)
SIZE = (100, 30)


def hooks_for(db: Path, clock: FakeClock) -> LogHooks:
    return LogHooks(path=db, now=lambda: NOW + dt.timedelta(seconds=clock.now - 1000))


def interrupted_run(db: Path, entry: SessionEntry, clock: FakeClock, steps_done: int) -> None:
    [recorder] = hooks_for(db, clock).subscribers(entry, entry.timeline())
    engine = Engine(entry.timeline(), clock=clock)
    engine.subscribe(recorder)
    engine.start()
    for _ in range(steps_done):
        clock.advance(10)
        engine.next()
    hand_to_a_dead_process(db)


async def test_run_x_offers_to_resume_x_and_resumes_in_the_same_row(
    tmp_path: Path, make_app: MakeApp, clock: FakeClock
) -> None:
    db = tmp_path / "history.sqlite3"
    intervals = app_conftest.entry("test-program/intervals")
    interrupted_run(db, intervals, clock, steps_done=2)
    app = make_app(start=intervals, log_hooks=hooks_for(db, clock))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, ResumeScreen)
        assert "step 3 of 6" in str(app.screen.query_one("#explain", Static).render())
        await pilot.press("r")
        await pilot.pause()
        screen = countdown(app)
        assert screen.engine.index == 2 and screen.engine.status is Status.RUNNING
    [logged] = logged_sessions(db)  # no second row: the fresh run never started
    assert logged.resumes == 1


async def test_later_starts_the_fresh_run(
    tmp_path: Path, make_app: MakeApp, clock: FakeClock
) -> None:
    db = tmp_path / "history.sqlite3"
    intervals = app_conftest.entry("test-program/intervals")
    interrupted_run(db, intervals, clock, steps_done=1)
    app = make_app(start=intervals, log_hooks=hooks_for(db, clock))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, ResumeScreen)
        assert countdown(app.screen_stack[0]).engine.status is Status.READY  # type: ignore[arg-type]
        await pilot.press("escape")
        await pilot.pause()
        screen = countdown(app)
        assert screen.engine.index == 0 and screen.engine.status is Status.RUNNING


async def test_another_session_is_not_offered_when_running_x(
    tmp_path: Path, make_app: MakeApp, clock: FakeClock
) -> None:
    db = tmp_path / "history.sqlite3"
    interrupted_run(db, app_conftest.entry("test-program/intervals"), clock, steps_done=1)
    app = make_app(
        start=app_conftest.entry("test-program/strength"), log_hooks=hooks_for(db, clock)
    )
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert countdown(app).engine.status is Status.RUNNING
