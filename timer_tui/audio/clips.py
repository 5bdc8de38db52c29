"""Sounds held in memory: WAV files read once, as 16-bit samples every output can play.

Every backend of the audio process (``outputs.py``) plays the same bytes: the
libraries get them as a buffer, the system players as a WAV written back out.
So a tone sounds the same whichever backend plays it, and the tests compare
what the card received with the bundled file byte for byte.
"""

from __future__ import annotations

import array
import sys
import wave
from dataclasses import dataclass
from pathlib import Path

from timer_tui.core.field_types import MAX_WAV_BYTES, WAV_BOUNDS, wav_problem
from timer_tui.core.safe_files import Refused, open_regular

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

    Only a regular file under the session format's cap, with parameters every output
    plays, is read: the loader checked the file, but it may have changed since (a 2 GB
    WAV, a FIFO in its place, a rate of 0).
    """
    opened = open_regular(path, MAX_WAV_BYTES)
    if isinstance(opened, Refused):
        raise ValueError(f"cannot play {path}: {opened.reason}")
    with opened, wave.open(opened, "rb") as w:
        clip = Clip(
            w.readframes(w.getnframes()), w.getnchannels(), w.getsampwidth(), w.getframerate()
        )
    problem = wav_problem(clip.channels, clip.width, clip.rate)
    if problem is not None:
        raise ValueError(f"{problem} ({WAV_BOUNDS})")
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


def write_wav(clip: Clip, path: Path) -> None:
    """A clip as a WAV file again, for a system player (the same bytes the libraries play)."""
    with wave.open(str(path), "wb") as w:
        w.setnchannels(clip.channels)
        w.setsampwidth(clip.width)
        w.setframerate(clip.rate)
        w.writeframes(clip.frames)


def silence(seconds: float = 0.01, rate: int = 22050) -> Clip:
    """A short silent clip: what a probe plays to learn whether a device opens."""
    return Clip(bytes(2 * round(seconds * rate)), 1, 2, rate)
