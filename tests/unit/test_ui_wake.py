"""The countdown's wake rules, on a fake timer: sleep until the next change, never
a zero delay, always re-armed while running, and a backstop for a lost wake that
costs no wake-up of its own while the wakes come on time."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from timer_tui.ui.wake import MIN_WAKE, SAFETY_INTERVAL, WAKE_GRACE, Wake


class FakeTimer:
    def __init__(self, delay: float, callback: Callable[[], None]) -> None:
        self.delay = delay
        self.callback = callback
        self.stopped = False

    def stop(self) -> None:
        self.stopped = True


class Harness:
    """A wake with a fake timer factory, a fake monotonic clock and a counting poll."""

    def __init__(self) -> None:
        self.timers: list[FakeTimer] = []
        """The wakes armed, in order."""
        self.backstops: list[FakeTimer] = []
        """The backstops armed, in order."""
        self.now = 100.0
        self.polls = 0
        self.also = 0
        self.running = True
        self.on_poll: Callable[[], None] = lambda: None
        self.wake = Wake(
            self.set_timer, self.poll, lambda: self.running, monotonic=self.clock, also=self.size
        )

    def set_timer(self, delay: float, callback: Callable[[], None]) -> FakeTimer:
        timer = FakeTimer(delay, callback)
        backstop = callback == self.wake._on_backstop
        (self.backstops if backstop else self.timers).append(timer)
        return timer

    def size(self) -> None:
        self.also += 1

    def live_backstops(self) -> list[FakeTimer]:
        return [t for t in self.backstops if not t.stopped]

    def clock(self) -> float:
        return self.now

    def poll(self) -> None:
        self.polls += 1
        self.on_poll()

    def fire(self) -> None:
        timer = self.timers[-1]
        assert not timer.stopped
        timer.callback()

    def fire_backstop(self) -> None:
        (backstop,) = self.live_backstops()
        backstop.stopped = True  # a fired one-shot timer is done
        backstop.callback()


@pytest.fixture
def h() -> Harness:
    return Harness()


def test_it_sleeps_until_the_soonest_change(h: Harness) -> None:
    h.wake.schedule([0.7, None, 0.3])
    assert [t.delay for t in h.timers] == [0.3]
    assert h.wake.due_at == pytest.approx(100.3)


def test_nothing_to_wake_for_means_no_timer(h: Harness) -> None:
    h.wake.schedule([0.5])
    h.wake.schedule([None, None])  # paused: nothing changes on screen
    assert h.timers[0].stopped
    assert h.wake.timer is None and h.wake.due_at is None


@pytest.mark.parametrize("delay", [0.0, -2.5, 0.001])
def test_a_wake_is_never_shorter_than_the_minimum(h: Harness, delay: float) -> None:
    h.wake.schedule([delay])
    assert h.timers[-1].delay == MIN_WAKE


def test_a_new_schedule_replaces_the_pending_wake(h: Harness) -> None:
    h.wake.schedule([1.0])
    h.wake.schedule([0.5])
    assert h.timers[0].stopped and not h.timers[1].stopped
    assert h.wake.timer is h.timers[1]


def test_a_wake_polls_and_the_poll_schedules_the_next(h: Harness) -> None:
    h.on_poll = lambda: h.wake.schedule([1.0])
    h.wake.schedule([0.2])
    h.fire()
    assert h.polls == 1
    assert [t.delay for t in h.timers] == [0.2, 1.0]


def test_a_poll_that_schedules_nothing_still_leaves_a_wake_while_running(h: Harness) -> None:
    h.wake.schedule([0.2])
    h.fire()
    assert h.timers[-1].delay == SAFETY_INTERVAL


def test_a_poll_that_raises_still_leaves_a_wake(h: Harness) -> None:
    def boom() -> None:
        raise RuntimeError("a subscriber failed")

    h.on_poll = boom
    h.wake.schedule([0.2])
    with pytest.raises(RuntimeError):
        h.fire()
    assert h.wake.timer is h.timers[-1] and h.timers[-1].delay == SAFETY_INTERVAL


def test_no_rearm_once_the_session_is_over(h: Harness) -> None:
    h.wake.schedule([0.2])
    h.running = False
    h.fire()
    assert h.wake.timer is None and len(h.timers) == 1


def test_one_backstop_just_after_each_wake_and_none_left_behind(h: Harness) -> None:
    h.on_poll = lambda: h.wake.schedule([1.0])
    h.wake.schedule([0.2])
    for _ in range(3):
        h.fire()
    assert [t.delay for t in h.live_backstops()] == [1.0 + WAKE_GRACE]
    assert len(h.backstops) == 4 and h.polls == 3 and h.also == 3  # the size check rode along


def test_a_lost_wake_is_polled_by_its_backstop(h: Harness) -> None:
    h.on_poll = lambda: h.wake.schedule([1.0])
    h.wake.schedule([0.5])
    h.timers[-1].stopped = True  # lost: it will never fire
    h.now += 0.5 + WAKE_GRACE + 0.01
    h.fire_backstop()
    assert h.polls == 1 and h.also == 1
    assert h.wake.timer is h.timers[-1] and not h.timers[-1].stopped  # regular wakes again
    assert [t.delay for t in h.live_backstops()] == [1.0 + WAKE_GRACE]


def test_while_the_wake_sleeps_the_backstop_looks_every_interval(h: Harness) -> None:
    h.wake.start()
    h.wake.schedule([None])  # paused: nothing to wake for
    h.running = False
    for _ in range(3):
        h.fire_backstop()
        assert [t.delay for t in h.live_backstops()] == [SAFETY_INTERVAL]
    assert h.polls == 0 and h.also == 3  # the size check goes on while paused


def test_a_backstop_that_raises_still_leaves_a_backstop(h: Harness) -> None:
    def boom() -> None:
        raise RuntimeError("a subscriber failed")

    h.on_poll = boom
    h.wake.start()
    with pytest.raises(RuntimeError):
        h.fire_backstop()  # running, no wake: it polls
    assert [t.delay for t in h.live_backstops()] == [SAFETY_INTERVAL]


def test_the_safety_check_polls_when_the_wake_is_lost_or_late(h: Harness) -> None:
    h.wake.safety_check()  # no wake at all
    assert h.polls == 1
    h.wake.schedule([0.5])
    h.now += 0.5 + WAKE_GRACE / 2  # late, but within the grace
    h.wake.safety_check()
    assert h.polls == 1
    h.now += WAKE_GRACE  # overdue: the timer was dropped
    h.wake.safety_check()
    assert h.polls == 2


def test_the_safety_check_leaves_a_stopped_session_alone(h: Harness) -> None:
    h.running = False
    h.wake.safety_check()
    assert h.polls == 0


def test_stop_forgets_the_wake_and_the_backstop(h: Harness) -> None:
    h.wake.schedule([0.5])
    h.wake.stop()
    assert h.timers[0].stopped and h.wake.timer is None and h.wake.due_at is None
    assert h.live_backstops() == [] and h.wake.backstop is None
