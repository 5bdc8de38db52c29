"""The built wheel, installed with pipx into a fresh venv on a machine without the ALSA
headers, plays a session's cues, and ``doctor`` names the backend.

The headers are hidden the way a fresh Debian machine lacks them: in a mount
namespace of the install's own (``unshare -m``), an empty folder is mounted over
/usr/include/alsa, so nothing could compile against them. Nothing else is
faked: pip reaches the registry (its cache keeps this to seconds), pipx makes
the venv, and the session is heard through the ALSA capture card.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.audio.conftest import SoundCard, Stream
from tests.conftest import REPO
from timer_tui.library.paths import bundled_sounds_dir

pytestmark = [pytest.mark.audio, pytest.mark.e2e]

ALSA_HEADERS = Path("/usr/include/alsa")
PIPX_TOOL = REPO / ".venv" / "pipx-tool"
"""pipx itself, installed from the registry once (inside the ignored .venv/, removed by
``make clean``); the app's venv is made fresh on every run."""

SESSION = """\
name = "From the wheel"

[cues]
countdown = 1
halfway = false

[[steps]]
kind = "run"
name = "Run"
duration = 2

[[steps]]
kind = "walk"
name = "Walk"
duration = 2
"""


def hide_headers(tmp_path: Path) -> list[str]:
    """A command prefix that runs its command with /usr/include/alsa empty; skips where it cannot."""
    if not ALSA_HEADERS.exists():
        return []  # nothing to hide: this machine is already without them
    unshare = shutil.which("unshare")
    if unshare is None:
        pytest.skip("unshare (util-linux) is missing: the ALSA headers cannot be hidden")
    empty = tmp_path / "no-alsa-headers"
    empty.mkdir()
    prefix = [
        unshare,
        "-m",
        "sh",
        "-c",
        'mount --bind "$0" /usr/include/alsa && test ! -e /usr/include/alsa/asoundlib.h'
        ' && exec "$@"',
        str(empty),
    ]
    tried = subprocess.run([*prefix, "true"], capture_output=True, text=True, check=False)
    if tried.returncode != 0:
        pytest.skip(
            "a mount namespace is not permitted here (root or CAP_SYS_ADMIN needed): "
            + (tried.stderr.strip() or f"exit {tried.returncode}")
        )
    return prefix


@pytest.fixture(scope="session")
def pipx() -> Path:
    tool = PIPX_TOOL / "bin" / "pipx"
    if not tool.exists():
        subprocess.run([sys.executable, "-m", "venv", "--clear", str(PIPX_TOOL)], check=True)
        subprocess.run(
            [str(PIPX_TOOL / "bin" / "python"), "-m", "pip", "install", "-q", "pipx>=1.5"],
            check=True,
            capture_output=True,
            timeout=600,
        )
    return tool


def build_wheel(dist: Path) -> Path:
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "-w", str(dist), str(REPO)],
        check=True,
        capture_output=True,
        timeout=600,
    )
    (wheel,) = dist.glob("timer_tui-*.whl")
    return wheel


def tone(stream: Stream) -> str | None:
    for wav in bundled_sounds_dir().glob("*.wav"):
        if stream.same_as(wav):
            return wav.stem
    return None


def test_pipx_install_of_the_wheel_without_alsa_headers_plays_the_cues(
    tmp_path: Path, card: SoundCard, pipx: Path, subprocess_env: dict[str, str]
) -> None:
    hide = hide_headers(tmp_path)
    wheel = build_wheel(tmp_path / "dist")
    env = dict(
        subprocess_env,
        PIPX_HOME=str(tmp_path / "pipx"),
        PIPX_BIN_DIR=str(tmp_path / "bin"),
        PIPX_MAN_DIR=str(tmp_path / "man"),
    )
    installed = subprocess.run(
        # Wheels only: nothing is compiled, whatever pip's cache holds from other builds.
        [*hide, str(pipx), "install", "--pip-args=--no-compile --only-binary=:all:", str(wheel)],
        capture_output=True,
        text=True,
        env=env,
        timeout=600,
        check=False,
    )
    assert installed.returncode == 0, installed.stdout + installed.stderr
    app = tmp_path / "bin" / "timer-tui"
    session = tmp_path / "session.toml"
    session.write_text(SESSION)

    played = subprocess.run(
        [str(app), "run", str(session), "--plain", "--no-voice"],
        capture_output=True,
        text=True,
        env=card.env(subprocess_env),
        timeout=60,
        check=False,
    )
    assert played.returncode == 0, played.stderr
    assert "Audio is off" not in played.stderr
    # Each tone byte for byte as bundled (inside the wheel: the same files).
    names = [tone(s) for s in card.sounds()]
    assert names == ["start-run", "countdown", "start-walk", "countdown", "finished"]

    doctor = subprocess.run(
        [str(app), "doctor", "--silent"],
        capture_output=True,
        text=True,
        env=card.env(subprocess_env),
        timeout=60,
        check=False,
    )
    assert doctor.returncode == 0, doctor.stdout + doctor.stderr
    lines = doctor.stdout.splitlines()
    assert any(line.startswith("audio backend:  miniaudio ") for line in lines), doctor.stdout
    assert "  miniaudio     in use" in lines
    # simpleaudio is an extra the wheel did not bring; the hint is pipx's own command.
    assert simpleaudio_line(doctor.stdout).endswith("pipx inject timer-tui simpleaudio-patched")

    # The same venv, were it not pipx's: the hint is that venv's own pip.
    venv = tmp_path / "pipx" / "venvs" / "timer-tui"
    (venv / "pipx_metadata.json").unlink()
    again = subprocess.run(
        [str(app), "doctor", "--silent"],
        capture_output=True,
        text=True,
        env=card.env(subprocess_env),
        timeout=60,
        check=False,
    )
    assert simpleaudio_line(again.stdout).endswith(
        f"{venv / 'bin' / 'python'} -m pip install simpleaudio-patched"
    )


def simpleaudio_line(doctor: str) -> str:
    """doctor's line for simpleaudio, an extra the wheel does not bring."""
    (line,) = [line for line in doctor.splitlines() if line.startswith("  simpleaudio ")]
    assert "passed over: not installed; to install: " in line
    return line
