"""System players as a backend: ``pw-play``, ``paplay``, ``aplay``, ``afplay``, one process per sound.

For the machine with no audio library for this Python (Linux on arm64, where
miniaudio has no wheel and nothing compiles it) but a player that came with the
system. Each clip is written back out as a 16-bit WAV when it is loaded, so a
player plays the very bytes the libraries would; playing is starting the
player on that file (a few milliseconds), stopping is ending that process.
"""

from __future__ import annotations

import contextlib
import shutil
import subprocess
import tempfile
from pathlib import Path

from timer_tui.audio.clips import Clip, silence, write_wav

PLAYERS: dict[str, tuple[str, ...]] = {
    "pw-play": (),
    "paplay": (),
    "aplay": ("-q",),
    "afplay": (),
}
"""Each player and the options it is run with, in the order tried: PipeWire's own
player first (what most current desktops run), then PulseAudio's, then ALSA's, then macOS's."""
PROBE_TIMEOUT = 5.0
"""Seconds a player may take to play the probe's 10 ms of silence before it counts as failed."""


class PlayerProcess:
    """One sound playing in its own player process (``Playing`` for the cue queue)."""

    def __init__(self, proc: subprocess.Popen[bytes]) -> None:
        self._proc = proc

    def is_playing(self) -> bool:
        return self._proc.poll() is None

    def stop(self) -> None:
        with contextlib.suppress(OSError):
            self._proc.terminate()


class PlayerOutput:
    """Plays preloaded clips by running ``command`` on a WAV of each."""

    def __init__(self, name: str, path: str) -> None:
        self.name = name
        self.command = (path, *PLAYERS[name])
        self.clips: dict[str, Clip] = {}
        self._files: dict[str, Path] = {}
        self._folder = Path(tempfile.mkdtemp(prefix="timer-tui-audio-"))
        self._started: list[subprocess.Popen[bytes]] = []

    @classmethod
    def find(cls, name: str) -> PlayerOutput | None:
        path = shutil.which(name)
        return None if path is None else cls(name, path)

    def load(self, key: str, clip: Clip) -> None:
        file = self._folder / f"{len(self._files)}.wav"
        write_wav(clip, file)
        self.clips[key] = clip
        self._files[key] = file

    def play(self, key: str) -> PlayerProcess:
        self._started = [p for p in self._started if p.poll() is None]  # reap the ended
        proc = self._spawn(self._files[key])
        self._started.append(proc)
        return PlayerProcess(proc)

    def seconds(self, key: str) -> float:
        return self.clips[key].seconds

    def probe(self) -> None:
        """Play 10 ms of silence and wait; raises with the player's own last words if it fails."""
        file = self._folder / "probe.wav"
        write_wav(silence(), file)
        try:
            done = subprocess.run(
                [*self.command, str(file)],
                stdin=subprocess.DEVNULL,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.PIPE,
                timeout=PROBE_TIMEOUT,
                check=False,
            )
        except subprocess.TimeoutExpired as exc:
            raise RuntimeError(f"{self.name} did not finish within {PROBE_TIMEOUT:.0f} s") from exc
        if done.returncode != 0:
            said = done.stderr.decode(errors="replace").strip().splitlines()
            detail = said[-1][:200] if said else f"exit {done.returncode}"
            raise RuntimeError(f"{self.name} could not play ({detail})")

    def close(self) -> None:
        for proc in self._started:
            with contextlib.suppress(OSError):
                proc.terminate()
        for proc in self._started:
            with contextlib.suppress(subprocess.TimeoutExpired):
                proc.wait(timeout=1.0)
        shutil.rmtree(self._folder, ignore_errors=True)

    def _spawn(self, file: Path) -> subprocess.Popen[bytes]:
        return subprocess.Popen(
            [*self.command, str(file)],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            close_fds=True,
        )
