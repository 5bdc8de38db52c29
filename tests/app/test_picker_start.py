"""``timer-tui`` (the picker) draws its first frame without what that frame does not show.

The real command line in a fresh interpreter, headless, with a user folder of more new
files than the picker reads at once and no scan cache (a first start): at the first
frame, the preview's module and table are not imported, no user file has been read and
the cycle collector was held; the files are read after it, all of them.
"""

from __future__ import annotations

import signal
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from tests.app.fresh_start import ROOT, isolated_env, run_script
from timer_tui.library.sessions import READ_AT_ONCE

NOT_BEFORE_THE_FIRST_FRAME = (
    "timer_tui.ui.screens.preview",  # Enter opens it
    "textual.widgets._data_table",  # its table of steps
    "timer_tui.ui.screens.countdown",  # Enter, then s
    "rich._emoji_codes",  # Rich's emoji table (0.9 MB): loaded by a str read as markup
)

PICKER_TO_FIRST_FRAME = """
import gc, json, sys
from textual.app import App
from timer_tui.cli import launch
from timer_tui.cli.main import main
from timer_tui.library import sessions
from timer_tui.ui import collector

seen = {"read": []}
load_session = sessions.load_session

def counted(path):
    seen["read"].append(str(path))
    return load_session(path)

sessions.load_session = counted
release = collector.release

def first_frame_drawn():
    # The first of the app's calls after its first frame: what that frame was drawn with.
    seen.setdefault("modules", sorted(sys.modules))
    seen.setdefault("held", not gc.isenabled())
    seen.setdefault("read_before", list(seen["read"]))
    release()

collector.release = first_frame_drawn

async def first_frame(pilot):
    await pilot.pause()
    seen["screen"] = type(pilot.app.screen).__name__
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()
    seen["collecting"] = gc.isenabled()
    seen["last_screen"] = type(pilot.app.screen).__name__
    pilot.app.exit(0)

launch.has_terminal = lambda: True  # headless: no terminal, as in any test
run = App.run
App.run = lambda self, **options: run(self, headless=True, size=(100, 30), auto_pilot=first_frame)
status = main([])
print(json.dumps({"status": status, **seen}))
"""


def interrupt_a_run(env: dict[str, str], folder: Path) -> None:
    """A run killed mid-step, as a power cut leaves one: the start offers to resume it."""
    session = folder / "long.toml"
    session.write_text('name = "Long"\n[[steps]]\nkind = "run"\nduration = 600\n')
    proc = subprocess.Popen(
        [sys.executable, "-m", "timer_tui", "run", str(session), "--plain", "--mute"],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
        env=env,
        cwd=ROOT,
    )
    assert proc.stdout is not None
    for line in proc.stdout:
        if "step 1/1" in line:
            break
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=10)


@pytest.fixture(scope="module", params=["log without a run to resume", "interrupted run"])
def first_frame(
    tmp_path_factory: pytest.TempPathFactory, request: pytest.FixtureRequest
) -> dict[str, Any]:
    """What a fresh ``timer-tui`` holds at its first frame, and what it read after it;
    also when the log holds an interrupted run, whose offer lists every session file."""
    folder = tmp_path_factory.mktemp("picker")
    mine = folder / "data" / "timer-tui" / "sessions"
    mine.mkdir(parents=True)
    for n in range(READ_AT_ONCE + 1):
        (mine / f"mine-{n:03d}.toml").write_text(
            f'name = "Mine {n:03d}"\n[[steps]]\nkind = "run"\nduration = 60\n'
        )
    interrupted = request.param == "interrupted run"
    if interrupted:
        interrupt_a_run(isolated_env(folder), folder)
    result = run_script(PICKER_TO_FIRST_FRAME, folder)
    result["mine"] = str(mine)
    result["interrupted"] = interrupted
    return result


def test_the_picker_reached_its_first_frame(first_frame: dict[str, Any]) -> None:
    assert first_frame["status"] == 0
    # An offer comes over the picker right after its first frame.
    assert first_frame["screen"] in ("PickerScreen", "ResumeScreen")


def test_an_interrupted_run_is_offered_after_the_first_frame(first_frame: dict[str, Any]) -> None:
    expected = "ResumeScreen" if first_frame["interrupted"] else "PickerScreen"
    assert first_frame["last_screen"] == expected


@pytest.mark.parametrize("module", NOT_BEFORE_THE_FIRST_FRAME)
def test_not_imported_before_the_first_frame(first_frame: dict[str, Any], module: str) -> None:
    assert module not in first_frame["modules"]


def test_the_new_files_are_read_after_the_first_frame(first_frame: dict[str, Any]) -> None:
    mine = first_frame["mine"]
    before = [p for p in first_frame["read_before"] if p.startswith(mine)]
    after = [p for p in first_frame["read"] if p.startswith(mine)]
    assert before == []
    assert len(set(after)) == READ_AT_ONCE + 1  # the offer reads them too, when it lists


def test_the_collector_is_held_to_the_first_frame(first_frame: dict[str, Any]) -> None:
    assert first_frame["held"] is True
    assert first_frame["collecting"] is True
