"""``timer-tui run SESSION`` draws its first frame without what that frame does not show.

Each module below was once imported before the countdown's first frame and cost start
CPU and memory (benchmarks/RESULTS.md, issue 16); each is now imported when it is first
used. The run goes through the real command line (parser, launch, the log's hooks on a
real SQLite file, the muted cue player) in a fresh interpreter, headless, and stops at
its first frame: an import moved back to a module's top fails here.
"""

from __future__ import annotations

import contextlib
import sqlite3
from typing import Any

import pytest

from tests.app.fresh_start import run_script

NOT_BEFORE_THE_FIRST_FRAME = (
    "timer_tui.ui.screens.picker",  # the picker and what only it reads
    "rich._emoji_codes",  # Rich's emoji table (0.9 MB): loaded by a str read as markup
    "timer_tui.library.plans",
    "timer_tui.core.plan",
    "timer_tui.log.views",
    "timer_tui.ui.commands",  # the palette's commands (they import the picker)
    "timer_tui.ui.dialogs.help",
    "timer_tui.ui.dialogs.confirm",  # the quit dialog
    "timer_tui.ui.screens.summary",
    "textual.widgets._data_table",  # the summary's and the help's tables
    "timer_tui.ui.screens.editor",
    "timer_tui.ui.screens.history",
    "timer_tui.ui.widgets.controls",  # the buttons: made when a size first shows them
    "sqlite3",  # the log: its recorder opens it after the first frame
    "timer_tui.log.store",
    "timer_tui.log.recorder",
    "timer_tui.log.records",  # the summary's tally, and the recorder's
    "timer_tui.audio.player",  # the cue player: made after the first frame
    "timer_tui.library.editing",  # writing session files; `run` only finds one
    "timer_tui.core.schema",  # the JSON schema, for editors
    "_ssl",  # OpenSSL (3.4 MB resident): asyncio imports ssl, and nothing here speaks TLS
)

RUN_TO_FIRST_FRAME = """
import gc, json, sys
from timer_tui.cli import launch
from timer_tui.cli.main import main

from timer_tui.ui import collector

seen = {}
release = collector.release

def first_frame_drawn():
    # The first of the app's calls after its first frame: what that frame was drawn with.
    seen.setdefault("modules", sorted(sys.modules))
    release()

collector.release = first_frame_drawn

async def first_frame(pilot):
    await pilot.pause()
    seen["screen"] = type(pilot.app.screen).__name__
    seen["collecting"] = gc.isenabled()
    seen["frozen"] = gc.get_freeze_count()
    await pilot.pause(0.2)  # the session starts after the first frame
    seen["engine"] = pilot.app.screen.engine.status.value
    pilot.app.exit(0)

launch.has_terminal = lambda: True  # headless: no terminal, as in any test
without_tls = launch.without_tls

def then_headless():
    # Textual is imported here, where the app's start imports it, not before (asyncio
    # would have loaded ssl by then).
    without_tls()
    from textual.app import App

    run = App.run
    App.run = lambda self, **options: run(
        self, headless=True, size=(100, 30), auto_pilot=first_frame
    )

launch.without_tls = then_headless
status = main(["run", sys.argv[1], "--mute"])
print(json.dumps({"status": status, **seen}))
"""


@pytest.fixture(scope="module")
def first_frame(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """What a fresh ``timer-tui run SESSION --mute`` holds at its first frame."""
    folder = tmp_path_factory.mktemp("lean")
    session = folder / "step.toml"
    session.write_text('name = "Lean"\n[[steps]]\nkind = "run"\nduration = 60\n')
    result = run_script(RUN_TO_FIRST_FRAME, folder, str(session))
    log = folder / "data" / "timer-tui" / "history.sqlite3"
    assert log.is_file(), "the run did not open its log"
    with contextlib.closing(sqlite3.connect(log)) as db:
        result["logged"] = [name for (name,) in db.execute("SELECT name FROM sessions")]
    return result


def test_the_run_reached_its_countdown(first_frame: dict[str, Any]) -> None:
    assert first_frame["status"] == 0
    assert first_frame["screen"] == "CountdownScreen"
    assert "timer_tui.ui.screens.countdown" in first_frame["modules"]


def test_the_run_started_after_its_first_frame_and_is_logged(first_frame: dict[str, Any]) -> None:
    """The recorder opens the log after the first frame, before the session starts:
    the session that ran is in the log."""
    assert first_frame["engine"] == "running"
    assert first_frame["logged"] == ["Lean"]


@pytest.mark.parametrize("module", NOT_BEFORE_THE_FIRST_FRAME)
def test_not_imported_before_the_first_frame(first_frame: dict[str, Any], module: str) -> None:
    assert module not in first_frame["modules"]


def test_the_collector_is_back_on_after_the_first_frame(first_frame: dict[str, Any]) -> None:
    """``cli.launch`` holds the cycle collector while the app starts (ui/collector.py);
    the first frame lets it go, with what the start made frozen."""
    assert first_frame["collecting"] is True
    assert first_frame["frozen"] > 10_000
