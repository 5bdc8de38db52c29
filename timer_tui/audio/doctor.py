"""``timer-tui doctor``: what the audio set-up is, and a chance to hear every cue once.

It answers the questions asked when there is no sound: which backend plays,
why each one before it was passed over, did a device open, is there a speech
engine, where do data and config live, and what one command turns sound on.
The command line registers it (``cli/commands/doctor.py``); this module is the
report.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TextIO

from timer_tui.audio import speech
from timer_tui.audio.backends import StartResult, WorkerBackend, package_root, worker_env
from timer_tui.audio.hints import NOT_INSTALLED, PACKAGES, hint_for, install_hint, speech_hint
from timer_tui.audio.player import speech_cache_dir, tone_path
from timer_tui.core.cues import BUNDLED_TONES, Cue, Priority
from timer_tui.library import paths
from timer_tui.library.config import load_config

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

    config = load_config()
    for error in config.errors:
        line("config", error.format())
    choice = config.audio_backend
    finished = Finished()
    backend = WorkerBackend(choice=choice, on_report=finished.report)
    result = backend.start(clips) if choice != "bell" else StartResult(failure="bell")
    ok = result.failure is None or choice == "bell"
    _report_backend(line, result, choice)
    _report_chain(out, result, choice, survey())
    _report_speech(line, engine)
    line("sounds", str(paths.bundled_sounds_dir()))
    line("config", str(paths.config_dir()))
    line("data", str(paths.data_dir()))
    line("cache", str(paths.cache_dir()))
    for key, reason in result.refused.items():
        line("unplayable", f"{key}: {reason}")
    if ok and not silent and choice != "bell":
        ok = _play_each(out, backend, finished, [k for k in clips if k not in result.refused])
    backend.close()
    return 0 if ok else 1


Line = Callable[[str, str], None]


def _report_backend(line: Line, result: StartResult, choice: str) -> None:
    if choice == "bell":
        line("audio backend", 'the terminal bell (the config says [audio] backend = "bell")')
        line("sound device", "not used")
    elif result.failure is None:
        line(
            "audio backend",
            f"{result.backend} {result.version}, in its own process (Python {result.python})",
        )
        line("sound device", "opened (the system's default output)")
    else:
        line("audio backend", f"none ({result.failure}); cues fall back to the terminal bell")
        line("sound device", "not opened")
        hint = hint_for(choice, result.passed)
        if hint:
            line("turn it on", hint)


@dataclass(frozen=True, slots=True)
class Surveyed:
    """One backend as ``worker --survey`` found it: its device opened, or why not."""

    name: str
    ok: bool
    version: str | None
    reason: str


def survey(timeout: float = 30.0) -> list[Surveyed]:
    """Every backend of the chain tried in a fresh audio process (each plays 10 ms of silence)."""
    try:
        done = subprocess.run(
            [sys.executable, "-m", "timer_tui.audio.worker", "--survey"],
            stdin=subprocess.DEVNULL,
            capture_output=True,
            env=worker_env(),
            cwd=package_root(),
            timeout=timeout,
            check=False,
        )
    except (OSError, subprocess.TimeoutExpired):
        return []
    found = []
    for text in done.stdout.decode(errors="replace").splitlines():
        with_name = json.loads(text) if text.startswith("{") else {}
        if with_name.get("event") == "backend":
            found.append(
                Surveyed(
                    str(with_name["name"]),
                    bool(with_name["ok"]),
                    with_name.get("version"),
                    str(with_name.get("reason", "")),
                )
            )
    return found


def _report_chain(out: TextIO, result: StartResult, choice: str, found: list[Surveyed]) -> None:
    """The whole chain in the order ``auto`` tries it: in use, passed over (why), or spare."""
    where = "the default" if choice == "auto" else f'the config names "{choice}"'
    out.write(f"{'backends:':<15} in the order tried ({where}; [audio] backend in the config)\n")
    passed = dict(result.passed)
    before = choice == "auto" and result.backend is not None
    for entry in found:
        if entry.name == result.backend:
            status = "in use"
            before = False
        elif entry.name in passed and (before or result.backend is None):
            status = f"passed over: {passed[entry.name]}"
        elif entry.ok:
            status = f"available ({entry.version})" if entry.version else "available"
        else:
            status = f"unavailable: {entry.reason}"
        if entry.reason == NOT_INSTALLED and entry.name in PACKAGES:
            status += f"; to install: {install_hint(entry.name)}"
        out.write(f"  {entry.name:<13} {status}\n")
    bell = "in use" if choice == "bell" or result.failure else "the last resort"
    out.write(f"  {'terminal bell':<13} {bell}\n")
    out.flush()


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
