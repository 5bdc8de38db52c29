"""The audio process's parts without a device: clips, sample formats, and its requests."""

from __future__ import annotations

import array
import io
import json
import struct
import sys
import wave
from pathlib import Path
from typing import Any

import pytest

from timer_tui.audio.clips import Clip, read_clip, to_16_bit
from timer_tui.audio.outputs import SimpleaudioOutput, describe_error
from timer_tui.audio.worker import Worker


def write_wav(path: Path, samples: list[int], *, width: int = 2, rate: int = 22050) -> Path:
    fmt = {1: "B", 2: "h", 4: "i"}
    with wave.open(str(path), "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(width)
        w.setframerate(rate)
        if width == 3:
            w.writeframes(b"".join(struct.pack("<i", s)[:3] for s in samples))
        else:
            w.writeframes(struct.pack(f"<{len(samples)}{fmt[width]}", *samples))
    return path


def test_speech_loses_its_trailing_silence_but_keeps_a_short_tail(tmp_path: Path) -> None:
    voice = [10000 if i % 2 else -10000 for i in range(2205)]  # 0.1 s
    path = write_wav(tmp_path / "s.wav", voice + [0] * 11025)  # + 0.5 s of silence
    assert read_clip(path).seconds == pytest.approx(0.6)
    trimmed = read_clip(path, trim=True)
    assert trimmed.seconds == pytest.approx(0.13, abs=0.001)


@pytest.mark.parametrize(
    ("width", "given", "expected"),
    [
        (1, [0, 128, 255], [-32768, 0, 32512]),
        (3, [-8388608, 0, 8388607], [-32768, 0, 32767]),
        (4, [-(2**31), 65536, 2**31 - 1], [-32768, 1, 32767]),
    ],
)
def test_other_sample_widths_become_16_bit(
    tmp_path: Path, width: int, given: list[int], expected: list[int]
) -> None:
    clip = read_clip(write_wav(tmp_path / "x.wav", given, width=width))
    assert clip.width == 2
    out = array.array("h", clip.frames)
    if sys.byteorder != "little":
        out.byteswap()
    assert list(out) == expected


def test_16_bit_passes_through_untouched() -> None:
    clip = Clip(b"\x01\x02\x03\x04", 1, 2, 22050)
    assert to_16_bit(clip) is clip


def test_errors_read_as_sentences() -> None:
    opening = Exception("Error opening PCM device. -- CODE: -2 -- MSG: No such file or directory")
    assert describe_error(opening) == "no sound device could be opened (No such file or directory)"
    busy = Exception("Error setting parameters. -- CODE: -16 -- MSG: Device or resource busy")
    assert describe_error(busy) == "the sound device failed (Device or resource busy)"
    assert describe_error(ValueError()) == "ValueError"


class FakePlayObject:
    def __init__(self) -> None:
        self.playing = True

    def is_playing(self) -> bool:
        return self.playing

    def stop(self) -> None:
        self.playing = False

    def wait_done(self) -> None:
        self.playing = False


class FakeSimpleaudio:
    """Stands in for the native module: records what would have been played."""

    def __init__(self) -> None:
        self.calls: list[tuple[int, int, int, int]] = []
        self.error: Exception | None = None
        self.objects: list[FakePlayObject] = []

    def play_buffer(self, data: bytes, channels: int, width: int, rate: int) -> FakePlayObject:
        if self.error is not None:
            raise self.error
        self.calls.append((len(data), channels, width, rate))
        self.objects.append(FakePlayObject())
        return self.objects[-1]


@pytest.fixture
def worker() -> tuple[Worker, FakeSimpleaudio, io.StringIO]:
    sa = FakeSimpleaudio()
    out = io.StringIO()
    return Worker(SimpleaudioOutput(sa), out), sa, out


def said(out: io.StringIO) -> list[dict[str, Any]]:
    return [json.loads(line) for line in out.getvalue().splitlines()]


def test_load_probe_play_stop_quit(
    tmp_path: Path, worker: tuple[Worker, FakeSimpleaudio, io.StringIO]
) -> None:
    w, sa, out = worker
    wav = write_wav(tmp_path / "t.wav", [1000] * 2205)
    assert w.handle({"op": "load", "key": "tone:t", "path": str(wav)})
    assert w.handle({"op": "probe"})
    assert w.handle({"op": "play", "key": "tone:t", "priority": 30, "tone": True})
    assert w.handle({"op": "play", "key": "tone:nope", "priority": 30, "tone": True})
    assert w.handle({"op": "stop"})
    assert not w.handle({"op": "quit"})
    events = [(m["event"], m.get("key"), m.get("ok")) for m in said(out)]
    assert events == [
        ("loaded", "tone:t", True),
        ("probe", None, True),
        ("started", "tone:t", None),
        ("missing", "tone:nope", None),
        ("cut", "tone:t", None),
    ]
    assert sa.calls[1] == (4410, 1, 2, 22050)
    assert not sa.objects[1].playing


def test_a_device_failure_is_reported_not_raised(
    tmp_path: Path, worker: tuple[Worker, FakeSimpleaudio, io.StringIO]
) -> None:
    w, sa, out = worker
    w.handle({"op": "load", "key": "tone:t", "path": str(write_wav(tmp_path / "t.wav", [0] * 100))})
    sa.error = Exception("Error opening PCM device. -- CODE: -16 -- MSG: Device or resource busy")
    w.handle({"op": "probe"})
    w.handle({"op": "play", "key": "tone:t", "priority": 30, "tone": True})
    assert said(out)[1:] == [
        {
            "event": "probe",
            "ok": False,
            "reason": "no sound device could be opened (Device or resource busy)",
        },
        {
            "event": "error",
            "key": "tone:t",
            "reason": "no sound device could be opened (Device or resource busy)",
        },
    ]


def test_an_unreadable_clip_is_refused_with_a_reason(
    tmp_path: Path, worker: tuple[Worker, FakeSimpleaudio, io.StringIO]
) -> None:
    w, _, out = worker
    bad = tmp_path / "bad.wav"
    bad.write_bytes(b"RIFF nonsense")
    w.handle({"op": "load", "key": "tone:bad", "path": str(bad)})
    (reply,) = said(out)
    assert reply["event"] == "loaded" and reply["ok"] is False and reply["reason"]


def test_the_worker_says_when_simpleaudio_is_missing(tmp_path: Path) -> None:
    """Run as the real process, with an import of simpleaudio that fails."""
    import subprocess

    blocker = tmp_path / "simpleaudio.py"
    blocker.write_text("raise ImportError('no simpleaudio here')\n")
    from timer_tui.audio.backends import worker_env

    env = worker_env()
    env["PYTHONPATH"] = f"{tmp_path}:{env['PYTHONPATH']}"
    done = subprocess.run(
        [sys.executable, "-m", "timer_tui.audio.worker", "--backend", "simpleaudio"],
        input=b"",
        capture_output=True,
        env=env,
        timeout=30,
        check=True,
    )
    assert json.loads(done.stdout) == {
        "event": "unavailable",
        "reason": "simpleaudio is not installed",
        "passed": [["simpleaudio", "not installed"]],
    }


def test_the_audio_process_ignores_a_timer_tui_in_the_working_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`python -m` looks in the working folder first; a decoy there must never run."""
    from timer_tui.audio.backends import WorkerBackend

    decoy = tmp_path / "timer_tui" / "audio"
    decoy.mkdir(parents=True)
    for folder in (decoy.parent, decoy):
        (folder / "__init__.py").write_text("")
    marker = tmp_path / "decoy-ran"
    (decoy / "worker.py").write_text(f"open({str(marker)!r}, 'w').close()\n")
    monkeypatch.chdir(tmp_path)
    backend = WorkerBackend()
    backend.start({}, timeout=5)
    backend.close()
    assert not marker.exists()


def test_a_clip_with_a_rate_of_zero_is_refused_and_the_next_one_loads(
    tmp_path: Path, worker: tuple[Worker, FakeSimpleaudio, io.StringIO]
) -> None:
    """The file may change after the loader checked it: one bad clip is refused on its
    own and the audio process goes on (it used to divide by the rate and die)."""
    w, _, out = worker
    bad = write_wav(tmp_path / "r0.wav", [0] * 100)
    data = bytearray(bad.read_bytes())
    data[24:28] = struct.pack("<I", 0)
    bad.write_bytes(bytes(data))
    assert w.handle({"op": "load", "key": "tone:bad", "path": str(bad)})
    assert w.handle(
        {"op": "load", "key": "tone:t", "path": str(write_wav(tmp_path / "t.wav", [0] * 100))}
    )
    refused, loaded = said(out)
    assert refused == {
        "event": "loaded",
        "key": "tone:bad",
        "ok": False,
        "reason": "a sample rate of 0 Hz (a sound is mono or stereo, 8,000 to 192,000 Hz, "
        "8 to 32 bits)",
    }
    assert loaded["ok"] is True
