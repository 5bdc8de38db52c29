"""The picker knows the plan (`timer-tui plan`): each planned program's heading says
where it stands, and that follows a session done."""

from __future__ import annotations

import datetime as dt

from tests.app.conftest import MakeApp, picker_lines
from timer_tui.core.plan import Plan
from timer_tui.library.plans import save_plan
from timer_tui.log.records import local_now
from timer_tui.log.views import Progress
from timer_tui.ui.screens.picker import PickerScreen

SIZE = (100, 30)
SESSIONS = ("test-program/intervals", "test-program/strength")


async def test_a_program_heading_says_due_today_then_behind(make_app: MakeApp) -> None:
    today = local_now().date()
    save_plan(Plan("test-program", today, tuple(range(7)), SESSIONS))
    done: set[str] = set()
    app = make_app(progress=lambda entries: Progress(done=frozenset(done)))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        lines = picker_lines(app)
        assert lines[0].startswith("Test program") and lines[0].endswith("· due today")
        # A planned program counts as started: its first session is the one marked next.
        assert lines[1].startswith("▶") and lines[1].endswith("← next") and "Intervals" in lines[1]
        screen = app.screen
        assert isinstance(screen, PickerScreen)
        assert screen.highlighted_entry is not None
        assert screen.highlighted_entry.id == "test-program/intervals"
        # Planned from yesterday: yesterday's and today's are owed.
        save_plan(Plan("test-program", today - dt.timedelta(days=1), tuple(range(7)), SESSIONS))
        done.add("test-program/elsewhere")
        screen.on_screen_resume()  # back from a run: progress and plan read again
        await pilot.pause()
        assert picker_lines(app)[0].endswith("· 2 sessions behind")
        done.add("test-program/intervals")
        screen.on_screen_resume()
        await pilot.pause()
        lines = picker_lines(app)
        assert lines[0].endswith("1 done · due today")
        assert lines[2].startswith("▶") and "Strength" in lines[2]


async def test_no_plan_no_note(make_app: MakeApp) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        lines = picker_lines(app)
        assert lines[0].endswith("2 sessions") and not lines[1].startswith("▶")
