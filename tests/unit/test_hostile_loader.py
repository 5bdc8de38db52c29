"""Hostile and clumsy session files: each is a located error, never an exception or a hang."""

from __future__ import annotations

import json
import os
import threading
import time
import wave
from pathlib import Path

import pytest

from timer_tui.core.durations import DurationError, parse_duration
from timer_tui.core.field_types import MAX_WAV_BYTES, Invalid, read_wav
from timer_tui.core.loader import MAX_SESSION_BYTES, LoadResult, load_session, parse_session

HUGE = "9" * 5000


def only_error(result: LoadResult) -> str:
    assert result.session is None
    assert len(result.errors) == 1, [e.format() for e in result.errors]
    return result.errors[0].format()


def write_wav(path: Path, frames: int = 100) -> Path:
    with wave.open(str(path), "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(8000)
        w.writeframes(b"\0\0" * frames)
    return path


@pytest.mark.parametrize(
    ("body", "line", "words"),
    [
        (f"duration = {HUGE}", 3, "too many digits"),
        (f"duration = -{HUGE}", 3, "too many digits"),
        (f'duration = "{HUGE}s"', 3, "at most 24 hours"),
        (f'duration = "{HUGE}"', 3, "at most 24 hours"),
        (f'duration = "{HUGE}:00"', 3, "at most 24 hours"),
        (f"reps = {HUGE}", 3, "too many digits"),
    ],
)
def test_numbers_past_pythons_digit_limit_are_located_errors(
    body: str, line: int, words: str
) -> None:
    text = f'name = "x"\n[[steps]]\n{body}\n'
    message = only_error(parse_session(text, Path("s.toml")))
    assert message.startswith(f"s.toml:{line}"), message
    assert words in message
    assert len(message) < 300, "the 5,000 digits are not echoed back"


def test_repeat_past_the_digit_limit() -> None:
    text = f'name = "x"\n[[steps]]\nrepeat = {HUGE}\nsteps = [{{duration = 5}}]\n'
    message = only_error(parse_session(text, Path("s.toml")))
    assert message.startswith("s.toml:3"), message


def test_duration_text_with_a_huge_number_is_a_duration_error() -> None:
    with pytest.raises(DurationError):
        parse_duration(HUGE + "s")
    with pytest.raises(DurationError):
        parse_duration("1h" + HUGE + "m")


@pytest.mark.parametrize(
    ("sound", "words"),
    [
        ('"a\\u0000b.wav"', "NUL"),
        ('"~nosuchuser-timer-tui/a.wav"', "no user"),
    ],
)
def test_bad_sound_paths_are_located_errors(sound: str, words: str, tmp_path: Path) -> None:
    path = tmp_path / "s.toml"
    path.write_text(f'name = "x"\n[[steps]]\nduration = 5\nsound = {sound}\n')
    message = only_error(load_session(path))
    assert f"{path}:4" in message
    assert words in message


def test_nul_in_a_cues_sound_is_an_error(tmp_path: Path) -> None:
    text = 'name = "x"\n[cues.sounds]\nrun = "\\u0000"\n[[steps]]\nduration = 5\n'
    assert "NUL" in only_error(parse_session(text, tmp_path / "s.toml"))


def test_a_fifo_as_sound_is_refused_without_opening_it(tmp_path: Path) -> None:
    fifo = tmp_path / "cue.wav"
    os.mkfifo(fifo)
    result: list[Path | Invalid] = []
    reader = threading.Thread(target=lambda: result.append(read_wav("cue.wav", tmp_path)))
    reader.start()
    reader.join(2)
    if reader.is_alive():  # unblock the thread so the test run can end
        with fifo.open("wb"):
            pass
        pytest.fail("read_wav opened the FIFO and blocked")
    assert isinstance(result[0], Invalid)
    assert "not a regular file" in result[0].message


@pytest.mark.parametrize("device", ["/dev/null", "/dev/zero", "/dev/tty"])
def test_devices_as_sound_are_refused(device: str, tmp_path: Path) -> None:
    checked = read_wav(device, tmp_path)
    assert isinstance(checked, Invalid)
    assert "regular file" in checked.message or "cannot" in checked.message


def test_a_wav_over_the_size_cap_is_refused_before_reading(tmp_path: Path) -> None:
    wav = write_wav(tmp_path / "big.wav")
    with wav.open("r+b") as f:
        f.truncate(MAX_WAV_BYTES + 1)  # sparse: costs no disk
    checked = read_wav("big.wav", tmp_path)
    assert isinstance(checked, Invalid)
    assert "MiB" in checked.message


def test_a_small_wav_is_accepted(tmp_path: Path) -> None:
    wav = write_wav(tmp_path / "ok.wav")
    assert read_wav("ok.wav", tmp_path) == wav


def test_a_session_file_over_the_cap_is_refused_quickly(tmp_path: Path) -> None:
    path = tmp_path / "huge.toml"
    step = "{ duration = 5 },\n"
    path.write_text('name = "x"\nsteps = [\n' + step * (4_000_000 // len(step)) + "]\n")
    started = time.process_time()  # CPU, not wall: a loaded machine must not fail it
    message = only_error(load_session(path))
    assert time.process_time() - started < 0.5
    assert "MiB" in message and "at most" in message
    assert MAX_SESSION_BYTES == 1024 * 1024


def test_a_fifo_as_session_file_is_refused_without_blocking(tmp_path: Path) -> None:
    fifo = tmp_path / "s.toml"
    os.mkfifo(fifo)
    result: list[LoadResult] = []
    reader = threading.Thread(target=lambda: result.append(load_session(fifo)))
    reader.start()
    reader.join(2)
    if reader.is_alive():
        with fifo.open("wb"):
            pass
        pytest.fail("load_session opened the FIFO and blocked")
    assert "not a regular file" in only_error(result[0])


@pytest.mark.parametrize(
    "text",
    [
        "a = " + "[" * 5000,
        "a = " + "[" * 5000 + "]" * 5000,
        "a = " + "{b = " * 3000 + "1" + "}" * 3000,
        'name = "x"\nsteps = ' + "[" * 900 + "]" * 900,
        "x = 1\n" * 3 + "\x00",
        '"\\ud800" = 1',
        "a = 1979-05-27T07:32:00Z\nb = 99999-01-01",
        "a = 0x" + "f" * 5000,
        "a = 1e99999",
    ],
)
def test_anything_tomllib_raises_is_an_error(text: str) -> None:
    result = parse_session(text, Path("s.toml"))
    assert result.session is None
    assert result.errors


def test_long_strings_are_refused_and_not_echoed_in_full() -> None:
    text = f'name = "{"n" * 5000}"\n[[steps]]\nduration = 5\n'
    message = only_error(parse_session(text, Path("s.toml")))
    assert "at most" in message
    assert len(message) < 300


@pytest.mark.parametrize(
    ("head", "step"),
    [
        ('name = "x"\nsteps = [\n', "{ duration = 5 },\n"),
        ('name = "x"\n[[steps]]\nrepeat = 2\nsteps = [\n', "{ duration = 5 },\n"),
        ('name = "x"\n', "[[steps]]\nduration = 5\n"),
    ],
)
def test_a_file_just_under_the_cap_with_too_many_steps_is_refused_fast(
    head: str, step: str, tmp_path: Path
) -> None:
    """Too many steps is known from the parsed TOML: no need to validate (and locate) each."""
    path = tmp_path / "many.toml"
    count = (MAX_SESSION_BYTES - len(head) - 10) // len(step)
    path.write_text(head + step * count + ("]\n" if head.endswith("[\n") else ""))
    assert path.stat().st_size <= MAX_SESSION_BYTES
    started = time.process_time()  # CPU, not wall: a loaded machine must not fail it
    message = only_error(load_session(path))
    assert time.process_time() - started < 0.8
    assert "more than 10000 steps" in message


@pytest.mark.parametrize(
    "program_id", ["/etc", "../../../tmp/x", "a b", "-rf", "c25k/", ".hidden", "x" * 65, "ü"]
)
def test_a_program_id_that_is_no_identifier_is_a_located_error(program_id: str) -> None:
    """The id names a folder (`export --program ID` writes into ID-FORMAT) and is typed
    after --program: a path, a leading dash or a space in it is refused."""
    text = (
        'name = "x"\n[program]\nid = '
        + json.dumps(program_id)
        + '\nweek = 1\n[[steps]]\nduration = "1m"\n'
    )
    result = parse_session(text, Path("p.toml"))
    assert not result.ok
    (error,) = result.errors
    assert error.format().startswith("p.toml:3:1: program.id: found ")
    assert error.message.endswith(
        "expected an id: letters, digits, - and _, starting with a letter or a "
        "digit, at most 64 characters"
    )


def test_program_ids_as_the_bundled_sessions_write_them() -> None:
    for program_id in ("c25k", "fitness-test", "pre-season", "My_Plan-2", "x" * 64):
        text = f'name = "x"\n[program]\nid = "{program_id}"\n[[steps]]\nduration = "1m"\n'
        assert parse_session(text, Path("p.toml")).ok, program_id
