"""Words rendered to WAV files before a session starts, cached by their text.

Speaking live at a boundary would start late (a speech engine takes tens of
milliseconds to start) and, on a terminal, its diagnostics could garble the
screen. So every sentence a session can say is rendered once, up front, with
espeak-ng (Linux) or ``say`` (macOS), and played later like any other clip.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from timer_tui.core.digest import sha256_hex

RENDER_TIMEOUT = 15.0


@dataclass(frozen=True, slots=True)
class SpeechEngine:
    name: str
    path: str
    args: tuple[str, ...] = ()

    def command(self, out: Path) -> list[str]:
        """The engine's argv; the words go in on stdin (``render``), never in here.

        A word on the command line is read as an option when it starts with a dash:
        ``say = "-f/etc/passwd"`` made espeak-ng read that file aloud. On stdin the
        text is only ever text (espeak-ng ``--stdin``; ``say -f -``).
        """
        if self.name == "say":
            return [self.path, *self.args, "-o", str(out), "--data-format=LEI16@22050", "-f", "-"]
        return [self.path, *self.args, "-w", str(out), "--stdin"]

    def version(self) -> str | None:
        if self.name == "say":
            return None
        try:
            done = subprocess.run(
                [self.path, "--version"], capture_output=True, text=True, timeout=5, check=False
            )
        except (OSError, subprocess.TimeoutExpired):
            return None
        first = done.stdout.strip().splitlines()
        # espeak-ng: "eSpeak NG text-to-speech: 1.51  Data at: /usr/lib/..."
        return first[0].split("  Data at:")[0].strip() if first else None


def find_engine() -> SpeechEngine | None:
    """The first speech engine on PATH: espeak-ng, espeak, or macOS ``say``."""
    candidates: list[tuple[str, tuple[str, ...]]] = [
        ("espeak-ng", ("-s", "170")),
        ("espeak", ("-s", "170")),
    ]
    if sys.platform == "darwin":
        candidates.insert(0, ("say", ()))
    for name, args in candidates:
        found = shutil.which(name)
        if found:
            return SpeechEngine(name, found, args)
    return None


def cache_path(engine: SpeechEngine, text: str, cache_dir: Path) -> Path:
    """Where ``text`` as spoken by ``engine`` lives: the same words are rendered once."""
    # "stdin": clips rendered before the text went in on stdin are not reused (one
    # of them may hold a file read aloud because its text was taken as an option).
    parts = (engine.name, *engine.args, "stdin", text)
    digest = sha256_hex("\0".join(parts).encode())
    return cache_dir / f"{engine.name}-{digest[:24]}.wav"


def render(engine: SpeechEngine, text: str, cache_dir: Path) -> Path | None:
    """Render ``text`` (or reuse it from the cache); None if the engine failed."""
    target = cache_path(engine, text, cache_dir)
    if target.is_file() and target.stat().st_size > 44:
        return target
    cache_dir.mkdir(parents=True, exist_ok=True)
    # Render beside the target and rename: two sessions rendering at once, or one
    # stopped half-way, never leave a half-written file under the final name.
    partial = target.with_name(f".{target.stem}.{os.getpid()}.wav")
    try:
        done = subprocess.run(
            engine.command(partial),
            input=text.encode("utf-8"),
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            timeout=RENDER_TIMEOUT,
            check=False,
        )
        if done.returncode != 0 or not partial.is_file() or partial.stat().st_size <= 44:
            return None
        partial.replace(target)
    except (OSError, subprocess.TimeoutExpired):
        return None
    finally:
        partial.unlink(missing_ok=True)
    return target


def render_all(engine: SpeechEngine, texts: Iterable[str], cache_dir: Path) -> dict[str, Path]:
    """Render each distinct text, several at a time; texts that failed are left out."""
    unique = list(dict.fromkeys(texts))
    if not unique:
        return {}
    from concurrent.futures import ThreadPoolExecutor  # only when there is speech to render

    with ThreadPoolExecutor(max_workers=min(8, len(unique))) as pool:
        paths = list(pool.map(lambda t: render(engine, t, cache_dir), unique))
    return {text: path for text, path in zip(unique, paths, strict=True) if path is not None}
