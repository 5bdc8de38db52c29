"""The countdown screen after a stop (Ctrl+Z, SIGSTOP, a suspend): paused from the stop."""

from __future__ import annotations

import pytest

from tests.app.conftest import MakeApp, WriteConfig, countdown, toasts
from tests.conftest import FakeClock
from timer_tui.core.engine import Status
from timer_tui.library.sessions import SessionEntry

SIZE = (100, 30)


@pytest.mark.parametrize("resume_by_itself", [False, True])
async def test_a_stop_is_a_pause_with_a_notice(
    make_app: MakeApp,
    intervals: SessionEntry,
    clock: FakeClock,
    write_config: WriteConfig,
    resume_by_itself: bool,
) -> None:
    config = write_config(f"[run]\nresume_after_stop = {str(resume_by_itself).lower()}\n")
    app = make_app(start=intervals, config_file=config)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        screen = countdown(app)
        clock.advance(10)
        screen.tick()
        screen.stops.stopping()  # what app_suspend_signal does on Ctrl+Z
        clock.advance(12)
        screen.check_stop()  # what app_resume_signal does after fg
        await pilot.pause()
        assert screen.engine.index == 0
        state = screen.engine.state()
        assert state.step_elapsed == pytest.approx(10)
        assert state.paused_total == pytest.approx(12)
        assert any(t.message == "paused while stopped for 0:12" for t in toasts(app))
        want = Status.RUNNING if resume_by_itself else Status.PAUSED
        assert screen.engine.status is want
