"""Speech rendering: the cache by text, and what happens when the engine fails."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from timer_tui.audio.speech import SpeechEngine, cache_path, find_engine, render, render_all

FAKE_ENGINE = """\
import sys, wave
args = sys.argv[1:]
out = args[args.index("-w") + 1]
text = sys.stdin.read()
with open(sys.argv[0] + ".log", "a") as log:
    log.write(text + "\\n")
if text == "fail":
    sys.exit(1)
with wave.open(out, "wb") as w:
    w.setnchannels(1); w.setsampwidth(2); w.setframerate(22050)
    w.writeframes(b"\\x10\\x00" * 2205 * len(text))
"""


@pytest.fixture
def engine(tmp_path: Path) -> SpeechEngine:
    script = tmp_path / "fake_espeak.py"
    script.write_text(FAKE_ENGINE)
    return SpeechEngine("fake", sys.executable, (str(script),))


def calls(engine: SpeechEngine) -> list[str]:
    log = Path(engine.args[0] + ".log")
    return log.read_text().splitlines() if log.exists() else []


def test_each_text_is_rendered_once_then_read_from_the_cache(
    engine: SpeechEngine, tmp_path: Path
) -> None:
    cache = tmp_path / "cache"
    first = render_all(engine, ["Run, 90 seconds", "halfway", "Run, 90 seconds"], cache)
    assert set(first) == {"Run, 90 seconds", "halfway"}
    again = render_all(engine, ["halfway", "Run, 90 seconds"], cache)
    assert again == first
    assert sorted(calls(engine)) == ["Run, 90 seconds", "halfway"]
    assert not [p for p in cache.iterdir() if p.name.startswith(".")]  # no partial files left


def test_a_failed_render_is_left_out_and_leaves_nothing_behind(
    engine: SpeechEngine, tmp_path: Path
) -> None:
    cache = tmp_path / "cache"
    assert render(engine, "fail", cache) is None
    assert render_all(engine, ["fail", "ok"], cache).keys() == {"ok"}
    assert [p.name for p in cache.iterdir()] == [cache_path(engine, "ok", cache).name]


def test_the_cache_key_is_the_engine_its_options_and_the_text(tmp_path: Path) -> None:
    a = SpeechEngine("espeak-ng", "/usr/bin/espeak-ng", ("-s", "170"))
    b = SpeechEngine("espeak-ng", "/usr/bin/espeak-ng", ("-s", "140"))
    assert cache_path(a, "Run", tmp_path) == cache_path(a, "Run", tmp_path)
    assert cache_path(a, "Run", tmp_path) != cache_path(a, "Walk", tmp_path)
    assert cache_path(a, "Run", tmp_path) != cache_path(b, "Run", tmp_path)


def test_commands_for_espeak_and_say(tmp_path: Path) -> None:
    """No text in the argv: it goes in on stdin, where it can never be an option."""
    out = tmp_path / "o.wav"
    espeak = SpeechEngine("espeak-ng", "/usr/bin/espeak-ng", ("-s", "170"))
    assert espeak.command(out) == ["/usr/bin/espeak-ng", "-s", "170", "-w", str(out), "--stdin"]
    say = SpeechEngine("say", "/usr/bin/say")
    assert say.command(out) == [
        "/usr/bin/say",
        "-o",
        str(out),
        "--data-format=LEI16@22050",
        "-f",
        "-",
    ]


def test_no_engine_on_path_means_none(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("PATH", str(tmp_path))
    assert find_engine() is None
