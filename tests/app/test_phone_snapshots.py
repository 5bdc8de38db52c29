"""The countdown as a phone shows it (`timer-tui serve`, held upright: 45x50 cells, about
412x915 CSS pixels): the phase band, the digits in tall pixels, what comes next, and
the buttons. SVG snapshots on a frozen fake clock; look at each after an update.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from tests.app.test_controls import ServedApp, served_app
from tests.app.test_ui_snapshots import advance
from tests.conftest import FakeClock
from timer_tui.library.sessions import resolve

HILLS = Path(__file__).resolve().parent / "treadmill" / "hills.toml"

PHONE = (45, 50)
SnapCompare = Callable[..., bool]


def test_phone_run_step(snap_compare: SnapCompare, clock: FakeClock) -> None:
    # 1:24 into the session's first run (warm-up 1:00 + 6 s of the run).
    assert snap_compare(served_app(clock), terminal_size=PHONE, run_before=advance(clock, 66))


def test_phone_paused(snap_compare: SnapCompare, clock: FakeClock) -> None:
    app = served_app(clock)
    assert snap_compare(app, terminal_size=PHONE, run_before=advance(clock, 12, "space"))


def test_phone_rep_step(snap_compare: SnapCompare, clock: FakeClock) -> None:
    app = served_app(clock, "test-program/strength")
    assert snap_compare(app, terminal_size=PHONE, run_before=advance(clock, 20))


def test_phone_treadmill_step(snap_compare: SnapCompare, clock: FakeClock) -> None:
    """A run at 9.5 km/h up 2%: the speed and incline under the digits, the next
    step's speed in the Next line."""
    app = ServedApp(start=resolve(str(HILLS)), clock=clock, audio=None, terminal_title=False)
    assert snap_compare(app, terminal_size=PHONE, run_before=advance(clock, 66))
