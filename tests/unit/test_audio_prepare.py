"""prepare() with the real audio process: speech is rendered only when a device opens."""

from __future__ import annotations

from pathlib import Path

import pytest

from timer_tui.audio import speech
from timer_tui.audio.backends import WorkerBackend
from timer_tui.audio.player import CueSubscriber, tone_path
from timer_tui.model import CueSettings, Kind, Session, Step
from timer_tui.timeline import expand

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


def subscriber() -> tuple[CueSubscriber, list[str]]:
    notices: list[str] = []
    return CueSubscriber(SESSION, expand(SESSION), notify=notices.append), notices


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
