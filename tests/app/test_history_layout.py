"""The history screen at common sizes (issue 12, item 8): rows were cut and Active and
Planned were off-screen at 100 columns; the step list had no "Set 1/3, left"; week
labels read ``26-W48``."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets import DataTable, Static

from tests.app import conftest as app_conftest
from tests.app.test_history_screen import NOW, Host, loaded, rows
from tests.conftest import RunIntoLog
from timer_tui.library.sessions import discover
from timer_tui.ui.screens.history import HistoryScreen

LONG_SESSION = """\
name = "Strength for runners - Lower leg and hips, the long Sunday version"
[[steps]]
kind = "exercise"
name = "Bent-knee calf raise"
reps = 15
sets = 2
per_side = true
"""


@pytest.fixture
def db(tmp_path: Path, run_into_log: RunIntoLog) -> Path:
    path = tmp_path / "history.sqlite3"
    folder = tmp_path / "sessions"
    folder.mkdir()
    (folder / "long.toml").write_text(LONG_SESSION, encoding="utf-8")
    long = next(
        e for e in discover(user_dir=folder, bundled_dir=app_conftest.BUNDLED) if e.id == "long"
    )
    run_into_log(app_conftest.entry("test-program/intervals"), path=path)
    run_into_log(long, path=path, quit_at=3)
    return path


@pytest.mark.parametrize("width", [80, 100])
async def test_every_column_shows_whole_and_steps_have_their_set_and_side(
    db: Path, width: int
) -> None:
    app = Host(HistoryScreen(path=db, now=lambda: NOW))
    async with app.run_test(size=(width, 30)) as pilot:
        await loaded(pilot)
        screen = app.screen
        for table_id in ("#history-sessions", "#history-steps"):
            table = screen.query_one(table_id, DataTable)
            used = sum(c.get_render_width(table) for c in table.columns.values())
            assert used <= table.scrollable_content_region.width, (table_id, used, width)
        chart = str(screen.query_one("#history-weeks", Static).render())
        assert chart.splitlines()[-2].startswith("Mar  9  ")  # not "26-W11"
        sessions = rows(screen.query_one("#history-sessions", DataTable))
        assert sessions[0][1].endswith("…") and "quit at step 4/4" in sessions[0][2]
        steps = rows(screen.query_one("#history-steps", DataTable))
        if width < 100:
            return  # the names may be cut (at a word) to keep every column
        assert [r[1] for r in steps[:3]] == [
            "Bent-knee calf raise (Set 1/2, left)",
            "Bent-knee calf raise (Set 1/2, right)",
            "Bent-knee calf raise (Set 2/2, left)",
        ]
