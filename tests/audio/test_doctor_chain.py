"""``timer-tui doctor`` shows the whole backend chain as this machine has it, through the
ALSA capture card: the one in use, the ones passed over and why, and the spare ones."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from tests.audio.conftest import SoundCard, backend_missing, use_backend
from tests.conftest import run_timer_tui
from timer_tui.library.paths import config_path

pytestmark = [pytest.mark.audio, pytest.mark.e2e]


def doctor(card: SoundCard, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return run_timer_tui("doctor", "--silent", env=card.env(env), timeout=60)


def chain(out: str) -> dict[str, str]:
    """The indented lines under ``backends:``: name -> status."""
    lines = out.splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith("backends:"))
    found = {}
    for line in lines[start + 1 :]:
        if not line.startswith("  "):
            break
        name, status = line[2:15].strip(), line[16:]
        found[name] = status
    return found


def test_the_backend_named_in_the_config_is_in_use_and_every_other_is_listed(
    card: SoundCard, subprocess_env: dict[str, str]
) -> None:
    if backend_missing("aplay") or backend_missing("miniaudio"):
        pytest.skip(backend_missing("aplay") or backend_missing("miniaudio") or "")
    use_backend("aplay")
    done = doctor(card, subprocess_env)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "audio backend:  aplay " in done.stdout
    assert 'the config names "aplay"' in done.stdout
    found = chain(done.stdout)
    assert list(found) == [
        "simpleaudio",
        "miniaudio",
        "pw-play",
        "paplay",
        "aplay",
        "afplay",
        "terminal bell",
    ]
    assert found["aplay"] == "in use"
    assert found["miniaudio"].startswith("available (1.")  # its device opened too
    assert found["terminal bell"] == "the last resort"


def test_auto_with_no_device_passes_over_each_backend_saying_why(
    no_card: Path, subprocess_env: dict[str, str]
) -> None:
    env = dict(subprocess_env, HOME=str(no_card), PULSE_SERVER=f"unix:{no_card}/no-server")
    done = run_timer_tui("doctor", "--silent", env=env, timeout=60)
    assert done.returncode == 1
    found = chain(done.stdout)
    assert found["terminal bell"] == "in use"
    for name in ("simpleaudio", "miniaudio", "aplay"):
        if not backend_missing(name):
            assert found[name].startswith("passed over: "), found
            assert (
                "no sound device could be opened" in found[name] or "could not play" in found[name]
            )


def test_an_unknown_backend_in_the_config_is_reported_and_auto_is_used(
    card: SoundCard, subprocess_env: dict[str, str]
) -> None:
    path = config_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text('[audio]\nbackend = "pulse"\n')
    done = doctor(card, subprocess_env)
    first = done.stdout.splitlines()[0]
    assert first.startswith(f"config:         {path}:2:1: audio.backend: found 'pulse';")
    assert '"auto", "simpleaudio", "miniaudio"' in first
    assert "in the order tried (the default;" in done.stdout
    assert "in use" in chain(done.stdout).values()
