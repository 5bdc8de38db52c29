"""The cue queue's rules, on a fake output: what cuts what, what waits, what is dropped."""

from __future__ import annotations

from typing import ClassVar

import pytest

from tests.conftest import FakeClock
from timer_tui.audio.queue import GAP_SECONDS, CueQueue, Report
from timer_tui.core.cues import Priority


class FakeSound:
    def __init__(self, clock: FakeClock, key: str, length: float) -> None:
        self.clock = clock
        self.key = key
        self.ends = clock() + length
        self.stopped = False

    def finish_now(self) -> None:
        """What a device that takes the whole clip at once reports (a mixer, ALSA's null)."""
        self.ends = self.clock()

    def is_playing(self) -> bool:
        return not self.stopped and self.clock() < self.ends

    def stop(self) -> None:
        self.stopped = True


class FakeOutput:
    LENGTHS: ClassVar[dict[str, float]] = {
        "countdown": 0.1,
        "start-run": 0.4,
        "start-walk": 0.5,
        "halfway": 0.3,
        "finished": 0.6,
    }

    def __init__(self, clock: FakeClock) -> None:
        self.clock = clock
        self.started: list[tuple[float, str]] = []
        self.sounds: list[FakeSound] = []
        self.fail = False
        self.early = False

    def play(self, key: str) -> FakeSound:
        if self.fail:
            raise RuntimeError(
                "Error opening PCM device. -- CODE: -16 -- MSG: Device or resource busy"
            )
        sound = FakeSound(self.clock, key, self.seconds(key))
        self.started.append((round(self.clock() - 1000.0, 3), key))
        self.sounds.append(sound)
        if self.early:
            sound.finish_now()
        return sound

    def seconds(self, key: str) -> float:
        return self.LENGTHS.get(key, 1.5)  # speech: 1.5 s


@pytest.fixture
def out(clock: FakeClock) -> FakeOutput:
    return FakeOutput(clock)


@pytest.fixture
def reports() -> list[Report]:
    return []


@pytest.fixture
def queue(out: FakeOutput, clock: FakeClock, reports: list[Report]) -> CueQueue:
    return CueQueue(out, clock, reports.append)


def tone(q: CueQueue, key: str, priority: Priority = Priority.BOUNDARY) -> None:
    q.request(key, priority, is_tone=True)


def say(q: CueQueue, words: str) -> None:
    q.request(words, Priority.SPEECH, is_tone=False)


def run_for(q: CueQueue, clock: FakeClock, seconds: float, step: float = 0.005) -> None:
    end = clock() + seconds
    while clock() < end - 1e-9:
        clock.advance(step)
        q.poll()


def test_words_follow_the_step_tone(queue: CueQueue, out: FakeOutput, clock: FakeClock) -> None:
    tone(queue, "start-run")
    say(queue, "Run, 90 seconds")
    assert out.started == [(0.0, "start-run")]
    assert queue.pending == ["Run, 90 seconds"]
    run_for(queue, clock, 0.5)
    assert [k for _, k in out.started] == ["start-run", "Run, 90 seconds"]
    assert 0.4 + GAP_SECONDS <= out.started[1][0] <= 0.41 + GAP_SECONDS  # once the tone ends


def test_words_wait_for_the_tone_s_length_even_when_the_device_says_it_is_done_at_once(
    queue: CueQueue, out: FakeOutput, clock: FakeClock
) -> None:
    out.early = True  # the device took the whole tone at once, as ALSA's null plugin does
    tone(queue, "start-run")
    say(queue, "Run, 90 seconds")
    run_for(queue, clock, 0.3)
    assert [k for _, k in out.started] == ["start-run"]  # not over the 0.4 s tone
    run_for(queue, clock, 0.2)
    assert [k for _, k in out.started] == ["start-run", "Run, 90 seconds"]
    assert 0.4 + GAP_SECONDS <= out.started[1][0] <= 0.41 + GAP_SECONDS


def test_a_countdown_beep_cuts_in_even_while_the_tone_before_it_counts_as_playing(
    queue: CueQueue, out: FakeOutput, clock: FakeClock
) -> None:
    out.early = True
    say(queue, "Run, 90 seconds")
    run_for(queue, clock, 0.1)
    tone(queue, "countdown", Priority.COUNTDOWN)
    assert out.started[-1] == (0.1, "countdown")  # never delayed


def test_a_countdown_beep_is_never_delayed_by_speech(
    queue: CueQueue, out: FakeOutput, clock: FakeClock, reports: list[Report]
) -> None:
    say(queue, "Run, 90 seconds")
    run_for(queue, clock, 0.3)
    tone(queue, "countdown", Priority.COUNTDOWN)
    assert out.started[-1] == (0.3, "countdown")
    assert out.sounds[0].stopped  # the words were cut short
    assert [r.what for r in reports] == ["started", "cut", "started"]


def test_the_next_step_cuts_off_words_about_the_last_and_drops_queued_ones(
    queue: CueQueue, out: FakeOutput, clock: FakeClock
) -> None:
    tone(queue, "halfway", Priority.HALFWAY)
    say(queue, "halfway")
    say(queue, "an old remark")
    run_for(queue, clock, 0.35)  # halfway tone ended, the words began
    assert queue.current == "halfway" and queue.pending == ["an old remark"]
    tone(queue, "start-walk")
    say(queue, "Walk, 2 minutes")
    assert out.sounds[1].stopped
    assert queue.current == "start-walk"
    assert queue.pending == ["Walk, 2 minutes"]


def test_a_tone_of_equal_priority_replaces_the_current_one(
    queue: CueQueue, out: FakeOutput
) -> None:
    tone(queue, "start-run")
    tone(queue, "finished")
    assert [k for _, k in out.started] == ["start-run", "finished"]
    assert out.sounds[0].stopped


def test_lower_priority_waits_and_higher_priority_goes_first(
    queue: CueQueue, out: FakeOutput, clock: FakeClock
) -> None:
    tone(queue, "countdown", Priority.COUNTDOWN)
    say(queue, "Run, 90 seconds")
    tone(queue, "halfway", Priority.HALFWAY)  # lower than the playing beep: waits
    assert queue.pending == ["halfway", "Run, 90 seconds"]
    run_for(queue, clock, 0.5)
    assert [k for _, k in out.started] == ["countdown", "halfway", "Run, 90 seconds"]


def test_words_never_cut_words(queue: CueQueue, out: FakeOutput) -> None:
    say(queue, "one")
    say(queue, "two")
    assert not out.sounds[0].stopped
    assert queue.pending == ["two"]


def test_a_queued_cue_that_can_no_longer_start_on_time_is_dropped(
    queue: CueQueue, out: FakeOutput, clock: FakeClock, reports: list[Report]
) -> None:
    say(queue, "a long sentence")  # 1.5 s
    queue.request("late words", Priority.SPEECH, is_tone=False, max_wait=0.2)
    tone(queue, "halfway", Priority.HALFWAY)  # cuts the sentence, but 0.3 s is too long to wait
    queue.request("late words", Priority.SPEECH, is_tone=False, max_wait=0.2)
    run_for(queue, clock, 2.0)
    assert [k for _, k in out.started] == ["a long sentence", "halfway"]
    assert [r.key for r in reports if r.what == "dropped"] == ["late words", "late words"]


def test_stop_silences_and_forgets(queue: CueQueue, out: FakeOutput, clock: FakeClock) -> None:
    tone(queue, "start-run")
    say(queue, "Run")
    queue.stop()
    assert out.sounds[0].stopped and not queue.busy
    run_for(queue, clock, 1.0)
    assert len(out.started) == 1


def test_a_device_error_reaches_the_caller_and_leaves_the_queue_usable(
    queue: CueQueue, out: FakeOutput
) -> None:
    out.fail = True
    with pytest.raises(RuntimeError, match="busy"):
        tone(queue, "start-run")
    out.fail = False
    tone(queue, "countdown", Priority.COUNTDOWN)
    assert queue.current == "countdown"


def test_busy_only_while_something_plays_or_waits(queue: CueQueue, clock: FakeClock) -> None:
    assert not queue.busy
    tone(queue, "countdown", Priority.COUNTDOWN)
    assert queue.busy
    run_for(queue, clock, 0.2)
    assert not queue.busy
