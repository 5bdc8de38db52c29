"""The app offers a lifter's load again and asks for a score step's count.

A real log file: the load entered on set 1 is pre-filled on set 2 (and Enter keeps
it), is offered again in the next session, and shows in the summary's table; Enter
on a score step opens the entry instead of logging the placeholder.
"""

from __future__ import annotations

from pathlib import Path

from textual.widgets import DataTable, Input

from tests.app import conftest as app_conftest
from tests.app.conftest import MakeApp, hooks_for
from tests.conftest import FakeClock, logged_sessions
from timer_tui.library.sessions import resolve
from timer_tui.ui.app import TimerApp
from timer_tui.ui.dialogs.reps import RepsScreen
from timer_tui.ui.screens.summary import SummaryScreen

SIZE = (100, 30)


async def test_the_load_is_offered_on_the_next_set_and_the_next_session(
    tmp_path: Path, make_app: MakeApp, clock: FakeClock
) -> None:
    db = tmp_path / "history.sqlite3"
    strength = app_conftest.entry("test-program/strength")
    app = make_app(start=strength, log_hooks=hooks_for(db, clock))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("r")
        await pilot.pause()
        assert app.screen.query_one("#load", Input).value == ""
        await pilot.press("backspace", "backspace", "1", "2", "enter", *"20 kg", "enter")
        await pilot.pause()
        await pilot.press("r")  # set 1, right side: the same load is offered
        await pilot.pause()
        assert isinstance(app.screen, RepsScreen)
        assert app.screen.query_one("#load", Input).value == "20 kg"
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("enter")  # Enter alone keeps this run's load
        await pilot.pause()
        await pilot.press("q")
        await pilot.pause()
        await pilot.press("y")
        await pilot.pause()
        assert isinstance(app.screen, SummaryScreen)
        table = app.screen.query_one("#steps", DataTable)
        rows = [" ".join(str(c) for c in table.get_row_at(i)) for i in range(table.row_count)]
        assert "20 kg" in rows[0] and "20 kg" in rows[1]
    [logged] = logged_sessions(db, with_steps=True)
    assert [s.load for s in logged.steps[:2]] == ["20 kg", "20 kg"]

    again = make_app(start=strength, log_hooks=hooks_for(db, clock))
    async with again.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("r")
        await pilot.pause()
        assert again.screen.query_one("#load", Input).value == "20 kg"


def score_app(tmp_path: Path, make_app: MakeApp, clock: FakeClock) -> tuple[TimerApp, Path]:
    """The app on a one-step AMRAP session (``score = true``) and its log."""
    path = tmp_path / "amrap.toml"
    path.write_text('name = "Score"\n[[steps]]\nname = "Rounds"\nreps = 1\nscore = true\n')
    db = tmp_path / "history.sqlite3"
    return make_app(start=resolve(str(path)), log_hooks=hooks_for(db, clock)), db


async def test_enter_on_a_score_step_asks_for_the_count(
    tmp_path: Path, make_app: MakeApp, clock: FakeClock
) -> None:
    app, db = score_app(tmp_path, make_app, clock)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, RepsScreen)
        assert app.screen.query_one("#reps", Input).value == ""
        await pilot.press("enter", "enter")  # no count yet: it waits for one
        await pilot.pause()
        assert isinstance(app.screen, RepsScreen)
        await pilot.press("7", "enter", "enter")
        await pilot.pause()
    [logged] = logged_sessions(db, with_steps=True)
    assert logged.steps[0].reps_done == 7


async def test_a_count_past_the_formats_limit_is_refused_and_the_run_is_logged(
    tmp_path: Path, make_app: MakeApp, clock: FakeClock
) -> None:
    """20 digits overflowed SQLite's integer: the recorder failed, and the finished
    session was logged as interrupted with no steps (QA). The entry keeps asking."""
    app, db = score_app(tmp_path, make_app, clock)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        await pilot.press(*"99999999999999999999", "enter", "enter")
        await pilot.pause()
        assert isinstance(app.screen, RepsScreen)  # refused: it waits for a count
        assert "10,000" in str(app.screen.query_one("#explain").render())
        reps = app.screen.query_one("#reps", Input)
        reps.value = ""
        await pilot.press("4", "2", "enter", "enter")
        await pilot.pause()
        assert isinstance(app.screen, SummaryScreen)
    [logged] = logged_sessions(db, with_steps=True)
    assert logged.outcome.value == "completed"
    assert logged.steps[0].reps_done == 42
