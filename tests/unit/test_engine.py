"""The engine against a fake clock: every command, every event, and no drift."""

from __future__ import annotations

import random

import pytest

from tests.conftest import FakeClock
from timer_tui.core.engine import Engine, Event, EventKind, Status, StepOutcome, StepResult
from timer_tui.core.field_types import MAX_SECONDS
from timer_tui.core.loader import parse_session
from timer_tui.core.model import CueSettings
from timer_tui.core.timeline import Timeline, expand

RUN_WALK = """
[[steps]]
kind = "run"
duration = 70
[[steps]]
kind = "walk"
duration = 10
[[steps]]
name = "Squat"
reps = 12
[[steps]]
kind = "cooldown"
duration = 5
"""


def timeline(body: str = RUN_WALK) -> Timeline:
    result = parse_session('name = "t"\n' + body)
    assert result.session is not None
    return expand(result.session)


def kinds(events: list[Event]) -> list[str]:
    return [e.kind.value for e in events]


@pytest.fixture
def engine(clock: FakeClock) -> Engine:
    return Engine(timeline(), clock=clock)


def test_start_emits_session_and_first_step(engine: Engine) -> None:
    events = engine.start()
    assert kinds(events) == ["session_started", "step_started"]
    assert events[1].index == 0 and events[1].t == 0.0
    assert engine.state().step_remaining == 70


def test_polling_late_replays_every_event_at_its_due_time(engine: Engine, clock: FakeClock) -> None:
    engine.start()
    clock.advance(79.5)
    events = engine.poll()
    assert [(e.kind.value, e.t, e.count) for e in events] == [
        ("halfway", 35.0, None),
        ("countdown", 67.0, 3),
        ("countdown", 68.0, 2),
        ("countdown", 69.0, 1),
        ("step_ended", 70.0, None),
        ("step_started", 70.0, None),
        ("countdown", 77.0, 3),
        ("countdown", 78.0, 2),
        ("countdown", 79.0, 1),
    ]
    state = engine.state()
    assert state.index == 1 and state.step_remaining == pytest.approx(0.5)


def test_halfway_only_on_steps_at_least_halfway_min(clock: FakeClock) -> None:
    engine = Engine(timeline(), clock=clock, cues=CueSettings(halfway_min=80))
    engine.start()
    clock.advance(69)
    assert "halfway" not in kinds(engine.poll())


def test_countdown_length_follows_cue_settings(clock: FakeClock) -> None:
    engine = Engine(timeline(), clock=clock, cues=CueSettings(countdown=5, halfway=False))
    engine.start()
    clock.advance(69.9)
    assert [e.count for e in engine.poll()] == [5, 4, 3, 2, 1]
    off = Engine(timeline(), clock=clock, cues=CueSettings(countdown=0, halfway=False))
    off.start()
    clock.advance(69.9)
    assert off.poll() == []


def test_next_deadline_is_the_next_due_event(engine: Engine, clock: FakeClock) -> None:
    engine.start()
    assert engine.next_deadline() == pytest.approx(clock.now + 35)
    clock.advance(36)
    engine.poll()
    assert engine.next_deadline() == pytest.approx(clock.now - 36 + 67)


def test_pause_freezes_time_and_resume_shifts_the_deadline(
    engine: Engine, clock: FakeClock
) -> None:
    engine.start()
    clock.advance(10)
    assert kinds(engine.toggle_pause()) == ["paused"]
    assert engine.status is Status.PAUSED and engine.next_deadline() is None
    clock.advance(100)
    assert engine.poll() == []
    assert engine.state().step_remaining == pytest.approx(60)
    assert engine.state().paused_total == pytest.approx(100)
    assert kinds(engine.toggle_pause()) == ["resumed"]
    clock.advance(60)
    events = engine.poll()
    ended = next(e for e in events if e.kind is EventKind.STEP_ENDED)
    assert ended.t == pytest.approx(170) and ended.result is not None
    assert ended.result.active == pytest.approx(70) and ended.result.paused == pytest.approx(100)
    assert engine.state().session_elapsed == pytest.approx(70)


def test_next_skips_and_starts_the_following_step_now(engine: Engine, clock: FakeClock) -> None:
    engine.start()
    clock.advance(5)
    events = engine.next()
    assert kinds(events) == ["step_ended", "step_started"]
    assert events[0].result is not None and events[0].result.outcome is StepOutcome.SKIPPED
    assert events[1].t == pytest.approx(5) and engine.index == 1
    assert engine.state().step_remaining == 10


def test_previous_restarts_a_step_more_than_3_seconds_in(engine: Engine, clock: FakeClock) -> None:
    engine.start()
    clock.advance(72)  # into the walk, 2 s in
    engine.poll()
    engine.previous()
    assert engine.index == 0  # 2 s in: back to the run
    clock.advance(4)
    engine.previous()
    assert engine.index == 0  # 4 s in: restart the run itself
    assert engine.state().step_remaining == 70
    assert [r.outcome for r in engine.results] == [
        StepOutcome.COMPLETED,
        StepOutcome.RESTARTED,
        StepOutcome.RESTARTED,
    ]


def test_previous_on_the_first_step_restarts_it(engine: Engine, clock: FakeClock) -> None:
    engine.start()
    clock.advance(1)
    engine.previous()
    assert engine.index == 0 and engine.state().step_remaining == 70


def test_adjust_adds_and_removes_time(engine: Engine, clock: FakeClock) -> None:
    engine.start()
    clock.advance(50)
    events = engine.adjust(+10)
    assert [(e.kind.value, e.delta) for e in events][-1] == ("adjusted", 10)
    assert engine.state().step_remaining == pytest.approx(30)
    engine.adjust(-10)
    engine.adjust(-10)
    assert engine.state().step_remaining == pytest.approx(10)
    events = engine.adjust(-30)  # more than is left: the step ends now
    assert "step_ended" in kinds(events) and engine.index == 1
    assert engine.results[0].adjusted == -20


def test_countdown_fires_again_after_time_is_added(engine: Engine, clock: FakeClock) -> None:
    engine.start()
    clock.advance(67.5)
    assert [e.count for e in engine.poll() if e.count] == [3]
    engine.adjust(+10)
    clock.advance(12)
    assert [e.count for e in engine.poll() if e.count] == [3, 2, 1]


def test_rep_step_waits_for_done_and_counts_up(engine: Engine, clock: FakeClock) -> None:
    engine.start()
    clock.advance(80)
    engine.poll()
    assert engine.index == 2 and engine.next_deadline() is None
    clock.advance(1000)
    assert engine.poll() == []
    state = engine.state()
    assert state.step_remaining is None and state.step_elapsed == pytest.approx(1000)
    events = engine.done(reps=10)
    assert events[0].result is not None and events[0].result.reps_done == 10
    assert engine.index == 3


def test_done_defaults_to_planned_reps_and_ignores_timed_steps(
    engine: Engine, clock: FakeClock
) -> None:
    engine.start()
    assert engine.done() == [] and engine.index == 0
    clock.advance(80)
    engine.poll()
    result = engine.done()[0].result
    assert result is not None and result.reps_done == 12


def test_session_finishes_after_the_last_step(engine: Engine, clock: FakeClock) -> None:
    engine.start()
    clock.advance(80)
    engine.poll()
    engine.done()
    clock.advance(5)
    events = engine.poll()
    assert kinds(events)[-1] == "session_finished" and engine.status is Status.FINISHED
    assert engine.poll() == [] and engine.next() == [] and engine.next_deadline() is None


def test_quit_abandons_the_current_step(engine: Engine, clock: FakeClock) -> None:
    engine.start()
    clock.advance(30)
    events = engine.quit()
    assert kinds(events) == ["step_ended", "session_abandoned"]
    assert events[0].result is not None and events[0].result.outcome is StepOutcome.QUIT
    assert engine.status is Status.QUIT


def test_commands_act_on_the_step_current_at_the_time(engine: Engine, clock: FakeClock) -> None:
    engine.start()
    clock.advance(71)  # the run ended at 70 though nobody polled
    engine.next()  # so "next" skips the walk, not the run
    assert [r.outcome for r in engine.results] == [StepOutcome.COMPLETED, StepOutcome.SKIPPED]
    assert engine.index == 2


def test_pause_across_next_keeps_the_session_paused(engine: Engine, clock: FakeClock) -> None:
    engine.start()
    clock.advance(5)
    engine.pause()
    clock.advance(5)
    engine.next()
    assert engine.status is Status.PAUSED and engine.state().step_remaining == 10
    assert engine.results[0].paused == pytest.approx(5)


def test_start_index_resumes_mid_session(clock: FakeClock) -> None:
    engine = Engine(timeline(), clock=clock, start_index=3)
    events = engine.start()
    assert events[1].index == 3 and engine.state().step_remaining == 5


def test_a_resumed_run_puts_the_logged_results_first(clock: FakeClock) -> None:
    logged = [
        StepResult(0, 70, 70.0, 0.0, 0, StepOutcome.COMPLETED),
        StepResult(1, 10, 10.0, 0.0, 0, StepOutcome.QUIT),
    ]
    engine = Engine(timeline(), clock=clock, start_index=1, earlier_results=logged)
    engine.start()
    clock.advance(10)
    engine.poll()
    assert engine.results[:2] == logged
    assert [r.index for r in engine.results] == [0, 1, 1]


def test_done_records_the_load_of_a_rep_step(engine: Engine, clock: FakeClock) -> None:
    engine.start()
    clock.advance(80)
    engine.poll()
    result = engine.done(reps=8, load=" 20 kg ")[0].result
    assert result is not None and (result.reps_done, result.load) == (8, "20 kg")
    assert engine.results[0].load is None  # a timed step has none


def test_a_blank_load_is_none(engine: Engine, clock: FakeClock) -> None:
    engine.start()
    clock.advance(80)
    engine.poll()
    result = engine.done(load="  ")[0].result
    assert result is not None and result.load is None


def test_a_failing_subscriber_never_stops_the_timer(engine: Engine, clock: FakeClock) -> None:
    seen: list[str] = []

    def broken(event: Event) -> None:
        raise RuntimeError("audio device vanished")

    engine.subscribe(broken)
    engine.subscribe(lambda e: seen.append(e.kind.value))
    engine.start()
    clock.advance(70)
    engine.poll()
    assert seen[-1] == "step_started" and engine.index == 1


def test_no_drift_over_a_long_session_with_jittery_polls(clock: FakeClock) -> None:
    tl = timeline(
        '[[steps]]\nrepeat = 200\nsteps = [{kind="run", duration=61}, {kind="walk", duration=29}]\n'
    )
    engine = Engine(tl, clock=clock, cues=CueSettings(countdown=0, halfway=False))
    starts: list[float] = []
    engine.subscribe(lambda e: starts.append(e.t) if e.kind is EventKind.STEP_STARTED else None)
    engine.start()
    rng = random.Random(7)
    while engine.status is Status.RUNNING:
        clock.advance(rng.uniform(0.05, 0.35))  # a UI that polls late, by varying amounts
        engine.poll()
    expected = [i // 2 * 90 + (61 if i % 2 else 0) for i in range(400)]
    assert starts == pytest.approx(expected, abs=1e-6)


def test_state_before_start_shows_the_whole_plan(engine: Engine) -> None:
    state = engine.state()
    assert state.status is Status.READY
    assert state.session_remaining == 85 and state.session_elapsed == 0 and state.t == 0


def test_adding_then_removing_time_never_replays_a_countdown_in_the_past(
    engine: Engine, clock: FakeClock
) -> None:
    engine.start()
    clock.advance(68.2)  # 1.8 s left: "3" and "2" have beeped
    assert [e.count for e in engine.poll() if e.count] == [3, 2]
    events = engine.adjust(+10) + engine.adjust(-10)
    assert [e.kind.value for e in events] == ["adjusted", "adjusted"]
    assert all(e.t == pytest.approx(68.2) for e in events)
    clock.advance(1)
    beeps: list[tuple[int, object]] = [(e.count, e.t) for e in engine.poll() if e.count]
    assert beeps == [(1, pytest.approx(69))]


def test_removing_time_past_halfway_does_not_announce_it_late(clock: FakeClock) -> None:
    engine = Engine(timeline(), clock=clock)
    engine.start()
    clock.advance(30)
    engine.poll()
    events = engine.adjust(-20)  # 70 -> 50 s: halfway (25 s) is already behind us
    assert "halfway" not in kinds(events)
    clock.advance(1)
    assert "halfway" not in kinds(engine.poll())


def test_each_subscriber_hears_a_whole_batch_before_the_next_one(
    engine: Engine, clock: FakeClock
) -> None:
    """The sound, subscribed first, hears the next step's start before the log commits
    the step that ended: a slow disk never delays a cue."""
    heard: list[tuple[str, str]] = []
    engine.subscribe(lambda e: heard.append(("log", e.kind.value)))
    engine.subscribe(lambda e: heard.append(("sound", e.kind.value)), first=True)
    engine.start()
    clock.advance(69.5)
    engine.poll()
    heard.clear()
    clock.advance(0.5)
    engine.poll()  # the run's end and the walk's start, one batch
    assert heard == [
        ("sound", "step_ended"),
        ("sound", "step_started"),
        ("log", "step_ended"),
        ("log", "step_started"),
    ]


def test_adjust_never_takes_a_step_past_the_formats_longest(
    engine: Engine, clock: FakeClock
) -> None:
    """Plain mode's ``+N`` takes any number: 20 digits overflowed the log's integer (QA)."""
    engine.start()
    events = engine.adjust(10**20)
    applied = [e.delta for e in events if e.kind.value == "adjusted"]
    assert applied == [MAX_SECONDS - 70]
    assert engine.state().step_remaining == pytest.approx(MAX_SECONDS)
    assert [e for e in engine.adjust(+10) if e.kind.value == "adjusted"] == []  # at the longest
