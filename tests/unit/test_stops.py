"""A stopped process (SIGTSTP, SIGSTOP, a machine suspend) is a pause: nothing is skipped."""

from __future__ import annotations

import pytest

from tests.conftest import FakeClock
from timer_tui.core.engine import Engine, EventKind, Status
from timer_tui.core.loader import parse_session
from timer_tui.core.stops import StopDetector, stopped_notice
from timer_tui.core.timeline import Timeline, expand

STEPS = """name = "t"
[cues]
countdown = 3
[[steps]]
kind = "run"
duration = 10
[[steps]]
kind = "walk"
duration = 6
[[steps]]
name = "Squat"
reps = 5
"""


def timeline() -> Timeline:
    result = parse_session(STEPS)
    assert result.session is not None
    return expand(result.session)


def test_a_stop_is_a_pause_from_when_it_stopped(clock: FakeClock) -> None:
    engine = Engine(timeline(), clock=clock)
    engine.start()
    clock.advance(4)
    engine.poll()
    stopped_at = clock()
    clock.advance(12)  # stopped: nobody polled
    events = engine.pause_for_stop(stopped_at)
    assert [e.kind for e in events] == [EventKind.PAUSED]
    assert events[0].stopped == pytest.approx(12) and events[0].t == pytest.approx(4)
    assert engine.status is Status.PAUSED and engine.index == 0
    assert engine.state().step_remaining == pytest.approx(6)
    clock.advance(1)
    engine.resume()
    clock.advance(6)
    ended = [e for e in engine.poll() if e.kind is EventKind.STEP_ENDED]
    assert ended and ended[0].result is not None
    assert ended[0].result.active == pytest.approx(10)
    assert ended[0].result.paused == pytest.approx(13)
    assert engine.state().paused_total == pytest.approx(13)


def test_a_stop_on_a_rep_step_does_not_count_as_active(clock: FakeClock) -> None:
    engine = Engine(timeline(), clock=clock, start_index=2)
    engine.start()
    clock.advance(2)
    engine.pause_for_stop(clock(), now=clock() + 30)
    clock.advance(31)
    engine.resume()
    clock.advance(1)
    engine.done()
    [result] = engine.results
    assert result.active == pytest.approx(3) and result.paused == pytest.approx(31)


def test_events_due_before_the_stop_still_come_out_and_none_after(clock: FakeClock) -> None:
    engine = Engine(timeline(), clock=clock)
    engine.start()
    clock.advance(8.5)  # the 3 s countdown mark (at 7) was due before the stop
    stopped_at = clock()
    clock.advance(20)
    events = engine.pause_for_stop(stopped_at)
    assert [(e.kind, e.count) for e in events] == [
        (EventKind.COUNTDOWN, 3),
        (EventKind.COUNTDOWN, 2),
        (EventKind.PAUSED, None),
    ]
    assert engine.index == 0 and not engine.results


def test_a_stop_while_paused_changes_nothing(clock: FakeClock) -> None:
    engine = Engine(timeline(), clock=clock)
    engine.start()
    clock.advance(1)
    engine.pause()
    stopped_at = clock()
    clock.advance(5)
    assert engine.pause_for_stop(stopped_at) == []
    assert engine.state().paused_total == pytest.approx(5)


def test_detector_a_sigtstp_gives_its_exact_time(clock: FakeClock) -> None:
    detector = StopDetector(clock, offset=lambda: 0.0)
    detector.alive()
    clock.advance(0.1)
    detector.stopping()
    at = clock()
    clock.advance(3)
    detector.continued()
    assert detector.check() == pytest.approx(at)
    assert detector.check() is None  # reported once


def test_detector_a_sigcont_alone_means_stopped_since_the_last_wake(clock: FakeClock) -> None:
    detector = StopDetector(clock, offset=lambda: 0.0)
    detector.alive()
    at = clock()
    clock.advance(3)
    assert detector.check() is None  # late, but no signal and no suspend: a slow machine
    detector.alive()
    at = clock()
    clock.advance(3)
    detector.continued()
    assert detector.check() == pytest.approx(at)


def test_detector_a_machine_suspend_shows_as_boottime_running_ahead(clock: FakeClock) -> None:
    suspended = [0.0]
    detector = StopDetector(clock, offset=lambda: suspended[0])
    detector.alive()
    at = clock()
    suspended[0] = 60.0
    clock.advance(60.2)
    assert detector.check() == pytest.approx(at)


@pytest.mark.parametrize(
    ("seconds", "text"),
    [(12.2, "paused while stopped for 0:12"), (3725, "paused while stopped for 1:02:05")],
)
def test_stopped_notice(seconds: float, text: str) -> None:
    assert stopped_notice(seconds) == text
