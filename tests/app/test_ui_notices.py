"""Notices on the countdown (issue 12, item 7): the "Audio is off" toast sat over the
time, the session bar and the Next line for 10 s of every start, and mute had no
lasting sign. Notices now show in the top bar, never over the clock, the bars or
the next step, and the sound state has its own place there, also with ``--mute``."""

from __future__ import annotations

from typing import Any

import pytest
from textual.app import App
from textual.geometry import Region
from textual.widgets._toast import Toast

from tests.app.conftest import AudioRecorder, MakeApp, countdown, text_of
from timer_tui.library.sessions import SessionEntry
from timer_tui.ui.widgets.notices import sound_state

SIZES = [(80, 24), (100, 30), (60, 20)]


def covered(app: App[Any], region: Region) -> list[str]:
    """The ids of the parts of the countdown a region overlaps."""
    screen = countdown(app)
    return [
        part
        for part in ("#clock", "#detail", "#step-bar", "#session-bar", "#next")
        if screen.query_one(part).region.overlaps(region)
    ]


@pytest.mark.parametrize("size", SIZES)
async def test_start_up_notices_cover_no_part_of_the_countdown(
    make_app: MakeApp, intervals: SessionEntry, size: tuple[int, int]
) -> None:
    app = make_app(start=intervals, audio=AudioRecorder())  # prepare() says no speech
    async with app.run_test(size=size, notifications=True) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        screen = countdown(app)
        visible = [t for t in screen.query(Toast) if t.visible and t.region.area]
        for toast in visible:
            assert covered(app, toast.region) == [], toast.region
        notice = screen.query_one("#notice")
        assert text_of(app, "#notice") == "No speech engine found, so cues are tones only."
        assert notice.region.area and covered(app, notice.region) == []


@pytest.mark.parametrize(
    ("mute", "voice", "said", "after_m"),
    [(True, True, "muted", "tones only"), (False, False, "tones only", "muted")],
)
async def test_the_sound_state_stays_in_the_top_bar(
    make_app: MakeApp,
    intervals: SessionEntry,
    mute: bool,
    voice: bool,
    said: str,
    after_m: str,
) -> None:
    """``--mute`` shows "muted" from the start; FakeAudio says it has no speech engine."""
    app = make_app(start=intervals, audio=AudioRecorder(), mute=mute, voice=voice)
    async with app.run_test(size=(80, 24)) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert text_of(app, "#sound") == said
        await pilot.press("m")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert text_of(app, "#sound") == after_m


def test_sound_state_words() -> None:
    assert sound_state(player=False, muted=False, audio_off=False, voice=True) == "audio off"
    assert sound_state(player=True, muted=True, audio_off=False, voice=True) == "muted"
    assert sound_state(player=True, muted=False, audio_off=True, voice=True) == "audio off"
    assert sound_state(player=True, muted=False, audio_off=False, voice=False) == "tones only"
    assert sound_state(player=True, muted=False, audio_off=False, voice=True) == "sound on"
