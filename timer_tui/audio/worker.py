"""The audio process: ``python -m timer_tui.audio.worker``, fed JSON lines on stdin.

Sound plays here, not in the timer's process, so nothing the audio stack does
can stop or slow the timer: a native crash in simpleaudio ends only this process,
and ALSA's own complaints ("ALSA lib ... cannot find card '0'") go to this
process's stderr, which the parent points at /dev/null.

Requests (parent -> worker), one JSON object per line:

- ``{"op": "load", "key": K, "path": P}``: read the WAV into memory now, so
  playing it later costs only opening the device.
- ``{"op": "probe"}``: open the device with a few milliseconds of silence.
- ``{"op": "play", "key": K, "priority": N, "tone": bool}``: see ``queue.py``.
- ``{"op": "stop"}``: silence now, forget the queue. ``{"op": "quit"}``.

Reports (worker -> parent): ``ready`` or ``unavailable`` first, then ``loaded``,
``probe``, ``started`` / ``finished`` / ``cut`` / ``dropped`` (with the
monotonic time, which is the same clock in both processes), and ``error`` when
the device fails during a session.
"""

from __future__ import annotations

import array
import json
import os
import select
import sys
import time
import wave
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from timer_tui.audio.queue import DRAIN_SECONDS, CueQueue, Playing, Report
from timer_tui.core.field_types import MAX_WAV_BYTES
from timer_tui.core.safe_files import Refused, open_regular

POLL_SECONDS = 0.005
"""While a sound plays, how often to look whether it ended (to start the next)."""
SILENCE_THRESHOLD = 200
"""Samples quieter than this (of 32767) at the end of a recording are trimmed."""
TAIL_SECONDS = 0.03


@dataclass(frozen=True, slots=True)
class Clip:
    frames: bytes
    channels: int
    width: int
    rate: int

    @property
    def seconds(self) -> float:
        return len(self.frames) / (self.channels * self.width * self.rate)


def read_clip(path: Path, *, trim: bool = False) -> Clip:
    """Read a WAV into memory; ``trim`` drops the trailing silence speech engines add.

    Only a regular file under the session format's cap is opened: the loader checked
    the path, but the file may have changed since (a 2 GB WAV, a FIFO in its place).
    """
    opened = open_regular(path, MAX_WAV_BYTES)
    if isinstance(opened, Refused):
        raise ValueError(f"cannot play {path}: {opened.reason}")
    with opened, wave.open(opened, "rb") as w:
        clip = Clip(
            w.readframes(w.getnframes()), w.getnchannels(), w.getsampwidth(), w.getframerate()
        )
    clip = to_16_bit(clip)
    if trim and sys.byteorder == "little":
        samples = array.array("h", clip.frames)
        end = len(samples)
        while end > 0 and abs(samples[end - 1]) < SILENCE_THRESHOLD:
            end -= 1
        end = min(len(samples), end + round(TAIL_SECONDS * clip.rate) * clip.channels)
        end -= end % clip.channels
        clip = Clip(samples[:end].tobytes(), clip.channels, clip.width, clip.rate)
    return clip


def to_16_bit(clip: Clip) -> Clip:
    """simpleaudio's ALSA backend plays only 16-bit samples; a custom WAV may be 8, 24 or 32."""
    data = clip.frames
    if clip.width == 2:
        return clip
    if clip.width == 1:  # unsigned 8-bit
        out = array.array("h", ((b - 128) << 8 for b in data))
        if sys.byteorder != "little":
            out.byteswap()
        return Clip(out.tobytes(), clip.channels, 2, clip.rate)
    if clip.width in (3, 4):  # little-endian signed: keep the two most significant bytes
        w = clip.width
        wide = bytearray(len(data) // w * 2)
        wide[0::2] = data[w - 2 :: w]
        wide[1::2] = data[w - 1 :: w]
        return Clip(bytes(wide), clip.channels, 2, clip.rate)
    raise ValueError(f"{8 * clip.width}-bit samples cannot be played")


class SimpleaudioOutput:
    """Plays preloaded clips through simpleaudio; each play opens the default device."""

    def __init__(self, simpleaudio: Any) -> None:
        self._sa = simpleaudio
        self.clips: dict[str, Clip] = {}

    def load(self, key: str, path: Path, *, trim: bool) -> Clip:
        clip = read_clip(path, trim=trim)
        if clip.channels not in (1, 2):
            raise ValueError(f"{clip.channels} channels cannot be played (only mono or stereo)")
        self.clips[key] = clip
        return clip

    def play(self, key: str) -> Playing:
        clip = self.clips[key]
        playing: Playing = self._sa.play_buffer(clip.frames, clip.channels, clip.width, clip.rate)
        return playing

    def seconds(self, key: str) -> float:
        return self.clips[key].seconds

    def probe(self) -> None:
        """Open the device with 10 ms of silence; raises if there is none."""
        playing = self._sa.play_buffer(bytes(2 * 220), 1, 2, 22050)
        playing.wait_done()


def describe_error(exc: BaseException) -> str:
    """simpleaudio's "Error opening PCM device. -- CODE: -2 -- MSG: No such file or directory"
    becomes "no sound device could be opened (No such file or directory)"."""
    text = str(exc)
    if "MSG:" in text:
        detail = text.rsplit("MSG:", 1)[1].strip()
        if "opening" in text.lower():
            return f"no sound device could be opened ({detail})"
        return f"the sound device failed ({detail})"
    return text or type(exc).__name__


class Worker:
    def __init__(self, output: SimpleaudioOutput, out: Any) -> None:
        self.output = output
        self.out = out
        self.queue = CueQueue(output, time.monotonic, self.on_report)

    def send(self, **message: object) -> None:
        self.out.write(json.dumps(message) + "\n")
        self.out.flush()

    def on_report(self, report: Report) -> None:
        self.send(event=report.what, key=report.key, at=report.at)

    def handle(self, message: dict[str, Any]) -> bool:
        """Act on one request; False means quit."""
        op = message.get("op")
        if op == "play":
            key = str(message["key"])
            if key not in self.output.clips:
                self.send(event="missing", key=key)
                return True
            try:
                self.queue.request(key, int(message["priority"]), is_tone=bool(message["tone"]))
            except Exception as exc:
                self.send(event="error", key=key, reason=describe_error(exc))
        elif op == "load":
            key = str(message["key"])
            try:
                clip = self.output.load(key, Path(message["path"]), trim=key.startswith("speech:"))
            except Exception as exc:
                self.send(event="loaded", key=key, ok=False, reason=describe_error(exc))
            else:
                self.send(event="loaded", key=key, ok=True, seconds=clip.seconds)
        elif op == "probe":
            try:
                self.output.probe()
            except Exception as exc:
                self.send(event="probe", ok=False, reason=describe_error(exc))
            else:
                self.send(event="probe", ok=True)
        elif op == "stop":
            self.queue.stop()
        elif op == "quit":
            if message.get("drain"):
                self.drain(time.monotonic() + DRAIN_SECONDS)
            self.queue.stop()
            return False
        return True

    def drain(self, until: float) -> None:
        """Let the current and queued sounds play out (the session's last words)."""
        while self.queue.busy and time.monotonic() < until:
            self.poll()
            time.sleep(POLL_SECONDS)

    def poll(self) -> None:
        try:
            self.queue.poll()
        except Exception as exc:
            self.send(event="error", key=self.queue.current or "", reason=describe_error(exc))

    def run(self, fd: int) -> None:
        buffer = b""
        while True:
            timeout = POLL_SECONDS if self.queue.busy else None
            readable, _, _ = select.select([fd], [], [], timeout)
            if readable:
                chunk = os.read(fd, 65536)
                if not chunk:  # the timer's process is gone
                    self.queue.stop()
                    return
                buffer += chunk
                while b"\n" in buffer:
                    line, buffer = buffer.split(b"\n", 1)
                    if line.strip() and not self.handle(json.loads(line)):
                        return
            self.poll()


def main() -> int:
    out = sys.stdout
    try:
        import simpleaudio
    except Exception as exc:  # ImportError, or a broken native build
        reason = "simpleaudio is not installed" if isinstance(exc, ImportError) else str(exc)
        out.write(json.dumps({"event": "unavailable", "reason": reason}) + "\n")
        out.flush()
        return 0
    version = getattr(simpleaudio, "__version__", None)
    if version is None:
        from importlib.metadata import PackageNotFoundError
        from importlib.metadata import version as dist_version

        try:
            version = dist_version("simpleaudio-patched")
        except PackageNotFoundError:
            version = "?"
    worker = Worker(SimpleaudioOutput(simpleaudio), out)
    worker.send(
        event="ready", backend="simpleaudio", version=version, python=sys.version.split()[0]
    )
    worker.run(sys.stdin.fileno())
    return 0


if __name__ == "__main__":
    sys.exit(main())
