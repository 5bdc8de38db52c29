"""doctor's chain from what the audio process said: in use, passed over (why), spare."""

from __future__ import annotations

import io

from timer_tui.audio.backends import StartResult
from timer_tui.audio.doctor import Surveyed, _report_chain
from timer_tui.audio.hints import NOT_FOUND, NOT_INSTALLED, install_hint

DEVICE = "no sound device could be opened (x)"
SURVEY = [
    Surveyed("simpleaudio", False, None, NOT_INSTALLED),
    Surveyed("miniaudio", True, "1.71, through ALSA", ""),
    Surveyed("pw-play", False, None, NOT_FOUND),
    Surveyed("paplay", False, None, "paplay could not play (Connection refused)"),
    Surveyed("aplay", True, "/usr/bin/aplay", ""),
    Surveyed("afplay", False, None, NOT_FOUND),
]


def chain(result: StartResult, choice: str) -> list[str]:
    out = io.StringIO()
    _report_chain(out, result, choice, SURVEY)
    return out.getvalue().splitlines()


def test_auto_shows_why_each_before_the_one_in_use_was_passed_over_and_the_rest_as_spare() -> None:
    result = StartResult(backend="miniaudio", passed=[("simpleaudio", NOT_INSTALLED)])
    assert chain(result, "auto") == [
        "backends:       in the order tried (the default; [audio] backend in the config)",
        f"  simpleaudio   passed over: not installed; to install: {install_hint('simpleaudio')}",
        "  miniaudio     in use",
        "  pw-play       unavailable: not found on PATH",
        "  paplay        unavailable: paplay could not play (Connection refused)",
        "  aplay         available (/usr/bin/aplay)",
        "  afplay        unavailable: not found on PATH",
        "  terminal bell the last resort",
    ]


def test_a_backend_named_in_the_config_leaves_the_others_as_found() -> None:
    result = StartResult(backend="aplay", passed=[])
    lines = chain(result, "aplay")
    assert lines[0].startswith('backends:       in the order tried (the config names "aplay";')
    assert "  miniaudio     available (1.71, through ALSA)" in lines
    assert "  aplay         in use" in lines


def test_with_nothing_playing_every_backend_is_passed_over_and_the_bell_is_in_use() -> None:
    passed = [
        ("simpleaudio", NOT_INSTALLED),
        ("miniaudio", DEVICE),
        ("pw-play", NOT_FOUND),
        ("paplay", "paplay could not play (Connection refused)"),
        ("aplay", "aplay could not play (no card)"),
        ("afplay", NOT_FOUND),
    ]
    result = StartResult(failure=DEVICE, passed=passed)
    lines = chain(result, "auto")
    assert f"  miniaudio     passed over: {DEVICE}" in lines
    assert "  aplay         passed over: aplay could not play (no card)" in lines
    assert lines[-1] == "  terminal bell in use"
