"""Real sessions through the real player, heard by the ALSA capture card in conftest.py.

Each test runs ``timer-tui run SESSION --plain`` as a user would and then
checks what reached the "speaker": which sounds, in what order, how long, and
when. Tones are compared byte for byte with the bundled WAVs. The tests that
take ``backend`` run once on each library backend (simpleaudio, miniaudio);
the tones and the cut-short rule also on aplay, the system player.
"""

from __future__ import annotations

import os
import re
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.audio.conftest import SoundCard, Stream, backend_missing, requires_espeak, use_backend
from tests.conftest import REPO, run_timer_tui, start_timer_tui
from timer_tui.audio.hints import speech_hint
from timer_tui.library.paths import bundled_sounds_dir

pytestmark = [pytest.mark.audio, pytest.mark.e2e]

SOUNDS = bundled_sounds_dir()

RUN_WALK = """\
name = "Audio check"

[cues]
countdown = 1
halfway = false

[[steps]]
kind = "run"
name = "Run"
duration = 3

[[steps]]
kind = "walk"
name = "Walk"
duration = 3
"""

SHORT = """\
name = "Short"

[[steps]]
kind = "work"
name = "Work"
duration = 1

[[steps]]
kind = "rest"
name = "Rest"
duration = 1
"""

LONG_WORDS = """\
name = "Cut short"

[cues]
countdown = 2

[[steps]]
kind = "run"
name = "Run"
duration = 3
say = "Run now, and keep an easy, steady and comfortable pace, all the way to the very end of it"
"""


def run_session(
    tmp_path: Path, toml: str, env: dict[str, str], *args: str, timeout: float = 30
) -> subprocess.CompletedProcess[str]:
    session = tmp_path / "session.toml"
    session.write_text(toml)
    return run_timer_tui("run", str(session), "--plain", *args, env=env, timeout=timeout)


def tone_name(stream: Stream) -> str | None:
    for wav in SOUNDS.glob("*.wav"):
        if stream.same_as(wav):
            return wav.stem
    return None


def describe(sounds: list[Stream]) -> list[str]:
    """Each sound as its tone's name, or "speech" for anything that is not a bundled tone."""
    return [tone_name(s) or "speech" for s in sounds]


def offsets(sounds: list[Stream]) -> list[float]:
    return [round(s.start - sounds[0].start, 2) for s in sounds]


def timings(sounds: list[Stream]) -> list[tuple[str, float, float]]:
    """Each sound's name, start and end, in seconds from the first: for failure messages."""
    start = sounds[0].start
    return [
        (name, round(s.start - start, 3), round(s.start - start + s.seconds, 3))
        for name, s in zip(describe(sounds), sounds, strict=True)
    ]


def assert_on_time(
    sounds: list[Stream], expected: dict[int, float], tolerance: float = 0.1
) -> None:
    """Tone ``i`` started ``expected[i]`` seconds after the first sound, within ``tolerance``."""
    start = sounds[0].start
    for index, at in expected.items():
        assert abs(sounds[index].start - start - at) < tolerance, (index, offsets(sounds))


@requires_espeak
@pytest.mark.parametrize("card_kind", ["card", "unpaced_card"])
def test_a_session_with_voice_sounds_each_cue_in_order_and_on_time(
    tmp_path: Path,
    card_kind: str,
    backend: str,
    request: pytest.FixtureRequest,
    subprocess_env: dict[str, str],
) -> None:
    """Also through a card that takes each clip at once (the issue's ``.asoundrc``, ALSA's
    ``null``), which reports a tone done before it has sounded."""
    card: SoundCard = request.getfixturevalue(card_kind)
    done = run_session(tmp_path, RUN_WALK, card.env(subprocess_env))
    assert done.returncode == 0, done.stderr
    assert done.stderr == ""  # no notice: audio and speech both work
    sounds = card.sounds()
    assert describe(sounds) == [
        "start-run",
        "speech",  # "Run, 3 seconds"
        "countdown",
        "start-walk",
        "speech",  # "Walk, 3 seconds"
        "countdown",
        "finished",
        "speech",  # "session complete": let to finish after the session ends
    ]
    assert_on_time(sounds, {2: 2.0, 3: 3.0, 5: 5.0, 6: 6.0})
    for index in (1, 4, 7):
        words = sounds[index]
        assert 0.7 < words.seconds < 2.5, words.seconds
        # The words follow their tone once it has played: two streams never overlap
        # (on a card without mixing the second would not even open).
        tone = sounds[index - 1]
        assert words.start >= tone.start + tone.seconds, timings(sounds)


@pytest.mark.parametrize("name", ["simpleaudio", "miniaudio", "aplay"])
def test_without_voice_only_the_tones_play_each_exactly_as_bundled(
    tmp_path: Path, card: SoundCard, name: str, subprocess_env: dict[str, str]
) -> None:
    if backend_missing(name):
        pytest.skip(backend_missing(name) or "")
    use_backend(name)
    done = run_session(tmp_path, RUN_WALK, card.env(subprocess_env), "--no-voice")
    assert done.returncode == 0, done.stderr
    sounds = card.sounds()
    assert describe(sounds) == ["start-run", "countdown", "start-walk", "countdown", "finished"]
    assert_on_time(sounds, {1: 2.0, 2: 3.0, 3: 5.0, 4: 6.0})


@pytest.mark.skipif(not Path("/proc/self/task").exists(), reason="needs /proc")
def test_mute_opens_no_device_and_starts_no_audio_process(
    tmp_path: Path, card: SoundCard, subprocess_env: dict[str, str]
) -> None:
    session = tmp_path / "session.toml"
    session.write_text(SHORT)
    proc = start_timer_tui("run", str(session), "--plain", "--mute", env=card.env(subprocess_env))
    assert proc.stdout is not None
    assert "start" in proc.stdout.readline()
    time.sleep(0.3)
    assert worker_pids(proc.pid) == []
    out, err = proc.communicate(timeout=20)
    assert proc.returncode == 0, err
    assert "session complete" in out
    assert card.streams() == []  # not even the device probe's 10 ms of silence


def test_mute_then_m_turns_sound_on_without_delaying_the_timer(
    tmp_path: Path, card: SoundCard, subprocess_env: dict[str, str]
) -> None:
    session = tmp_path / "session.toml"
    session.write_text(RUN_WALK)
    proc = start_timer_tui(
        "run",
        str(session),
        "--plain",
        "--mute",
        "--no-voice",
        env=card.env(subprocess_env),
        stdin=subprocess.PIPE,
    )
    assert proc.stdout is not None and proc.stdin is not None
    assert "start" in proc.stdout.readline()
    started = time.monotonic()
    time.sleep(0.5)
    assert card.streams(settle=0) == []
    unmuted = time.time()
    proc.stdin.write("m\n")
    proc.stdin.flush()
    lines = []
    for line in proc.stdout:  # each line as it comes: when the timer said it
        lines.append(line)
        if "session complete" in line:
            break
    ended = time.monotonic()
    rest, err = proc.communicate(timeout=20)
    out = "".join(lines) + rest
    assert proc.returncode == 0, err
    assert "unknown key" not in out
    # The 6 s session, not held up by the player (the last tone then plays out before exit).
    assert ended - started < 6.4, out
    streams = card.streams()
    assert streams and all(s.start > unmuted for s in streams)
    # The player is ready well before the first beep at 2 s; the run's tone was muted.
    assert describe(card.sounds()) == ["countdown", "start-walk", "countdown", "finished"]
    assert_on_time(card.sounds(), {1: 1.0, 2: 3.0, 3: 4.0})


def test_m_mutes_a_running_session_from_the_keyboard(
    tmp_path: Path, card: SoundCard, subprocess_env: dict[str, str]
) -> None:
    session = tmp_path / "session.toml"
    session.write_text(SHORT)
    proc = start_timer_tui(
        "run",
        str(session),
        "--plain",
        "--no-voice",
        env=card.env(subprocess_env),
        stdin=subprocess.PIPE,
    )
    assert proc.stdout is not None and proc.stdin is not None
    assert "start" in proc.stdout.readline()
    time.sleep(0.5)
    proc.stdin.write("m\n")
    proc.stdin.flush()
    out, _ = proc.communicate(timeout=20)
    assert proc.returncode == 0
    assert "unknown key" not in out  # "m" went to the audio, not to the engine
    assert describe(card.sounds()) == ["start-work"]  # the rest tone and the finish are muted


@requires_espeak
@pytest.mark.parametrize("name", ["simpleaudio", "miniaudio", "aplay"])
def test_words_are_cut_short_by_a_countdown_beep_which_is_not_delayed(
    tmp_path: Path, card: SoundCard, name: str, subprocess_env: dict[str, str]
) -> None:
    if backend_missing(name):
        pytest.skip(backend_missing(name) or "")
    use_backend(name)
    done = run_session(tmp_path, LONG_WORDS, card.env(subprocess_env), timeout=30)
    assert done.returncode == 0, done.stderr
    sounds = card.sounds()
    assert describe(sounds)[:4] == ["start-run", "speech", "countdown", "countdown"]
    assert_on_time(sounds, {2: 1.0, 3: 2.0})
    # Said in full this sentence takes about five seconds; it was cut after ~0.6 s
    # (plus what the device had buffered).
    assert sounds[1].seconds < 1.5, sounds[1].seconds


def alsa_is_noisy_here(home: Path) -> bool:
    """Whether ALSA itself prints to stderr with this HOME: the noise the player must hide."""
    aplay = shutil.which("aplay")
    if aplay is None:
        return False
    env = dict(os.environ, HOME=str(home))
    done = subprocess.run(
        [aplay, "-q", str(SOUNDS / "countdown.wav")],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    return done.returncode != 0 and "ALSA lib" in done.stderr


def test_with_no_sound_device_the_session_runs_and_says_once_that_audio_is_off(
    tmp_path: Path, no_card: Path, subprocess_env: dict[str, str]
) -> None:
    if not alsa_is_noisy_here(no_card):
        pytest.skip("aplay is missing, or ALSA found a device even with card 99")
    env = dict(subprocess_env, HOME=str(no_card))
    started = time.monotonic()
    done = run_session(tmp_path, SHORT, env)
    assert done.returncode == 0
    assert time.monotonic() - started < 10
    assert done.stdout.splitlines()[-1].endswith("session complete")
    assert "ALSA" not in done.stdout + done.stderr
    notices = [line for line in done.stderr.splitlines() if "Audio is off" in line]
    assert len(notices) == 1, done.stderr
    # alsa-lib's reason ("Invalid argument" here) varies with its version
    assert re.fullmatch(
        r"timer-tui: Audio is off: no sound device could be opened \(.+\); cues use the terminal bell\.",
        notices[0],
    )


def blocked_libraries(tmp_path: Path, env: dict[str, str], *, players: bool) -> dict[str, str]:
    """``env`` in which neither audio library imports (nor, unless ``players``, any player)."""
    blocker = tmp_path / "block"
    blocker.mkdir()
    for name in ("simpleaudio", "miniaudio"):
        (blocker / f"{name}.py").write_text("raise ImportError('not installed')\n")
    env = dict(env, PYTHONPATH=str(blocker))
    if not players:
        tools = tmp_path / "tools"
        tools.mkdir()
        env["PATH"] = str(tools)
    return env


def test_with_no_audio_library_or_player_it_says_how_to_turn_sound_on(
    tmp_path: Path, subprocess_env: dict[str, str]
) -> None:
    done = run_session(tmp_path, SHORT, blocked_libraries(tmp_path, subprocess_env, players=False))
    assert done.returncode == 0
    notices = [line for line in done.stderr.splitlines() if "Audio is off" in line]
    assert notices == [
        "timer-tui: Audio is off: no audio library or player is installed; cues use the"
        f" terminal bell. Turn it on with: make -C {REPO} audio"
    ]


def test_a_backend_named_in_the_config_that_is_missing_is_named_with_its_install_command(
    tmp_path: Path, subprocess_env: dict[str, str]
) -> None:
    use_backend("simpleaudio")
    done = run_session(tmp_path, SHORT, blocked_libraries(tmp_path, subprocess_env, players=True))
    assert done.returncode == 0
    notices = [line for line in done.stderr.splitlines() if "Audio is off" in line]
    assert len(notices) == 1, done.stderr
    assert "simpleaudio is not installed; cues use the terminal bell." in notices[0]
    if sys.platform.startswith("linux") and shutil.which("apt-get"):
        assert notices[0].endswith(
            f"Turn it on with: sudo apt-get install -y libasound2-dev && make -C {REPO} audio"
        )


def worker_pids(parent: int) -> list[int]:
    children = Path(f"/proc/{parent}/task/{parent}/children")
    return [int(p) for p in children.read_text().split()] if children.exists() else []


@pytest.mark.skipif(not Path("/proc/self/task").exists(), reason="needs /proc")
def test_a_crash_in_the_audio_process_never_stops_the_timer(
    tmp_path: Path, card: SoundCard, subprocess_env: dict[str, str]
) -> None:
    session = tmp_path / "session.toml"
    session.write_text(RUN_WALK)
    proc = start_timer_tui(
        "run", str(session), "--plain", "--no-voice", env=card.env(subprocess_env)
    )
    assert proc.stdout is not None
    assert "start" in proc.stdout.readline()
    deadline = time.monotonic() + 3
    while not card.sounds() and time.monotonic() < deadline:
        pass  # wait for the first tone...
    time.sleep(0.5)  # ...to be played whole
    (worker,) = worker_pids(proc.pid)
    os.kill(worker, signal.SIGSEGV)  # what a native crash in simpleaudio looks like
    started = time.monotonic()
    out, err = proc.communicate(timeout=20)
    assert proc.returncode == 0
    assert out.splitlines()[-1].endswith("session complete")
    assert time.monotonic() - started < 7  # the 6 s session, not delayed
    notices = [line for line in err.splitlines() if "Audio is off" in line]
    assert notices == [
        "timer-tui: Audio is off: the audio process crashed (signal 11); cues use the terminal bell."
    ]
    assert describe(card.sounds()) == ["start-run"]


def test_without_a_speech_engine_it_says_so_once(
    tmp_path: Path, card: SoundCard, subprocess_env: dict[str, str]
) -> None:
    # A working card: with no device no speech is rendered, so none is looked for.
    tools = tmp_path / "no-espeak"
    tools.mkdir()
    for tool in ("sh", "cat", "date"):  # what the capture card's script runs; no espeak
        found = shutil.which(tool)
        assert found is not None
        (tools / tool).symlink_to(found)
    env = dict(card.env(subprocess_env), PATH=str(tools))
    done = run_session(tmp_path, SHORT, env)
    assert done.returncode == 0
    assert "Audio is off" not in done.stderr
    assert describe(card.sounds()) == ["start-work", "start-rest", "finished"]
    notices = [line for line in done.stderr.splitlines() if "speech engine" in line]
    assert notices == [
        f"timer-tui: No speech engine found, so cues are tones only. For spoken cues: {speech_hint()}."
    ]


def test_closing_without_waiting_returns_at_once_and_the_last_sound_still_plays_whole(
    card: SoundCard, monkeypatch: pytest.MonkeyPatch
) -> None:
    from timer_tui.audio import create_cue_subscriber
    from timer_tui.core.engine import Engine
    from timer_tui.core.model import CueSettings, Kind, Session, Step
    from timer_tui.core.timeline import expand

    monkeypatch.setenv("HOME", str(card.home))
    session = Session(
        name="t", steps=(Step(Kind.RUN, "Run", duration=1),), cues=CueSettings(voice=False)
    )
    timeline = expand(session)
    notices: list[str] = []
    cues = create_cue_subscriber(session, timeline, notify=notices.append)
    cues.prepare()
    engine = Engine(timeline, cues=session.cues)
    engine.subscribe(cues)
    engine.start()
    time.sleep(1.0)
    engine.poll()
    assert engine.status.is_over
    before = time.monotonic()
    cues.close(wait=False)
    assert time.monotonic() - before < 0.05
    time.sleep(1.0)
    assert notices == []
    assert describe(card.sounds()) == ["start-run", "finished"]


def test_no_stream_outlasts_its_sound_on_a_card_that_takes_samples_at_once(
    tmp_path: Path, unpaced_card: SoundCard, backend: str, subprocess_env: dict[str, str]
) -> None:
    """On ALSA's ``null`` (or a file) nothing paces the device: a miniaudio stream whose
    feed had ended was filled with silence as fast as the card took it until it was
    closed (17 s of it after a 0.4 s tone), and the CPU that took."""
    done = run_session(tmp_path, RUN_WALK, unpaced_card.env(subprocess_env))
    assert done.returncode == 0, done.stderr
    streams = unpaced_card.streams()
    assert streams
    for stream in streams:
        length = len(stream.samples) / (stream.rate * stream.channels)
        # The sound, what the feed keeps ahead (MAX_AHEAD, 0.5 s), and the tail.
        assert length <= stream.seconds + 1.0, (length, stream.seconds)
