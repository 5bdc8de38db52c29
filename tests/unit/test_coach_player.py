"""The coach's words in the cue subscriber: what it plays when the countdown is spoken,
and when the device is gone and only the terminal bell is left."""

from __future__ import annotations

from tests.conftest import FakeClock
from tests.unit.test_audio_player import FakeBackend
from timer_tui.audio.backends import BellBackend
from timer_tui.audio.player import CueSubscriber
from timer_tui.core.engine import Engine
from timer_tui.core.model import CueSettings, Kind, Session, Step
from timer_tui.core.timeline import expand

SPOKEN = Session(
    name="t",
    steps=(Step(Kind.RUN, "Run", duration=4), Step(Kind.WALK, "Walk", duration=4)),
    cues=CueSettings(countdown=2, halfway=False, say_countdown=True),
)


def run(clock: FakeClock, *, fail: bool) -> tuple[FakeBackend, CueSubscriber, list[int]]:
    timeline = expand(SPOKEN)
    backend = FakeBackend()
    bells: list[int] = []
    cues = CueSubscriber(
        SPOKEN,
        timeline,
        notify=lambda _: None,
        bell=lambda: bells.append(1),
        flash=None,
        clock=clock,
        backend=backend,
    )
    cues.prepare()
    engine = Engine(timeline, clock=clock, cues=SPOKEN.cues)
    engine.subscribe(cues)
    engine.start()
    if fail:
        backend.failure = "the audio process crashed (signal 11)"
    while not engine.status.is_over:
        clock.advance(0.5)
        engine.poll()
    return backend, cues, bells


def test_the_spoken_countdown_plays_its_words(clock: FakeClock) -> None:
    backend, _, _ = run(clock, fail=False)
    if "speech:Run, 4 seconds" not in backend.played:  # no speech engine here: tones only
        assert backend.played.count("tone:countdown") == 4
        return
    assert [k for k in backend.played if k in ("speech:Two", "speech:One")] == [
        "speech:Two",
        "speech:One",
        "speech:Two",
        "speech:One",
    ]
    assert "tone:countdown" not in backend.played


def test_with_only_the_bell_left_a_spoken_countdown_rings_as_the_beeps_would(
    clock: FakeClock,
) -> None:
    _, cues, bells = run(clock, fail=True)
    assert isinstance(cues.backend, BellBackend)
    assert len(bells) == 2 + 4  # the walk's start, the finish, and each count
