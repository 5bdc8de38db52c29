"""``timer-tui doctor``: what the audio set-up is, and a chance to hear every cue once.

It answers the questions asked when there is no sound: which backend plays,
did a device open, is there a speech engine, where do data and config live,
and what one command turns sound on. The command line registers it
(``cli/commands/doctor.py``); this module is the report.
"""

from __future__ import annotations

import argparse
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any, TextIO

from timer_tui.audio import speech
from timer_tui.audio.backends import StartResult, WorkerBackend
from timer_tui.audio.player import install_hint, speech_cache_dir, speech_hint, tone_path
from timer_tui.core.cues import BUNDLED_TONES, Cue, Priority
from timer_tui.library import paths

SAMPLE_WORDS = "Run, 90 seconds"
PLAY_TIMEOUT = 5.0


def main(silent: bool = False, out: TextIO | None = None) -> int:
    """Print the report and play each cue once (unless ``silent``); 0 when sound works."""
    out = out or sys.stdout

    def line(label: str, value: str) -> None:
        out.write(f"{label + ':':<15} {value}\n")
        out.flush()

    engine = speech.find_engine()
    clips: dict[str, Path] = {
        Cue.tone(name, Priority.BOUNDARY).key: tone_path(name) for name in BUNDLED_TONES
    }
    if engine is not None:
        rendered = speech.render(engine, SAMPLE_WORDS, speech_cache_dir())
        if rendered is not None:
            clips[Cue.speech(SAMPLE_WORDS).key] = rendered

    finished = Finished()
    backend = WorkerBackend(on_report=finished.report)
    result = backend.start(clips)
    ok = result.failure is None
    _report_backend(line, result)
    _report_speech(line, engine)
    line("sounds", str(paths.bundled_sounds_dir()))
    line("config", str(paths.config_dir()))
    line("data", str(paths.data_dir()))
    line("cache", str(paths.cache_dir()))
    for key, reason in result.refused.items():
        line("unplayable", f"{key}: {reason}")
    if ok and not silent:
        ok = _play_each(out, backend, finished, [k for k in clips if k not in result.refused])
    backend.close()
    return 0 if ok else 1


Line = Callable[[str, str], None]


def _report_backend(line: Line, result: StartResult) -> None:
    if result.failure is None:
        line(
            "audio backend",
            f"simpleaudio {result.version} in its own process (Python {result.python})",
        )
        line("sound device", "opened (the system's default output)")
    elif result.version is not None:
        line("audio backend", f"simpleaudio {result.version}, but: {result.failure}")
        line("sound device", "not opened; cues fall back to the terminal bell")
    else:
        line("audio backend", f"none ({result.failure}); cues fall back to the terminal bell")
        line("sound device", "not tried")
        if "simpleaudio" in (result.failure or ""):
            line("turn it on", install_hint())


def _report_speech(line: Line, engine: speech.SpeechEngine | None) -> None:
    if engine is None:
        line("speech engine", f"none: cues are tones only. For spoken cues: {speech_hint()}")
        return
    version = engine.version()
    line("speech engine", f"{engine.name} ({engine.path})" + (f", {version}" if version else ""))


def _play_each(out: TextIO, backend: WorkerBackend, finished: Finished, keys: list[str]) -> bool:
    """Play each cue once and wait for it to end; False at the first that does not."""
    out.write("\nPlaying each cue once:\n")
    for key in keys:
        kind, _, name = key.partition(":")
        out.write(f"  {kind:<6} {name} ... ")
        out.flush()
        cue = Cue.speech(name) if kind == "speech" else Cue.tone(name, Priority.BOUNDARY)
        finished.expect(key)
        backend.play(cue, key)
        heard = finished.wait(PLAY_TIMEOUT)
        out.write("ok\n" if heard else f"failed: {backend.failure or 'no answer'}\n")
        if not heard:
            return False
        time.sleep(0.15)
    return True


class Finished:
    """Waits for the worker to report that one sound ended."""

    def __init__(self) -> None:
        self._key: str | None = None
        self._done = threading.Event()

    def expect(self, key: str) -> None:
        self._key = key
        self._done.clear()

    def report(self, message: dict[str, Any]) -> None:
        if message.get("key") == self._key and message.get("event") == "finished":
            self._done.set()

    def wait(self, timeout: float) -> bool:
        return self._done.wait(timeout)


if __name__ == "__main__":
    parser = argparse.ArgumentParser(prog="python -m timer_tui.audio.doctor")
    parser.add_argument("--silent", action="store_true")
    sys.exit(main(silent=parser.parse_args().silent))
