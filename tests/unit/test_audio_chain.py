"""The backend chain without a sound card: its order, why each was passed over, the
config's ``[audio] backend``, the system players as real processes, and miniaudio's
feed against a stand-in device."""

from __future__ import annotations

import threading
import time
import wave
from pathlib import Path
from typing import Any

import pytest

from timer_tui.audio import outputs
from timer_tui.audio.clips import Clip
from timer_tui.audio.hints import NOT_FOUND, NOT_INSTALLED
from timer_tui.audio.outputs import (
    CHAIN,
    Choice,
    DeviceCloser,
    MiniaudioPlaying,
    Opened,
    Unavailable,
    choose,
    describe_error,
)
from timer_tui.audio.players import PlayerOutput
from timer_tui.library.audio_config import AUDIO_BACKENDS
from timer_tui.library.config import parse_config


def test_the_config_names_exactly_the_chain_plus_auto_and_bell() -> None:
    assert ("auto", *CHAIN, "bell") == AUDIO_BACKENDS
    assert CHAIN == ("simpleaudio", "miniaudio", "pw-play", "paplay", "aplay", "afplay")


def test_the_config_picks_a_backend() -> None:
    config = parse_config('[audio]\nbackend = "aplay"\n')
    assert config.errors == () and config.audio_backend == "aplay"
    assert parse_config("").audio_backend == "auto"


def test_an_unknown_backend_is_a_located_error_listing_the_allowed_ones(tmp_path: Path) -> None:
    config = parse_config('# sound\n[audio]\nbackend = "alsa"\n', tmp_path / "config.toml")
    assert config.audio_backend == "auto"
    (error,) = config.errors
    assert error.format() == (
        f"{tmp_path / 'config.toml'}:3:1: audio.backend: found 'alsa'; did you mean `aplay`?;"
        ' expected one of "auto", "simpleaudio", "miniaudio", "pw-play", "paplay", "aplay",'
        ' "afplay", "bell"'
    )


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("[audio]\nbackend = 3\n", "found a int; expected one of"),
        ("[audio]\nbakend = 'aplay'\n", "unknown key `bakend`; did you mean `backend`? in [audio]"),
        ("audio = 1\n", "expected a table: [audio]"),
    ],
)
def test_other_audio_mistakes_are_errors_too(text: str, message: str) -> None:
    config = parse_config(text)
    assert config.audio_backend == "auto"
    assert len(config.errors) == 1 and message in config.errors[0].message


class FakeOutput:
    clips: dict[str, Clip]

    def __init__(self, fails: str | None = None) -> None:
        self.fails = fails
        self.clips = {}
        self.closed = False

    def load(self, key: str, clip: Clip) -> None:
        self.clips[key] = clip

    def play(self, key: str) -> Any:
        raise AssertionError("not played in these tests")

    def seconds(self, key: str) -> float:
        return 0.0

    def probe(self) -> None:
        if self.fails:
            raise RuntimeError(self.fails)

    def close(self) -> None:
        self.closed = True


def fake_chain(monkeypatch: pytest.MonkeyPatch, found: dict[str, str | None]) -> list[str]:
    """``open_backend`` over ``found``: name -> None (opens) or why it does not; returns the order tried."""
    tried: list[str] = []

    def open_backend(name: str) -> Opened:
        tried.append(name)
        why = found.get(name, NOT_FOUND)
        if why is not None:
            raise Unavailable(why)
        return Opened(name, FakeOutput(), "1.0")

    monkeypatch.setattr(outputs, "open_backend", open_backend)
    return tried


def test_auto_takes_the_first_backend_that_opens_and_says_why_the_others_were_passed_over(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    tried = fake_chain(
        monkeypatch,
        {
            "simpleaudio": NOT_INSTALLED,
            "miniaudio": "no sound device could be opened (x)",
            "aplay": None,
        },
    )
    choice = choose("auto")
    assert tried == ["simpleaudio", "miniaudio", "pw-play", "paplay", "aplay"]
    assert choice.opened is not None and choice.opened.name == "aplay"
    assert choice.passed == [
        ("simpleaudio", NOT_INSTALLED),
        ("miniaudio", "no sound device could be opened (x)"),
        ("pw-play", NOT_FOUND),
        ("paplay", NOT_FOUND),
    ]


def test_a_named_backend_is_the_only_one_tried(monkeypatch: pytest.MonkeyPatch) -> None:
    tried = fake_chain(monkeypatch, {"simpleaudio": None, "paplay": "paplay could not play (x)"})
    choice = choose("paplay")
    assert tried == ["paplay"] and choice.opened is None
    assert choice.reason == "paplay could not play (x)"


def test_why_nothing_plays_is_the_first_installed_backends_trouble() -> None:
    device = "no sound device could be opened (No such file or directory)"
    passed = [("simpleaudio", NOT_INSTALLED), ("miniaudio", device), ("aplay", "aplay failed")]
    assert Choice(None, passed).reason == device
    nothing = [
        (name, NOT_INSTALLED if name in ("simpleaudio", "miniaudio") else NOT_FOUND)
        for name in CHAIN
    ]
    assert Choice(None, nothing).reason == "no audio library or player is installed"
    assert Choice(None, [("simpleaudio", NOT_INSTALLED)]).reason == "simpleaudio is not installed"


def test_miniaudio_errors_read_as_sentences() -> None:
    class MiniaudioError(Exception):
        pass

    assert describe_error(MiniaudioError("failed to init device", -401)) == (
        "no sound device could be opened (miniaudio: the device did not open)"
    )
    assert describe_error(MiniaudioError("failed to start audio device", -9)) == (
        "the sound device failed (miniaudio: failed to start audio device, error -9)"
    )


def player(tmp_path: Path, name: str, script: str) -> PlayerOutput:
    """A real process standing in for a player: ``script`` gets the WAV's path as $1."""
    tool = tmp_path / name
    tool.write_text(f"#!/bin/sh\n{script}\n")
    tool.chmod(0o755)
    return PlayerOutput(name, str(tool))


TONE = Clip(b"\x01\x00" * 2205, 1, 2, 22050)


def test_a_player_plays_the_clip_written_out_as_a_wav_and_is_stopped_by_ending_it(
    tmp_path: Path,
) -> None:
    copy = tmp_path / "played.wav"
    # Copied under another name, then renamed: the test reads it once it exists, whole.
    script = (
        f'case "$2" in *probe.wav) exit 0;; esac; cp "$2" {copy}.part; mv {copy}.part {copy};'
        " exec sleep 5"
    )  # $1: -q
    output = player(tmp_path, "aplay", script)
    try:
        output.probe()
        output.load("tone:t", TONE)
        playing = output.play("tone:t")
        deadline = time.monotonic() + 5
        while not copy.exists() and time.monotonic() < deadline:
            time.sleep(0.01)
        with wave.open(str(copy), "rb") as w:
            assert w.readframes(w.getnframes()) == TONE.frames
        assert playing.is_playing()
        playing.stop()
        deadline = time.monotonic() + 5
        while playing.is_playing() and time.monotonic() < deadline:
            time.sleep(0.01)
        assert not playing.is_playing()
    finally:
        output.close()


def test_a_player_that_cannot_play_is_passed_over_with_its_own_last_words(tmp_path: Path) -> None:
    output = player(tmp_path, "paplay", 'echo "Connection failure: Connection refused" >&2; exit 1')
    with pytest.raises(
        RuntimeError, match=r"paplay could not play \(Connection failure: Connection refused\)"
    ):
        output.probe()
    output.close()


class FakeDevice:
    def __init__(self) -> None:
        self.closed = threading.Event()

    def close(self) -> None:
        self.closed.set()


def drive(playing: MiniaudioPlaying, frames: int = 441) -> tuple[bytes, int]:
    """Pull the feed as a device that takes samples as fast as it can would, until the
    sound is done (its device is then closed, and pulls no more); (bytes, calls)."""
    feed = playing.generator()
    next(feed)
    got = b""
    calls = 0
    while playing.is_playing():
        got += bytes(feed.send(frames))
        calls += 1
    return got, calls


def test_miniaudio_feed_gives_the_clip_whole_then_keeps_to_real_time_until_the_device_has_played_it() -> (
    None
):
    closer = DeviceCloser()
    device = FakeDevice()
    clip = Clip(bytes(range(256)) * 10, 1, 2, 22050)  # 1280 frames: 58 ms
    playing = MiniaudioPlaying(device, clip, closer)
    started = time.monotonic()
    got, calls = drive(playing)
    took = time.monotonic() - started
    assert got == clip.frames
    # The sound is done once the clip and its tail have played, by the clock...
    assert clip.seconds + outputs.DEVICE_TAIL - 0.01 < took < 1.0
    # ...and a device that never waits is held to real time, not fed silence as fast as it asks.
    assert calls * 441 / 22050 < took + outputs.MAX_AHEAD + 0.05
    assert not playing.is_playing()
    assert device.closed.wait(2)


def test_a_done_miniaudio_feed_still_keeps_time_until_its_device_closes() -> None:
    """Between the sound's end and its device's close the device still pulls: an ended
    feed let miniaudio fill silence as fast as the device took it (on ALSA's null, a
    17 s stream for a 0.4 s tone); the feed goes on, empty and held to real time."""
    playing = MiniaudioPlaying(FakeDevice(), Clip(bytes(2 * 441), 1, 2, 22050), DeviceCloser())
    feed = playing.generator()
    next(feed)
    while playing.is_playing():
        feed.send(441)
    started = time.monotonic()
    pulled = [bytes(feed.send(441)) for _ in range(60)]  # 1.2 s of frames asked for
    took = time.monotonic() - started
    assert pulled == [b""] * 60
    assert took > 1.2 - outputs.MAX_AHEAD - 0.1


def test_a_stopped_miniaudio_sound_goes_silent_at_once_and_keeps_time_until_its_device_closes() -> (
    None
):
    """A cut is heard at once (the feed gives nothing more of the clip), but the feed does
    not end: an ended feed let miniaudio fill silence as fast as the device took it until
    the closer got to it (on ALSA's null, a 1.36 s stream for the 10 ms probe, CI)."""
    closer = DeviceCloser()
    device = FakeDevice()
    clip = Clip(bytes(2 * 22050 * 5), 1, 2, 22050)  # 5 s
    playing = MiniaudioPlaying(device, clip, closer)
    feed = playing.generator()
    next(feed)
    assert len(feed.send(441)) == 882
    assert playing.is_playing()
    playing.stop()
    started = time.monotonic()
    pulled = [bytes(feed.send(441)) for _ in range(60)]  # 1.2 s of frames asked for
    took = time.monotonic() - started
    assert pulled == [b""] * 60
    assert took > 1.2 - outputs.MAX_AHEAD - 0.1
    assert not playing.is_playing()
    assert device.closed.wait(2)
