"""On Python 3.12+ the original simpleaudio 1.0.4 segfaults after playback (exit 139);
simpleaudio-patched does not. Play a session through the player on 3.12 and check
that both the timer's process and the audio process exit 0."""

from __future__ import annotations

import json
import re
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
import tomllib

from tests.audio.conftest import SoundCard, Stream
from timer_tui.library.paths import bundled_sounds_dir

pytestmark = [pytest.mark.audio, pytest.mark.e2e]

REPO = Path(__file__).resolve().parents[2]
PYTHON_312 = Path.home() / ".pyenv" / "versions" / "3.12.1" / "bin" / "python"
VENV = REPO / ".venv" / "py312"  # inside the ignored .venv/, removed by `make clean`
ALSA_HEADERS = Path("/usr/include/alsa/asoundlib.h")


def _required(*names: str) -> tuple[str, ...]:
    """The package's own requirements on ``names``, as pyproject.toml gives them."""
    project = tomllib.loads((REPO / "pyproject.toml").read_text())["project"]
    found = tuple(
        r for r in project["dependencies"] if re.split(r"[^\w-]", r, maxsplit=1)[0] in names
    )
    assert len(found) == len(names), found
    return found


REQUIREMENTS = ("simpleaudio-patched>=1.0.5", *_required("platformdirs", "tomli"))
"""What the script below imports beyond the repository (on ``PYTHONPATH``)."""

SCRIPT = """
import json, sys, time
from timer_tui.audio import create_cue_subscriber
from timer_tui.core.engine import Engine
from timer_tui.core.model import CueSettings, Kind, Session, Step
from timer_tui.core.timeline import expand

session = Session(
    name="py312",
    steps=(Step(Kind.RUN, "Run", duration=1), Step(Kind.WALK, "Walk", duration=1)),
    cues=CueSettings(voice=False),
)
timeline = expand(session)
notices = []
cues = create_cue_subscriber(session, timeline, notify=notices.append)
cues.prepare()
backend = cues.backend
engine = Engine(timeline, cues=session.cues)
engine.subscribe(cues)
engine.start()
while not engine.status.is_over:
    time.sleep(max(0.0, engine.next_deadline() - time.monotonic()))
    engine.poll()
cues.close()
print(json.dumps({
    "python": sys.version.split()[0],
    "backend": cues.backend_name,
    "worker_exit": getattr(backend, "exit_code", None),
    "notices": notices,
}))
"""


@pytest.fixture(scope="session")
def python312() -> Iterator[Path]:
    if not PYTHON_312.exists():
        pytest.skip(f"Python 3.12.1 is not at {PYTHON_312} (pyenv install 3.12.1)")
    if not ALSA_HEADERS.exists():
        pytest.skip(
            "no ALSA headers to build simpleaudio-patched (sudo apt-get install -y libasound2-dev)"
        )
    python = VENV / "bin" / "python"
    ready = VENV / ".timer-tui-ready"  # what it was made with: made again when that changes
    if not ready.exists() or ready.read_text() != " ".join(REQUIREMENTS):
        subprocess.run(
            [str(PYTHON_312), "-m", "venv", "--clear", str(VENV)], check=True, timeout=120
        )
        subprocess.run(
            [
                str(python),
                "-m",
                "pip",
                "install",
                "-q",
                *REQUIREMENTS,
            ],
            check=True,
            timeout=600,
            capture_output=True,
        )
        ready.write_text(" ".join(REQUIREMENTS))
    yield python


def test_a_session_plays_through_the_player_on_python_312_and_exits_0(
    python312: Path, card: SoundCard, subprocess_env: dict[str, str]
) -> None:
    env = card.env(subprocess_env)
    env["PYTHONPATH"] = str(REPO)
    done = subprocess.run(
        [str(python312), "-c", SCRIPT],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    report = json.loads(done.stdout)
    assert report == {"python": "3.12.1", "backend": "simpleaudio", "worker_exit": 0, "notices": []}
    names = [_tone(s) for s in card.sounds()]
    assert names == ["start-run", "start-walk", "finished"]  # 1-s steps: no countdown


def _tone(stream: Stream) -> str | None:
    for wav in bundled_sounds_dir().glob("*.wav"):
        if stream.same_as(wav):
            return wav.stem
    return None
