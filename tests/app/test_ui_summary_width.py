"""The summary's table fits the window (issue 12, item 8: the Outcome column was cut
at 100 columns by long step names): names are cut at a word instead."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets import DataTable

from tests.app.conftest import BUNDLED, MakeApp, countdown
from timer_tui.library.sessions import discover
from timer_tui.ui.screens.summary import SummaryScreen

LONG = "Warm-up: brisk walk or easy jog, then ankle circles and leg swings on each side"
SESSION = f"""\
name = "Long names"
[[steps]]
kind = "warmup"
name = "{LONG}"
duration = 60
[[steps]]
kind = "exercise"
name = "Single-leg Romanian deadlift with a long pause"
reps = 8
sets = 3
per_side = true
"""


@pytest.mark.parametrize("width", [80, 100])
async def test_every_column_of_the_summary_shows_whole(
    make_app: MakeApp, tmp_path: Path, width: int
) -> None:
    (tmp_path / "long.toml").write_text(SESSION, encoding="utf-8")
    entry = next(e for e in discover(user_dir=tmp_path, bundled_dir=BUNDLED) if e.id == "long")
    assert entry.ok, entry.errors
    app = make_app(start=entry)
    async with app.run_test(size=(width, 30)) as pilot:
        await pilot.pause()
        await pilot.press("n", "enter", "enter")
        countdown(app).action_request_quit()
        await pilot.pause()
        await pilot.press("y")
        await pilot.pause()
        assert isinstance(app.screen, SummaryScreen)
        table = app.screen.query_one(DataTable)
        used = sum(c.get_render_width(table) for c in table.columns.values())
        assert used <= table.scrollable_content_region.width, (used, table.size)
        names = [str(table.get_row_at(i)[1]) for i in range(table.row_count)]
        assert names[0].endswith("…") and LONG.startswith(names[0][:-1].rstrip())
        outcomes = [str(table.get_row_at(i)[5]) for i in range(table.row_count)]
        assert outcomes[0] == "skipped"
