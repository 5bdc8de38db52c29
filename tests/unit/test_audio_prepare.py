"""prepare() with the real audio process: speech is rendered only when a device opens."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from timer_tui.audio import speech
from timer_tui.audio.backends import NullBackend, WorkerBackend
from timer_tui.audio.player import CueSubscriber, tone_path
from timer_tui.core.model import CueSettings, Kind, Session, Step
from timer_tui.core.timeline import expand

SESSION = Session(
    name="t",
    steps=(Step(Kind.RUN, "Run", duration=4), Step(Kind.WALK, "Walk", duration=4)),
    cues=CueSettings(countdown=2),
)

FAKE_SIMPLEAUDIO = """
class _Playing:
    def wait_done(self): pass
    def is_playing(self): return False
    def stop(self): pass

def play_buffer(*args):
    {body}
    return _Playing()
"""


def fake_simpleaudio(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, *, device: bool) -> None:
    body = (
        "pass"
        if device
        else "raise RuntimeError('Error opening PCM device. -- CODE: -2 -- MSG: No such file or directory')"
    )
    (tmp_path / "simpleaudio.py").write_text(FAKE_SIMPLEAUDIO.format(body=body))
    monkeypatch.setenv("PYTHONPATH", str(tmp_path))


def rendering(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Speech 'rendered' as a bundled tone; returns the texts asked for."""
    asked: list[str] = []

    def render_all(engine: object, texts: list[str], cache: Path) -> dict[str, Path]:
        asked.extend(texts)
        return {text: tone_path("countdown") for text in texts}

    monkeypatch.setattr(
        speech, "find_engine", lambda: speech.SpeechEngine("espeak-ng", "/bin/true")
    )
    monkeypatch.setattr(speech, "render_all", render_all)
    return asked


def subscriber(*, mute: bool = False) -> tuple[CueSubscriber, list[str]]:
    """The fake simpleaudio by name: ``auto`` would go on to a real card where there is one."""
    notices: list[str] = []
    cues = CueSubscriber(
        SESSION, expand(SESSION), mute=mute, notify=notices.append, choice="simpleaudio"
    )
    return cues, notices


def test_with_a_device_speech_is_rendered_and_loaded_after_the_tones(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    fake_simpleaudio(tmp_path, monkeypatch, device=True)
    asked = rendering(monkeypatch)
    cues, notices = subscriber()
    try:
        cues.prepare()
        assert isinstance(cues.backend, WorkerBackend) and not notices
        assert asked
        assert cues.start_result is not None and cues.start_result.device_opened
        spoken = {key for key in cues.start_result.seconds if key.startswith("speech:")}
        assert spoken and spoken <= set(cues._keys)
        assert any(key.startswith("tone:") for key in cues.start_result.seconds)
    finally:
        cues.close()


def test_without_a_device_no_speech_is_rendered(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    fake_simpleaudio(tmp_path, monkeypatch, device=False)
    asked = rendering(monkeypatch)
    cues, notices = subscriber()
    try:
        cues.prepare()
        assert asked == []
        assert cues.backend_name == "terminal bell"
        assert len(notices) == 1 and "no sound device" in notices[0]
    finally:
        cues.close()


def test_started_muted_prepare_starts_nothing_and_the_first_unmute_prepares_without_waiting(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    fake_simpleaudio(tmp_path, monkeypatch, device=True)
    asked = rendering(monkeypatch)
    cues, notices = subscriber(mute=True)
    try:
        cues.prepare()  # what the plain runner does whatever --mute says
        assert isinstance(cues.backend, NullBackend)
        assert cues.start_result is None and asked == []  # no audio process, no speech
        assert not cues.wait_ready(0.2)
        before = time.monotonic()
        assert cues.on_key("m") is True and not cues.muted
        assert time.monotonic() - before < 0.05  # the timer's thread never waits for it
        assert cues.wait_ready(10)
        assert isinstance(cues.backend, WorkerBackend) and asked and not notices
        assert cues.start_result is not None and cues.start_result.device_opened
    finally:
        cues.close()


def test_closed_while_preparing_in_the_background_leaves_no_audio_process(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    fake_simpleaudio(tmp_path, monkeypatch, device=True)
    rendering(monkeypatch)
    cues, _ = subscriber(mute=True)
    cues.toggle_mute()
    cues.close(wait=False)
    assert cues.wait_ready(10)
    assert isinstance(cues.backend, NullBackend)  # the started worker was closed, not kept
