"""A sound card made of ALSA configuration: what the player plays lands in files we can measure.

``HOME`` points at a temporary folder whose ``.asoundrc`` makes ALSA's default
device a chain of two ``file`` plugins:

- the outer one pipes each stream (each ``simpleaudio.play_buffer``, each
  miniaudio device, each ``aplay``) into ``capture.sh``, which names a file
  after the moment the stream opened, so every sound is a separate file with
  its start time;
- the inner one writes into a FIFO that a thread here drains at exactly the
  playback rate, like a real card's clock. Without it ALSA's ``null`` device
  swallows a clip in a millisecond, and nothing could be cut short.

Nothing is mocked: the real worker process, its backend (simpleaudio, miniaudio
or aplay) and alsa-lib run. The ``backend`` fixture names one in the config, as
a user would (``[audio] backend = ...``), and skips where it is not installed.
"""

from __future__ import annotations

import array
import contextlib
import fcntl
import importlib.util
import os
import select
import shutil
import sys
import threading
import time
import wave
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from timer_tui.library.paths import config_path

F_SETPIPE_SZ = 1031
SILENT_PEAK = 300
"""A stream whose loudest sample is below this is silence (the device probe)."""

CAPTURE_SH = """#!/bin/sh
# $1 rate, $2 channels (from ALSA's %r %c); the name starts with the opening time.
exec cat > "{folder}/$(date +%s%N)-$1-$2.raw"
"""

ASOUNDRC = """pcm.!default {{
  type file
  file "|{capture} %r %c"
  format "raw"
  slave.pcm "paced"
}}
pcm.paced {{
  type file
  file "{fifo}"
  format "raw"
  slave.pcm "null"
}}
"""


BACKENDS = ("simpleaudio", "miniaudio", "aplay")
"""The backends these tests can hear through ALSA (pw-play and paplay need a sound server)."""


def backend_missing(name: str) -> str | None:
    """Why ``name`` cannot be tested here, or None."""
    if not sys.platform.startswith("linux"):
        return "ALSA capture works on Linux only"
    if name == "simpleaudio" and importlib.util.find_spec("simpleaudio") is None:
        return "simpleaudio is not installed in this venv (make audio)"
    if name == "miniaudio" and importlib.util.find_spec("miniaudio") is None:
        return "miniaudio is not installed in this venv (make)"
    if name == "aplay" and shutil.which("aplay") is None:
        return "aplay is not installed (sudo apt-get install -y alsa-utils)"
    return None


def card_missing() -> str | None:
    """Why no backend at all can be heard here, or None."""
    reasons = [backend_missing(name) for name in BACKENDS]
    return None if None in reasons else "; ".join(r for r in reasons if r)


def use_backend(name: str) -> None:
    """What a user does: ``[audio] backend = NAME`` in the config (this test's own XDG folder)."""
    config = config_path()
    config.parent.mkdir(parents=True, exist_ok=True)
    config.write_text(f'[audio]\nbackend = "{name}"\n')


requires_espeak = pytest.mark.skipif(
    shutil.which("espeak-ng") is None and shutil.which("espeak") is None,
    reason="no speech engine (sudo apt-get install -y espeak-ng)",
)


@dataclass(frozen=True, slots=True)
class Stream:
    """One sound as the card received it."""

    start: float
    """Seconds (wall clock) when the device was opened for it."""
    rate: int
    channels: int
    samples: array.array[int]

    @property
    def seconds(self) -> float:
        """How long it sounded: up to its last sample that is not zero.

        A device that is fed in periods (miniaudio) is closed a little after the
        sound ends and writes zeros until then; they are not part of the sound.
        """
        end = len(self.samples)
        while end > 0 and self.samples[end - 1] == 0:
            end -= 1
        return end / (self.rate * self.channels)

    @property
    def peak(self) -> int:
        return max((abs(v) for v in self.samples), default=0)

    @property
    def silent(self) -> bool:
        return self.peak < SILENT_PEAK

    def same_as(self, wav: Path) -> bool:
        """Byte for byte the WAV's samples, then nothing but zeros (see ``seconds``)."""
        with wave.open(str(wav), "rb") as w:
            expected = w.readframes(w.getnframes())
        got = self.samples.tobytes()
        return got.startswith(expected) and not got[len(expected) :].strip(b"\0")


UNPACED_ASOUNDRC = """pcm.!default {{
  type file
  file "|{capture} %r %c"
  format "raw"
  slave.pcm "null"
}}
"""


class SoundCard:
    """``paced=False``: the outer file plugin writes into ALSA's ``null``, which takes
    a whole clip at once (the issue's own ``.asoundrc``), as a mixer's stream may."""

    def __init__(self, root: Path, *, paced: bool = True) -> None:
        self.home = root / "home"
        self.captured = root / "captured"
        self.fifo = root / "card.fifo"
        self.home.mkdir(parents=True)
        self.captured.mkdir()
        capture = root / "capture.sh"
        capture.write_text(CAPTURE_SH.format(folder=self.captured))
        capture.chmod(0o755)
        template = ASOUNDRC if paced else UNPACED_ASOUNDRC
        (self.home / ".asoundrc").write_text(template.format(capture=capture, fifo=self.fifo))
        os.mkfifo(self.fifo)
        # Read and write ends both held here, so the FIFO never reports end-of-file
        # between streams, and small, so ALSA runs at most ~0.1 s ahead of "now".
        self._fd = os.open(self.fifo, os.O_RDWR | os.O_NONBLOCK)
        with contextlib.suppress(OSError):
            fcntl.fcntl(self._fd, F_SETPIPE_SZ, 4096)
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._clock, name="sound-card", daemon=True)
        self._thread.start()

    def _clock(self) -> None:
        """Drain the FIFO at 22050 frames/s of 16-bit mono, as a DAC would."""
        bytes_per_second = 22050 * 2
        playhead = time.monotonic()
        while not self._stop.is_set():
            ready, _, _ = select.select([self._fd], [], [], 0.05)
            if not ready:
                continue
            try:
                chunk = os.read(self._fd, bytes_per_second // 100)
            except BlockingIOError:
                continue
            now = time.monotonic()
            playhead = max(playhead, now) + len(chunk) / bytes_per_second
            if playhead - now > 0.01:
                time.sleep(playhead - now - 0.01)

    def env(self, base: dict[str, str]) -> dict[str, str]:
        env = dict(base)
        env["HOME"] = str(self.home)
        for name in ("ALSA_CONFIG_PATH", "AUDIODEV"):
            env.pop(name, None)
        # miniaudio tries a PulseAudio (or PipeWire) server before ALSA: on a desktop it
        # would play past this card, so point it at a server that is not there.
        env["PULSE_SERVER"] = f"unix:{self.home / 'no-pulse-server'}"
        return env

    def streams(self, *, settle: float = 0.3) -> list[Stream]:
        """Every stream so far, in order of opening (after the last one has been written)."""
        time.sleep(settle)
        found = []
        for path in sorted(self.captured.glob("*.raw"), key=lambda p: int(p.name.split("-")[0])):
            stamp, rate, channels = path.stem.split("-")
            samples = array.array("h")
            data = path.read_bytes()
            samples.frombytes(data[: len(data) - len(data) % 2])
            if sys.byteorder != "little":
                samples.byteswap()
            found.append(Stream(int(stamp) / 1e9, int(rate), int(channels), samples))
        return found

    def sounds(self) -> list[Stream]:
        """The streams that were not silence."""
        return [s for s in self.streams() if not s.silent]

    def close(self) -> None:
        self._stop.set()
        self._thread.join(timeout=2)
        os.close(self._fd)


@pytest.fixture
def card(tmp_path: Path) -> Iterator[SoundCard]:
    reason = card_missing()
    if reason:
        pytest.skip(reason)
    card = SoundCard(tmp_path / "card")
    yield card
    card.close()


@pytest.fixture
def unpaced_card(tmp_path: Path) -> Iterator[SoundCard]:
    reason = card_missing()
    if reason:
        pytest.skip(reason)
    card = SoundCard(tmp_path / "card", paced=False)
    yield card
    card.close()


@pytest.fixture(params=["simpleaudio", "miniaudio"])
def backend(request: pytest.FixtureRequest) -> str:
    """Each library backend in turn, named in the config; skipped where not installed."""
    name = str(request.param)
    reason = backend_missing(name)
    if reason:
        pytest.skip(reason)
    use_backend(name)
    return name


@pytest.fixture
def no_card(tmp_path: Path) -> Path:
    """A HOME whose ALSA has no card at all, whatever this machine has."""
    home = tmp_path / "nocard"
    home.mkdir()
    (home / ".asoundrc").write_text("defaults.pcm.card 99\ndefaults.ctl.card 99\n")
    return home
