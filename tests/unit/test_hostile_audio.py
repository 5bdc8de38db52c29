"""The audio side never reads a huge or special file, and speech text is never an option."""

from __future__ import annotations

import os
import threading
import wave
from pathlib import Path

import pytest

from timer_tui.audio.clips import read_clip
from timer_tui.core.field_types import MAX_WAV_BYTES


def write_wav(path: Path, frames: int = 100) -> Path:
    with wave.open(str(path), "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(8000)
        w.writeframes(b"\1\0" * frames)
    return path


def test_read_clip_reads_a_small_wav(tmp_path: Path) -> None:
    clip = read_clip(write_wav(tmp_path / "ok.wav"))
    assert len(clip.frames) == 200


def test_read_clip_refuses_a_huge_wav_without_reading_it(tmp_path: Path) -> None:
    """A 2 GB sparse WAV with a valid header: once 1.9 GB of RSS in the audio process."""
    wav = write_wav(tmp_path / "big.wav")
    with wav.open("r+b") as f:
        f.truncate(2 * 1024**3)
    with pytest.raises(ValueError, match="MiB"):
        read_clip(wav)
    assert MAX_WAV_BYTES < 2 * 1024**3


def test_read_clip_refuses_a_fifo_without_blocking(tmp_path: Path) -> None:
    fifo = tmp_path / "cue.wav"
    os.mkfifo(fifo)
    errors: list[BaseException] = []

    def read() -> None:
        try:
            read_clip(fifo)
        except Exception as exc:
            errors.append(exc)

    reader = threading.Thread(target=read)
    reader.start()
    reader.join(2)
    if reader.is_alive():
        with fifo.open("wb"):
            pass
        pytest.fail("read_clip opened the FIFO and blocked")
    assert errors and "regular file" in str(errors[0])


RECORDING_ENGINE = """\
#!{python}
import json, sys, wave
args = sys.argv[1:]
text = sys.stdin.read()
with open({log!r}, "a") as log:
    log.write(json.dumps({{"argv": args, "stdin": text}}) + "\\n")
if any(a.startswith("-f") and a != "-f" for a in args) or "--version" in args:
    sys.exit(3)  # what a real engine does with them: read a file, print its version
out = args[args.index("-w") + 1]
with wave.open(out, "wb") as w:
    w.setnchannels(1); w.setsampwidth(2); w.setframerate(22050)
    w.writeframes(b"\\x10\\x00" * 2205)
"""


def test_speech_text_is_never_an_option_of_the_engine(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`say = "-f/etc/passwd"` once made espeak-ng read /etc/passwd aloud; a step named
    `--version` was an option too. The engine here is a real executable on PATH."""
    import json
    import sys

    from timer_tui.audio.speech import find_engine, render_all
    from timer_tui.core.cues import CueKind, distinct_cues
    from timer_tui.core.loader import parse_session
    from timer_tui.core.timeline import expand

    log = tmp_path / "argv.log"
    script = tmp_path / "bin" / "espeak-ng"
    script.parent.mkdir()
    script.write_text(RECORDING_ENGINE.format(python=sys.executable, log=str(log)))
    script.chmod(0o755)
    monkeypatch.setenv("PATH", f"{script.parent}{os.pathsep}{os.environ['PATH']}")
    session = parse_session(
        'name = "x"\n[[steps]]\nduration = 5\nsay = "-f/etc/passwd"\n'
        '[[steps]]\nname = "--version"\nduration = 5\n'
    ).session
    assert session is not None
    texts = [
        c.sound for c in distinct_cues(expand(session), session.cues) if c.kind is CueKind.SPEECH
    ]
    assert "-f/etc/passwd" in texts
    assert any(t.startswith("--version") for t in texts)
    engine = find_engine()
    assert engine is not None and engine.path == str(script)
    rendered = render_all(engine, texts, tmp_path / "cache")
    assert set(rendered) == set(texts), "every text rendered, none refused as an option"
    calls = [json.loads(line) for line in log.read_text().splitlines()]
    assert sorted(c["stdin"] for c in calls) == sorted(texts)
    for call in calls:
        assert not any(t in arg for t in texts for arg in call["argv"]), call["argv"]
