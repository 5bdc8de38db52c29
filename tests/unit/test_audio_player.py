"""The cue subscriber on a fake backend: mute, stale events, fallback and notices said once."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import FakeClock
from timer_tui.audio.backends import BellBackend
from timer_tui.audio.player import CueSubscriber
from timer_tui.core.cues import Cue
from timer_tui.core.engine import Engine
from timer_tui.core.model import CueSettings, Kind, Session, Step
from timer_tui.core.timeline import expand


class FakeBackend:
    name = "fake"

    def __init__(self) -> None:
        self.played: list[str] = []
        self.stops = 0
        self.closed = False
        self.failure: str | None = None

    def play(self, cue: Cue, key: str) -> None:
        self.played.append(key)

    def stop(self) -> None:
        self.stops += 1

    def close(self) -> None:
        self.closed = True


SESSION = Session(
    name="t",
    steps=(Step(Kind.RUN, "Run", duration=4), Step(Kind.WALK, "Walk", duration=4)),
    cues=CueSettings(countdown=2),
)


class Rig:
    """An engine on a fake clock with a subscriber on the same clock."""

    def __init__(self, clock: FakeClock, *, mute: bool = False, voice: bool = True) -> None:
        self.clock = clock
        self.backend = FakeBackend()
        self.notices: list[str] = []
        self.bells = 0
        self.flashes = 0
        timeline = expand(SESSION)
        self.cues = CueSubscriber(
            SESSION,
            timeline,
            notify=self.notices.append,
            bell=self.ring,
            flash=self.flash,
            clock=clock,
            backend=self.backend,
            mute=mute,
            voice=voice,
        )
        self.cues.prepare()
        self.engine = Engine(timeline, clock=clock, cues=SESSION.cues)
        self.engine.subscribe(self.cues)

    def ring(self) -> None:
        self.bells += 1

    def flash(self) -> None:
        self.flashes += 1

    def run_to(self, t: float) -> None:
        """Advance second by second, polling on time, as a driver does."""
        while self.clock() - 1000.0 < t - 1e-9:
            self.clock.advance(0.5)
            self.engine.poll()


@pytest.fixture(autouse=True)
def no_speech_engine_lookups(monkeypatch: pytest.MonkeyPatch) -> None:
    """Unit tests never render speech; words are looked up as cue keys only."""
    monkeypatch.setattr("timer_tui.audio.speech.find_engine", lambda: None)


def test_a_session_plays_tones_in_order(clock: FakeClock) -> None:
    rig = Rig(clock, voice=False)
    rig.engine.start()
    rig.run_to(8)
    assert rig.backend.played == [
        "tone:start-run",
        "tone:countdown",
        "tone:countdown",
        "tone:start-walk",
        "tone:countdown",
        "tone:countdown",
        "tone:finished",
    ]


def test_without_a_speech_engine_it_says_so_once_and_plays_tones(clock: FakeClock) -> None:
    rig = Rig(clock)
    rig.engine.start()
    rig.run_to(8)
    assert not any(key.startswith("speech:") for key in rig.backend.played)
    assert len(rig.notices) == 1 and "No speech engine" in rig.notices[0]


def test_events_replayed_late_do_not_all_sound(clock: FakeClock) -> None:
    rig = Rig(clock, voice=False)
    rig.engine.start()
    clock.advance(6.2)  # the process was stopped: one poll replays six seconds
    events = rig.engine.poll()
    assert len(events) == 5  # beeps at 2 and 3, the run's end, the walk's start, a beep at 6
    # Only the beep due 0.2 s ago sounds; the rest would be noise out of time.
    assert rig.backend.played == ["tone:start-run", "tone:countdown"]
    clock.advance(1.0)
    rig.engine.poll()
    assert rig.backend.played == ["tone:start-run", "tone:countdown", "tone:countdown"]


def test_mute_silences_now_and_until_unmuted(clock: FakeClock) -> None:
    rig = Rig(clock, voice=False)
    rig.engine.start()
    assert rig.cues.toggle_mute() is True
    assert rig.cues.muted and rig.backend.stops == 1
    rig.run_to(4)
    assert rig.backend.played == ["tone:start-run"]
    assert rig.cues.on_key("m") is True and not rig.cues.muted
    assert rig.cues.on_key("n") is False
    rig.run_to(8)
    assert rig.backend.played[-1] == "tone:finished"


def test_started_muted_plays_nothing_and_keeps_notices_until_unmuted(clock: FakeClock) -> None:
    rig = Rig(clock, mute=True)
    rig.engine.start()
    rig.run_to(8)
    assert rig.backend.played == []
    assert rig.notices == []
    rig.cues.toggle_mute()
    assert rig.cues.wait_ready(5)  # the first unmute prepares, in a thread of its own
    assert len(rig.notices) == 1
    rig.run_to(8)


def test_when_the_backend_fails_it_falls_back_to_bell_and_flash_and_says_so_once(
    clock: FakeClock,
) -> None:
    rig = Rig(clock, voice=False)
    rig.engine.start()
    rig.backend.failure = "the audio process crashed (signal 11)"
    rig.run_to(8)
    assert rig.backend.closed
    assert isinstance(rig.cues.backend, BellBackend)
    assert rig.notices == [
        "Audio is off: the audio process crashed (signal 11); cues use the terminal bell."
    ]
    # countdowns (4) and two boundaries ring; nothing is lost, nothing is said twice
    assert rig.bells == 6 and rig.flashes == 6


def test_a_broken_notify_or_bell_never_reaches_the_engine(clock: FakeClock) -> None:
    def boom(*_: object) -> None:
        raise RuntimeError("ui gone")

    rig = Rig(clock, voice=False)
    rig.cues._notify = boom
    rig.backend.failure = "gone"
    rig.engine.start()
    rig.run_to(8)
    assert rig.engine.status.is_over


def test_after_close_events_are_ignored(clock: FakeClock) -> None:
    rig = Rig(clock, voice=False)
    rig.cues.close()
    rig.engine.start()
    assert rig.backend.played == [] and rig.backend.closed


def test_a_custom_wav_the_player_refuses_falls_back_to_the_bundled_tone(tmp_path: Path) -> None:
    custom = tmp_path / "mine.wav"
    session = Session(
        name="t",
        steps=(Step(Kind.RUN, "Run", duration=4),),
        cues=CueSettings(sounds={Kind.RUN: custom}),
    )
    notices: list[str] = []
    backend = FakeBackend()
    cues = CueSubscriber(
        session, expand(session), notify=notices.append, backend=backend, voice=False
    )
    cues.prepare()
    cues._refused(f"tone:{custom}", "8 channels cannot be played")
    cues._flush_notices()
    engine = Engine(expand(session), cues=session.cues)
    engine.subscribe(cues)
    engine.start()
    assert backend.played == ["tone:start-run"]
    assert notices == [
        f"Could not play {custom} (8 channels cannot be played); using the built-in tone instead."
    ]


def test_the_audio_package_never_imports_a_ui_or_simpleaudio_in_the_timers_process() -> None:
    code = (
        "import sys, timer_tui.audio, timer_tui.audio.doctor\n"
        "bad = sorted(m for m in sys.modules if m.split('.')[0] in ('textual', 'rich', 'simpleaudio'))\n"
        "print(bad)\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "[]"
