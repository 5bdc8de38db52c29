"""Generate the bundled cue tones in ``sounds/`` (stdlib only, byte-for-byte deterministic).

Run ``python tools/gen_sounds.py`` (or ``make sounds``) after changing a tone here;
``tests/unit/test_audio_sounds.py`` checks that the committed WAVs match this script.

Each tone is a few short notes built from sine partials with a soft attack and
an exponential decay, faded to exact zero at both ends so nothing clicks. The
kinds that follow each other in a session are told apart by direction and
colour, not only pitch: run rises bright, walk falls soft and low; work knocks
twice high, rest sinks to one low bell.
"""

from __future__ import annotations

import argparse
import math
import struct
import sys
import wave
from dataclasses import dataclass
from pathlib import Path

RATE = 22050
PEAK = 0.5  # of full scale: loud enough through earbuds on a treadmill, no clipping when notes ring together
ATTACK = 0.006
EDGE_FADE = 0.004

OUT_DIR = Path(__file__).resolve().parent.parent / "sounds"


@dataclass(frozen=True, slots=True)
class Note:
    """One note: when it starts, its pitch, how long it rings, and its timbre."""

    at: float
    freq: float
    length: float
    partials: tuple[float, ...] = (1.0,)  # amplitude of harmonic 1, 2, 3, ...
    decay: float = 6.0  # 1/seconds; higher is a shorter, plucked note
    gain: float = 1.0


BRIGHT = (1.0, 0.35, 0.18, 0.08)
SOFT = (1.0, 0.12)
BELL = (1.0, 0.0, 0.25, 0.0, 0.1)


def note_hz(name: str) -> float:
    """Equal-tempered pitch from a name such as "A4" or "C#5"."""
    steps = {"C": -9, "D": -7, "E": -5, "F": -4, "G": -2, "A": 0, "B": 2}
    letter, rest = name[0], name[1:]
    shift = 0
    if rest.startswith("#"):
        shift, rest = 1, rest[1:]
    elif rest.startswith("b"):
        shift, rest = -1, rest[1:]
    semitones = steps[letter] + shift + (int(rest) - 4) * 12
    return float(440.0 * 2.0 ** (semitones / 12.0))


def seq(*names: str, step: float, length: float, **kw: object) -> tuple[Note, ...]:
    """Notes one after another, ``step`` seconds apart."""
    return tuple(
        Note(at=i * step, freq=note_hz(n), length=length, **kw)  # type: ignore[arg-type]
        for i, n in enumerate(names)
    )


TONES: dict[str, tuple[Note, ...]] = {
    # Step starts, one per kind.
    "start-run": seq("E5", "B5", step=0.11, length=0.26, partials=BRIGHT, decay=7.0),
    "start-walk": seq("A4", "E4", step=0.16, length=0.32, partials=SOFT, decay=5.0, gain=0.9),
    "start-work": seq("G5", "G5", step=0.12, length=0.2, partials=BRIGHT, decay=10.0),
    "start-rest": seq("C5", "G4", step=0.18, length=0.36, partials=BELL, decay=4.5, gain=0.8),
    "start-warmup": seq("C5", "D5", "E5", step=0.1, length=0.26, partials=SOFT, decay=7.0),
    "start-cooldown": seq("G4", "E4", "C4", step=0.13, length=0.3, partials=SOFT, decay=6.0),
    "start-exercise": seq("C5", "E5", step=0.1, length=0.25, partials=BRIGHT, decay=8.0),
    "start-stretch": seq("E5", step=0.0, length=0.5, partials=BELL, decay=4.0, gain=0.8),
    # Within and between steps.
    "countdown": seq("A5", step=0.0, length=0.1, partials=SOFT, decay=12.0),
    "go": seq("E6", step=0.0, length=0.22, partials=BRIGHT, decay=9.0),
    "halfway": seq("D5", "D5", step=0.13, length=0.16, partials=BELL, decay=9.0, gain=0.85),
    "finished": seq("C5", "E5", "G5", "C6", step=0.09, length=0.33, partials=BELL, decay=5.0),
}


def render(notes: tuple[Note, ...]) -> bytes:
    """Mix the notes into 16-bit little-endian mono samples."""
    end = max(n.at + n.length for n in notes)
    total = round(end * RATE)
    mix = [0.0] * total
    for note in notes:
        start = round(note.at * RATE)
        count = min(round(note.length * RATE), total - start)
        norm = sum(note.partials)
        for i in range(count):
            t = i / RATE
            env = math.exp(-note.decay * t) * min(1.0, t / ATTACK)
            release = (count - i) / RATE
            if release < EDGE_FADE * 4:
                env *= release / (EDGE_FADE * 4)
            value = 0.0
            for h, amp in enumerate(note.partials, start=1):
                if amp:
                    value += amp * math.sin(2.0 * math.pi * note.freq * h * t)
            mix[start + i] += note.gain * env * value / norm
    loudest = max(abs(v) for v in mix) or 1.0
    scale = PEAK * 32767 / loudest
    fade = round(EDGE_FADE * RATE)
    samples = []
    for i, v in enumerate(mix):
        edge = min(1.0, i / fade, (total - 1 - i) / fade)
        samples.append(round(v * scale * edge))
    return struct.pack(f"<{len(samples)}h", *samples)


def write(path: Path, frames: bytes) -> None:
    with wave.open(str(path), "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(RATE)
        w.writeframes(frames)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=OUT_DIR, help="folder to write to")
    args = parser.parse_args(argv)
    out: Path = args.out
    out.mkdir(parents=True, exist_ok=True)
    for name, notes in TONES.items():
        write(out / f"{name}.wav", render(notes))
        print(f"{out / name}.wav  {max(n.at + n.length for n in notes):.2f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
