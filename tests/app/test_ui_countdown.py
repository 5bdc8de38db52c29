"""The countdown screen driven by the Pilot on a fake clock: every key, pause, sizes."""

from __future__ import annotations

import time
from collections.abc import Callable

from textual.pilot import Pilot
from textual.timer import Timer

from tests.app.conftest import (
    AudioRecorder,
    MakeApp,
    WriteConfig,
    countdown,
    notices,
    text_of,
)
from tests.conftest import FakeClock
from timer_tui.core.engine import Event, EventKind, Status
from timer_tui.library.sessions import SessionEntry
from timer_tui.ui.app import TimerApp
from timer_tui.ui.dialogs.confirm import QuitScreen
from timer_tui.ui.dialogs.help import HelpScreen
from timer_tui.ui.screens.summary import SummaryScreen
from timer_tui.ui.widgets.bigclock import BigClock
from timer_tui.ui.widgets.font import ClockSize
from timer_tui.ui.widgets.keybar import KeyBar

SIZE = (100, 30)


async def test_starts_at_once_with_the_first_step(
    make_app: MakeApp, intervals: SessionEntry
) -> None:
    app = make_app(start=intervals)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        screen = countdown(app)
        assert screen.engine.status is Status.RUNNING
        assert screen.query_one(BigClock).text == "1:00"
        assert "WARM-UP" in text_of(app, "#phase") and "Brisk walk" in text_of(app, "#phase")
        assert text_of(app, "#next") == "Next  Run 1:30   then  Walk 1:00"
        assert app.title == "1:00 Brisk walk"


async def test_time_passes_and_steps_change_on_the_engines_clock(
    make_app: MakeApp, intervals: SessionEntry, clock: FakeClock
) -> None:
    app = make_app(start=intervals)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        screen = countdown(app)
        clock.advance(35.5)
        screen.tick()
        assert screen.query_one(BigClock).text == "0:25"
        clock.advance(25)  # past the warm-up's end
        screen.tick()
        await pilot.pause()
        assert screen.engine.index == 1
        assert "RUN" in text_of(app, "#phase")
        assert "Round 1/2" in text_of(app, "#position")
        assert screen.completed == ["✓ Brisk walk 1:00"]
        assert "✓ Brisk walk 1:00" in screen.done_list.shown
        assert "Short steps" in text_of(app, "#note")


async def test_the_screen_sleeps_until_the_next_change(
    make_app: MakeApp, intervals: SessionEntry, clock: FakeClock
) -> None:
    app = make_app(start=intervals)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        screen = countdown(app)
        clock.advance(0.3)
        screen.tick()
        assert screen.wake.timer is not None
        await pilot.press("space")
        assert screen.wake.timer is None  # paused: nothing to wake for


async def test_space_pauses_and_the_time_freezes(
    make_app: MakeApp, intervals: SessionEntry, clock: FakeClock
) -> None:
    app = make_app(start=intervals)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        screen = countdown(app)
        clock.advance(10)
        await pilot.press("space")
        assert screen.engine.status is Status.PAUSED
        assert screen.has_class("-paused")
        assert "PAUSED" in text_of(app, "#phase")
        clock.advance(300)
        screen.tick()
        assert screen.query_one(BigClock).text == "0:50"
        assert app.title == "0:50 Brisk walk (paused)"
        rendered = str(screen.query_one(BigClock).render())
        assert "██████" in rendered and "PAUSED" in rendered  # the digits stay, PAUSED above
        await pilot.press("space")
        assert countdown(app).engine.status is Status.RUNNING
        assert not screen.has_class("-paused")
        assert screen.pauses == 1


async def test_next_and_previous_keys(
    make_app: MakeApp, intervals: SessionEntry, clock: FakeClock
) -> None:
    app = make_app(start=intervals)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        screen = countdown(app)
        await pilot.press("n")
        assert screen.engine.index == 1
        await pilot.press("right")
        assert screen.engine.index == 2
        await pilot.press("p")  # less than 3 s in: back one
        assert screen.engine.index == 1
        clock.advance(10)
        await pilot.press("left")  # more than 3 s in: restart this one
        assert screen.engine.index == 1
        assert screen.query_one(BigClock).text == "1:30"
        assert any("skipped" in line for line in screen.completed)


async def test_plus_and_minus_change_the_step_by_ten_seconds(
    make_app: MakeApp, intervals: SessionEntry
) -> None:
    app = make_app(start=intervals)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        screen = countdown(app)
        await pilot.press("plus")
        assert screen.query_one(BigClock).text == "1:10"
        await pilot.press("equals_sign", "minus", "minus", "minus")
        assert screen.query_one(BigClock).text == "0:50"


async def test_enter_marks_a_rep_step_done_but_not_a_timed_step(
    make_app: MakeApp, strength: SessionEntry, clock: FakeClock
) -> None:
    app = make_app(start=strength)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        screen = countdown(app)
        assert screen.query_one(BigClock).text == "15"
        clock.advance(42)
        screen.tick()
        assert text_of(app, "#detail") == "15 reps · Set 1/2, left · 0:42"
        await pilot.press("plus")  # no time to add on a rep step
        assert screen.query_one(BigClock).text == "15"
        await pilot.press("enter")
        assert screen.engine.index == 1
        assert screen.completed == ["✓ Bent-knee calf raise 15 reps"]
        await pilot.press("d")
        assert screen.engine.index == 2  # set 1 right done: the rest between sets
        assert screen.engine.step.kind.value == "rest"
        await pilot.press("enter")  # a timed rest: enter does nothing
        assert screen.engine.index == 2


async def test_footer_offers_done_only_on_rep_steps(
    make_app: MakeApp, strength: SessionEntry
) -> None:
    app = make_app(start=strength)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        screen = countdown(app)
        assert "enter" in app.screen.active_bindings
        await pilot.press("d", "d")
        await pilot.pause()
        assert screen.engine.step.is_timed
        assert "enter" not in app.screen.active_bindings


async def test_q_asks_first_and_n_keeps_going(make_app: MakeApp, intervals: SessionEntry) -> None:
    app = make_app(start=intervals)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("q")
        await pilot.pause()
        assert isinstance(app.screen, QuitScreen)
        await pilot.press("n")
        await pilot.pause()
        assert countdown(app).engine.status is Status.RUNNING


async def test_quitting_shows_the_summary_and_enter_ends_a_direct_run(
    make_app: MakeApp, intervals: SessionEntry, clock: FakeClock
) -> None:
    app = make_app(start=intervals)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        clock.advance(20)
        await pilot.press("escape", "y")
        await pilot.pause()
        assert isinstance(app.screen, SummaryScreen)
        assert not app.screen.figures.finished
        assert "ended early" in text_of(app, "#summary-title")
        await pilot.press("enter")
        await pilot.pause()
    assert app.return_code == 1  # quit before its end: 1, as in plain mode


async def test_a_session_run_to_the_end_shows_the_summary(
    make_app: MakeApp, intervals: SessionEntry, clock: FakeClock
) -> None:
    app = make_app(start=intervals)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        clock.advance(7 * 60 + 1)
        countdown(app).tick()
        await pilot.pause()
        assert isinstance(app.screen, SummaryScreen)
        assert app.screen.figures.finished
        assert app.screen.figures.done == 6
        assert "Session complete" in text_of(app, "#summary-title")
        figures = text_of(app, "#figures")
        assert "Planned     7:00" in figures and "Actual      7:00" in figures


async def test_a_muted_start_prepares_the_player_only_when_unmuted(
    make_app: MakeApp, intervals: SessionEntry
) -> None:
    recorder = AudioRecorder()
    app = make_app(start=intervals, audio=recorder, mute=True, voice=False)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        audio = recorder.made[0]
        assert countdown(app).engine.status is Status.RUNNING  # no wait for a player
        assert not audio.prepared and audio.muted
        assert [e.kind for e in audio.events][:1] == [EventKind.SESSION_STARTED]
        await pilot.press("m")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert audio.prepared and not audio.muted
        await pilot.press("m")
        assert audio.muted


async def test_m_toggles_mute_on_the_cue_player(make_app: MakeApp, intervals: SessionEntry) -> None:
    recorder = AudioRecorder()
    app = make_app(start=intervals, audio=recorder, mute=False, voice=False)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.pause()
        audio = recorder.made[0]
        assert audio.prepared
        assert audio.kwargs["voice"] is False and audio.kwargs["mute"] is False
        assert countdown(app).engine.status is Status.RUNNING  # started once prepared
        assert [e.kind for e in audio.events][:2] == [
            EventKind.SESSION_STARTED,
            EventKind.STEP_STARTED,
        ]
        await pilot.press("m")
        assert audio.muted
        await pilot.press("m")
        assert not audio.muted
        messages = notices(app)
        assert messages.count("No speech engine found, so cues are tones only.") == 1
    assert audio.closed


async def test_a_small_window_shows_smaller_digits_and_a_tiny_one_a_line(
    make_app: MakeApp, intervals: SessionEntry, clock: FakeClock
) -> None:
    app = make_app(start=intervals)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        screen = countdown(app)
        clock_widget = screen.query_one(BigClock)
        assert clock_widget.clock_size is ClockSize.BLOCK3  # no side panel to shrink it
        await pilot.resize_terminal(40, 12)
        await pilot.pause()
        assert screen.has_class("-short")
        assert clock_widget.clock_size in (ClockSize.BLOCK1, ClockSize.DIGITS)
        clock.advance(5)
        screen.tick()
        await pilot.resize_terminal(30, 6)
        await pilot.pause()
        assert screen.has_class("-tiny")
        assert text_of(app, "#tiny") == "WARM-UP 0:55 · next Run 1:30"
        clock.advance(60)  # the timing goes on through resizes
        screen.tick()
        await pilot.resize_terminal(120, 40)
        await pilot.pause()
        assert screen.engine.index == 1
        assert clock_widget.clock_size is ClockSize.BLOCK3


async def test_help_lists_every_key_with_its_binding_id(
    make_app: MakeApp, intervals: SessionEntry
) -> None:
    app = make_app(start=intervals)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        ids = {row[2] for row in app.screen.rows}
        assert {
            "countdown.pause",
            "countdown.done",
            "countdown.next",
            "countdown.previous",
            "countdown.add_time",
            "countdown.remove_time",
            "countdown.mute",
            "countdown.quit",
            "app.help",
        } <= ids
        keys = {row[2]: row[0] for row in app.screen.rows}
        assert keys["countdown.next"] == "n, →"
        await pilot.press("escape")
        await pilot.pause()
        assert countdown(app).engine.status is Status.RUNNING


async def test_keys_come_from_the_config_file(
    make_app: MakeApp, intervals: SessionEntry, write_config: WriteConfig
) -> None:
    write_config('[keys]\n"countdown.pause" = "k"\n"countdown.next" = ["j", "l"]\n')
    app = make_app(start=intervals)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        screen = countdown(app)
        await pilot.press("space")
        assert screen.engine.status is Status.RUNNING
        await pilot.press("k")
        assert countdown(app).engine.status is Status.PAUSED
        await pilot.press("k", "l")
        assert screen.engine.index == 1


async def test_a_config_mistake_is_shown_and_the_defaults_stay(
    make_app: MakeApp, intervals: SessionEntry, write_config: WriteConfig
) -> None:
    write_config('[keys]\n"countdown.pase" = "k"\n')
    app = make_app(start=intervals)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        messages = notices(app)
        assert any(
            "config.toml:2:1" in m and "did you mean `countdown.pause`" in m for m in messages
        )
        await pilot.press("space")
        assert countdown(app).engine.status is Status.PAUSED


async def test_paused_in_a_small_window_keeps_the_digits_size_and_the_band_says_paused(
    make_app: MakeApp, intervals: SessionEntry
) -> None:
    app = make_app(start=intervals)
    async with app.run_test(size=(40, 12)) as pilot:
        await pilot.pause()
        await pilot.press("space")
        await pilot.pause()
        clock_widget = countdown(app).query_one(BigClock)
        assert clock_widget.clock_size is ClockSize.BLOCK1
        assert "█" in str(clock_widget.render())
        assert "PAUSED" in text_of(app, "#phase")


async def test_any_window_size_draws_without_error_and_the_timing_goes_on(
    make_app: MakeApp, strength: SessionEntry, clock: FakeClock
) -> None:
    app = make_app(start=strength)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        screen = countdown(app)
        for size in [(1, 1), (10, 3), (20, 5), (33, 8), (40, 12), (60, 20), (200, 60), (80, 24)]:
            await pilot.resize_terminal(*size)
            await pilot.press("space")
            clock.advance(1)
            screen.tick()
            await pilot.pause()
        assert screen.engine.status is Status.RUNNING  # an even number of pauses
        assert screen.engine.state().session_elapsed == 4  # four of the eight seconds ran


async def wait_until(pilot: Pilot[int], done: Callable[[], bool], seconds: float) -> bool:
    """Let the app run on its own (no key, no tick) for up to ``seconds`` of real time."""
    end = time.monotonic() + seconds
    while not done() and time.monotonic() < end:
        await pilot.pause(0.05)
    return done()


async def test_a_subscriber_that_stalls_the_app_does_not_freeze_the_countdown(
    make_app: MakeApp, intervals: SessionEntry, clock: FakeClock
) -> None:
    """A log write blocked by a locked database held the app for seconds; after it
    the next deadline was already past, the wake got a zero delay and died with it,
    and the screen stood still until a key was pressed."""
    stalled: list[Event] = []

    def slow_log(event: Event) -> None:
        if event.kind is EventKind.COUNTDOWN and not stalled:
            stalled.append(event)
            time.sleep(1.5)  # the whole app waits, as for a locked database
            clock.advance(1.5)  # and the session's time goes on meanwhile

    app = make_app(start=intervals, subscribers=lambda entry, timeline: [slow_log])
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        screen = countdown(app)
        clock.advance(57.2)  # the "3" of the warm-up's last seconds is due
        assert await wait_until(pilot, lambda: bool(stalled), 3)
        clock.advance(3)  # into the run; no key pressed, no tick() called from here on
        assert await wait_until(pilot, lambda: screen.engine.index == 1, 3)
        assert await wait_until(pilot, lambda: screen.query_one(BigClock).text == "1:29", 3)
        assert "RUN" in text_of(app, "#phase")


async def test_a_lost_wake_is_caught_by_the_safety_check(
    make_app: MakeApp, intervals: SessionEntry, clock: FakeClock
) -> None:
    """Whatever stops the wake (a suspended laptop, a timer dropped while the app was
    busy), the countdown catches up on its own within about a second."""
    app = make_app(start=intervals)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        screen = countdown(app)
        assert screen.wake.timer is not None
        screen.wake.timer.stop()  # the wake is lost; nothing re-arms it
        clock.advance(65)
        assert await wait_until(pilot, lambda: screen.engine.index == 1, 3)
        assert await wait_until(pilot, lambda: screen.query_one(BigClock).text == "1:25", 3)
        assert screen.wake.timer is not None  # and the regular wakes are back


async def test_a_wake_is_never_armed_with_a_zero_delay(
    make_app: MakeApp, intervals: SessionEntry, clock: FakeClock
) -> None:
    app = make_app(start=intervals)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        screen = countdown(app)
        clock.advance(57)  # a countdown mark due exactly now
        screen.refresh_view()
        assert isinstance(screen.wake.timer, Timer) and screen.wake.timer._interval > 0


def footer_keys(app: TimerApp) -> dict[str, str]:
    return {key.key: key.description for key in app.screen.query_one(KeyBar).keys}


async def test_the_footer_says_resume_while_paused(
    make_app: MakeApp, intervals: SessionEntry
) -> None:
    app = make_app(start=intervals)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert footer_keys(app)["space"] == "Pause"
        await pilot.press("space")
        await pilot.pause()
        assert footer_keys(app)["space"] == "Resume"
        await pilot.press("space")
        await pilot.pause()
        assert footer_keys(app)["space"] == "Pause"


async def test_resume_follows_a_remapped_pause_key(
    make_app: MakeApp, intervals: SessionEntry, write_config: WriteConfig
) -> None:
    write_config('[keys]\n"countdown.pause" = "k"\n')
    app = make_app(start=intervals)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("k")
        await pilot.pause()
        keys = footer_keys(app)
        assert keys["k"] == "Resume" and "space" not in keys
