"""The coach's words through a real sound card: speed, incline, the change ahead, the spoken
countdown, and what gives way, in plain mode and in the full-screen app.

Each run is the real program; the capture card of ``conftest.py`` records each sound.
A sound that is not a bundled tone is matched, byte for byte, against the clip the
speech engine rendered for the words we expect (the program's own cache, found by
``speech.cache_path``), so the test checks the words, not only that something spoke.
"""

from __future__ import annotations

import itertools
import os
import shlex
import subprocess
import time
import wave
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.audio.conftest import SoundCard, Stream, requires_espeak
from tests.conftest import run_timer_tui, timer_tui_command, write_user_config
from tests.e2e.conftest import Tmux
from timer_tui.audio import speech
from timer_tui.audio.player import speech_cache_dir
from timer_tui.library.paths import bundled_sounds_dir

pytestmark = [pytest.mark.audio, pytest.mark.e2e, requires_espeak]

EXPLICIT = """\
name = "Belt check"

[cues]
countdown = 0
halfway = false
say_speed_change = 4

[[steps]]
kind = "run"
duration = 12
speed = "9.5 km/h"
incline = 1

[[steps]]
kind = "walk"
duration = 3
speed = "5.5 km/h"
"""
"""Speeds in the file. The change is said 4 s ahead (the run is 4 + 8 s long: room for
its own start first); the 3 s walk has no room for its speed, which gives way."""

EXPLICIT_HEARD = [
    ("start-run", 0.0),
    ("Run, 12 seconds. Nine and a half kilometres an hour. Incline one percent", 0.0),
    ("In four seconds: Walk, five and a half", 8.0),
    ("start-walk", 12.0),
    ("Walk, 3 seconds", 12.0),
    ("finished", 15.0),
    ("session complete", 15.0),
]

DEFAULTS = """\
name = "Plain run"

[cues]
countdown = 1
halfway = false

[[steps]]
kind = "run"
duration = 7

[[steps]]
kind = "walk"
duration = 4
"""
"""No speeds in the file: the config's [treadmill] gives them, in its units (mph), and its
[cues] asks for the spoken countdown."""

CONFIG = """\
[treadmill]
units = "mph"
run = { speed = "6 mph", incline = 1 }
walk = "3.5 mph"

[cues]
say_countdown = true
"""

DEFAULTS_HEARD = [
    ("start-run", 0.0),
    ("Run, 7 seconds. Six miles an hour. Incline one percent", 0.0),
    ("One", 6.0),
    ("start-walk", 7.0),
    ("Walk, 4 seconds", 7.0),  # its speed would run into the "One" at 3 s: it gives way
    ("One", 10.0),
    ("finished", 11.0),
    ("session complete", 11.0),
]

TOLERANCE = {"plain": 0.15, "app": 0.25}
"""Seconds a tone (or a spoken count) may be off its time: the player's own budget is
a few milliseconds, the rest is this machine's load (and in the app, Textual's timers)."""


def tone_name(stream: Stream) -> str | None:
    for wav in bundled_sounds_dir().glob("*.wav"):
        if stream.same_as(wav):
            return wav.stem
    return None


def clip_frames(path: Path) -> bytes:
    with wave.open(str(path), "rb") as w:
        return w.readframes(w.getnframes())


def heard(sounds: list[Stream], texts: list[str]) -> list[str]:
    """Each sound as its tone's name, the words whose rendered clip it is, or "cut: WORDS"
    for the start of a clip cut short; anything else is "unknown"."""
    engine = speech.find_engine()
    assert engine is not None
    paths = {text: speech.cache_path(engine, text, speech_cache_dir()) for text in texts}
    clips = {text: clip_frames(path) for text, path in paths.items() if path.is_file()}
    names = []
    for stream in sounds:
        tone = tone_name(stream)
        if tone is not None:
            names.append(tone)
            continue
        got = stream.samples.tobytes().rstrip(b"\0")
        whole = [t for t, frames in clips.items() if frames.rstrip(b"\0") == got]
        cut = [t for t, frames in clips.items() if got and frames.startswith(got)]
        names.append(whole[0] if whole else f"cut: {cut[0]}" if cut else "unknown")
    return names


def check_heard(sounds: list[Stream], expected: list[tuple[str, float]], mode: str) -> None:
    """The sounds, in order, are the expected words and tones, each on time, none over another."""
    texts = [name for name, _ in expected if " " in name or name[:1].isupper()]
    names = heard(sounds, texts)
    start = sounds[0].start
    timeline = [
        (n, round(s.start - start, 2), round(s.seconds, 2))
        for n, s in zip(names, sounds, strict=False)
    ]
    assert names == [name for name, _ in expected], timeline
    for (name, at), stream in zip(expected, sounds, strict=True):
        offset = stream.start - start
        if name in ("start-run", "start-walk", "finished", "One"):
            assert abs(offset - at) < TOLERANCE[mode], (name, timeline)
        else:  # words wait for the tone before them, and never past the next one
            assert at - TOLERANCE[mode] < offset < at + 1.5, (name, timeline)
    for before, after in itertools.pairwise(sounds):
        # One sound at a time: a clip ends (or is cut) before the next opens.
        assert after.start >= before.start + before.seconds - 0.05, timeline


def write(tmp_path: Path, toml: str) -> Path:
    path = tmp_path / "session.toml"
    path.write_text(toml, encoding="utf-8")
    return path


@pytest.fixture
def tmux() -> Iterator[Tmux]:
    t = Tmux.fresh("timer-tui-voice")
    try:
        yield t
    finally:
        t.run("kill-server")


def run_in_app(tmux: Tmux, session: Path, env: dict[str, str], seconds: float) -> str:
    """``timer-tui run SESSION`` full screen in tmux, with the card's ALSA; the last screen."""
    keep = {
        k: v
        for k, v in env.items()
        if k.startswith("XDG_") or k in ("HOME", "PATH", "PULSE_SERVER", "LANG")
    }
    keep["TERM"] = "xterm-256color"
    line = " ".join(
        [
            "env",
            *(f"{k}={shlex.quote(v)}" for k, v in keep.items()),
            *map(shlex.quote, timer_tui_command()),
            "run",
            shlex.quote(str(session)),
            "; sleep 30",
        ]
    )
    tmux.start(line)
    tmux.wait_for(lambda screen: "step 1 of" in screen, timeout=15)
    screen = tmux.wait_for(
        lambda s: "complete" in s.lower() or "summary" in s.lower(), seconds + 15
    )
    time.sleep(2.5)  # "session complete" plays out
    return screen


@pytest.mark.parametrize("mode", ["plain", "app"])
def test_speed_and_incline_from_the_file_and_the_change_ahead_are_said(
    tmp_path: Path, card: SoundCard, subprocess_env: dict[str, str], mode: str, tmux: Tmux
) -> None:
    session = write(tmp_path, EXPLICIT)
    env = card.env(subprocess_env)
    if mode == "plain":
        done = run_timer_tui("run", str(session), "--plain", env=env, timeout=40)
        assert done.returncode == 0, done.stderr
        assert "in 4 s: Walk 5.5 km/h" in done.stdout
    else:
        run_in_app(tmux, session, env, 15)
    check_heard(card.sounds(), EXPLICIT_HEARD, mode)


@pytest.mark.parametrize("mode", ["plain", "app"])
def test_the_treadmill_config_gives_the_speeds_and_its_cues_the_spoken_countdown(
    tmp_path: Path, card: SoundCard, subprocess_env: dict[str, str], mode: str, tmux: Tmux
) -> None:
    write_user_config(CONFIG)
    session = write(tmp_path, DEFAULTS)
    env = card.env(subprocess_env)
    if mode == "plain":
        done = run_timer_tui("run", str(session), "--plain", env=env, timeout=40)
        assert done.returncode == 0, done.stderr
        assert "config:" not in done.stderr
    else:
        run_in_app(tmux, session, env, 11)
    check_heard(card.sounds(), DEFAULTS_HEARD, mode)


def test_show_cues_lists_what_the_run_says(tmp_path: Path, subprocess_env: dict[str, str]) -> None:
    """The dry run and the run agree: the same words at the same times, before running."""
    write_user_config(CONFIG)
    session = write(tmp_path, DEFAULTS)
    done = subprocess.run(
        [*timer_tui_command(), "show", str(session), "--cues"],
        capture_output=True,
        text=True,
        env=dict(subprocess_env, **{k: v for k, v in os.environ.items() if k.startswith("XDG_")}),
        timeout=30,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    for words, _ in DEFAULTS_HEARD:
        shown = f'say "{words}"' if words[:1].isupper() or " " in words else f"tone {words}"
        assert shown in done.stdout, (shown, done.stdout)
