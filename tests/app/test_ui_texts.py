"""What the screens say, computed from engine state with a fake clock."""

from __future__ import annotations

import pytest

from tests.conftest import FakeClock
from timer_tui.core.engine import Engine, StepOutcome, StepResult
from timer_tui.core.loader import parse_session
from timer_tui.core.model import Kind
from timer_tui.core.timeline import Timeline, expand
from timer_tui.ui import texts

SESSION = """
name = "Texts"
[[steps]]
kind = "run"
duration = "3:00"
[[steps]]
kind = "walk"
duration = 90
[[steps]]
name = "Calf raise"
reps = 15
sets = 2
per_side = true
"""


def timeline() -> Timeline:
    result = parse_session(SESSION)
    assert result.session is not None
    return expand(result.session)


def engine(clock: FakeClock) -> Engine:
    e = Engine(timeline(), clock=clock)
    e.start()
    return e


def test_phase_words_are_always_written_in_capitals() -> None:
    assert texts.phase_word(Kind.RUN) == "RUN"
    assert texts.phase_word(Kind.WARMUP) == "WARM-UP"
    assert texts.phase_word(Kind.COOLDOWN) == "COOL-DOWN"
    assert {texts.phase_word(k) for k in Kind} >= {"WALK", "REST", "WORK", "EXERCISE", "STRETCH"}


def test_clock_text_counts_down_rounding_up(clock: FakeClock) -> None:
    e = engine(clock)
    assert texts.clock_text(e.state()) == "3:00"
    clock.advance(95.8)
    assert texts.clock_text(e.state()) == "1:25"
    clock.advance(84.0)
    assert texts.clock_text(e.state()) == "0:01"  # 0.2 s left still shows a second


def test_rep_steps_show_reps_and_count_up(clock: FakeClock) -> None:
    e = engine(clock)
    e.next()
    e.next()
    clock.advance(42.5)
    state = e.state()
    assert texts.clock_text(state) == "15"
    assert texts.under_clock(state) == "15 reps · Set 1/2, left · 0:42"
    assert texts.step_detail(state) == "rep step · 0:42 so far"


def test_step_and_session_details(clock: FakeClock) -> None:
    e = engine(clock)
    clock.advance(96)
    state = e.state()
    assert texts.step_detail(state) == "3:00 run · 1:24 to go"
    assert texts.session_detail(state) == "session 1:36 of 4:30 · 2:54 left"
    assert texts.position_text(state, e.timeline) == "step 1 of 6"


def test_next_text_names_the_next_two_steps_with_their_length(clock: FakeClock) -> None:
    tl = timeline()
    assert texts.next_text(tl, 0) == "Next  Walk 1:30   then  Calf raise 15 reps (Set 1/2, left)"
    assert texts.next_text(tl, 4) == "Next  Calf raise 15 reps (Set 2/2, right)"
    assert texts.next_text(tl, 5) == "Last step"


def test_tiny_line_fits_everything_in_one_line(clock: FakeClock) -> None:
    e = engine(clock)
    clock.advance(96)
    assert texts.tiny_line(e.state(), e.timeline) == "RUN 1:24 · next Walk 1:30"
    e.toggle_pause()
    assert texts.tiny_line(e.state(), e.timeline).startswith("PAUSED · RUN 1:24")
    for _ in range(5):
        e.next()
    assert texts.tiny_line(e.state(), e.timeline).endswith("· last step")


def test_window_title_has_the_time_and_step(clock: FakeClock) -> None:
    e = engine(clock)
    clock.advance(96)
    assert texts.window_title(e.state()) == "1:24 Run"
    e.toggle_pause()
    assert texts.window_title(e.state()) == "1:24 Run (paused)"


def test_final_seconds_flash_in_step_with_the_beeps(clock: FakeClock) -> None:
    e = engine(clock)
    clock.advance(176.5)  # 3.5 s left: shows 0:04
    assert texts.final_second(e.state()) is None
    clock.advance(0.5)  # exactly 3 s left: the first beep
    state = e.state()
    assert texts.final_second(state) == 3 and texts.flash_on(state)
    clock.advance(0.5)
    state = e.state()
    assert texts.final_second(state) == 3 and not texts.flash_on(state)
    clock.advance(0.5)
    assert texts.final_second(e.state()) == 2 and texts.flash_on(e.state())
    e.toggle_pause()
    assert texts.final_second(e.state()) is None  # paused: no flashing


def test_next_change_is_at_the_next_second_and_none_when_paused(clock: FakeClock) -> None:
    e = engine(clock)
    clock.advance(0.25)
    assert texts.next_change_in(e.state()) == pytest.approx(0.75)
    clock.advance(176.75)  # 3 s left: the flash ends 0.4 s from now
    assert texts.next_change_in(e.state()) == pytest.approx(0.4)
    e.toggle_pause()
    assert texts.next_change_in(e.state()) is None


def test_bar_is_clamped_and_fills_proportionally() -> None:
    assert texts.bar(0.5, 10) == "▓" * 5 + "░" * 5
    assert texts.bar(-1, 4) == "░░░░"
    assert texts.bar(2, 4) == "▓▓▓▓"
    assert texts.bar(0.5, 0) == ""


def test_summary_counts_done_skipped_pauses_and_time(clock: FakeClock) -> None:
    e = engine(clock)
    clock.advance(30)
    e.toggle_pause()
    clock.advance(10)
    e.toggle_pause()
    clock.advance(150)  # run ends at 3:00 of active time
    e.next()  # skip the walk at once
    e.adjust(10)  # rep steps ignore time changes
    e.done()
    e.quit()
    f = texts.summary_figures(
        e.timeline, e.results, paused_total=e.state().paused_total, pauses=1, finished=False
    )
    assert (f.done, f.skipped, f.total_steps, f.pauses) == (2, 1, 6, 1)
    assert f.paused == pytest.approx(10)
    assert f.planned == 270
    assert dict(texts.summary_lines(f))["Paused"] == "0:10 (1 pause)"
    assert texts.summary_title(f, "Texts") == "Session ended early: Texts"


def test_restarted_steps_count_once_in_the_summary() -> None:
    tl = timeline()
    results = [
        StepResult(0, 180, 10.0, 0.0, 0, StepOutcome.RESTARTED),
        StepResult(0, 180, 180.0, 0.0, 0, StepOutcome.COMPLETED),
    ]
    f = texts.summary_figures(tl, results, paused_total=0, pauses=0, finished=True)
    assert f.done == 1 and f.active == pytest.approx(190)
    assert texts.summary_title(f, "X") == "Session complete: X"


def test_completed_lines_mark_outcomes() -> None:
    tl = timeline()
    done = StepResult(0, 180, 180.0, 0.0, 0, StepOutcome.COMPLETED)
    skipped = StepResult(1, 90, 12.3, 0.0, 0, StepOutcome.SKIPPED)
    reps = StepResult(2, None, 40.0, 0.0, 0, StepOutcome.COMPLETED, reps_done=15)
    assert texts.completed_line(tl[0], done) == "✓ Run 3:00"
    assert texts.completed_line(tl[1], skipped) == "» Walk 0:12 (skipped)"
    assert texts.completed_line(tl[2], reps) == "✓ Calf raise 15 reps"


def test_picker_names_drop_the_program_prefix() -> None:
    assert texts.short_name("Couch to 5K - Week 1, Run 1", "Couch to 5K") == "Week 1, Run 1"
    assert texts.short_name("Strength - Core", "Strength for runners") == "Core"
    assert texts.short_name("Tabata", "Presets") == "Tabata"
    assert texts.short_name("Odd - name", "Other sessions") == "Odd - name"


def test_filter_matches_every_word_anywhere() -> None:
    assert texts.matches("week 4", "Couch to 5K - Week 4, Run 2", "c25k/week-4-run-2")
    assert texts.matches("c25k run", "Week 1", "c25k/week-1-run-1")
    assert not texts.matches("week 5", "Couch to 5K - Week 4, Run 2")
    assert texts.matches("", "anything")
    assert texts.matches("tab", "Tabata")
    assert texts.matches("WEEK-5", "Couch to 5K - Week 5, Run 1")
    assert not texts.matches("bat", "Tabata")


def test_timeline_size_mentions_rep_steps() -> None:
    assert texts.timeline_size(timeline()) == "4:30 + 4 rep · 6 steps"


def test_position_names_the_round_and_set(clock: FakeClock) -> None:
    e = engine(clock)
    for _ in range(3):
        e.next()
    assert texts.position_text(e.state(), e.timeline) == "step 4 of 6 · Set 1/2, right"


def test_fractions_follow_the_clock_and_stay_in_range(clock: FakeClock) -> None:
    e = engine(clock)
    assert texts.step_fraction(e.state()) == 0
    clock.advance(90)
    assert texts.step_fraction(e.state()) == pytest.approx(0.5)
    assert texts.session_fraction(e.state()) == pytest.approx(90 / 270)
    e.next()
    e.next()  # a rep step has no length: its bar stays empty
    assert texts.step_fraction(e.state()) == 0


def test_removed_time_shows_as_negative_in_the_summary() -> None:
    f = texts.SummaryFigures(
        planned=60,
        active=50.0,
        paused=0.0,
        pauses=0,
        done=1,
        skipped=0,
        total_steps=1,
        adjusted=-10,
        finished=True,
    )
    lines = dict(texts.summary_lines(f))
    assert lines["Time added"] == "-0:10"
    assert lines["Paused"] == "0:00 (0 pauses)"
    assert lines["Steps done"] == "1 of 1"


def test_under_the_clock_a_timed_step_shows_its_counters_only(clock: FakeClock) -> None:
    e = engine(clock)
    assert texts.under_clock(e.state()) == ""
    assert texts.count_up_text(e.state()) == "0:00"


def test_no_flash_or_final_second_on_rep_steps(clock: FakeClock) -> None:
    e = engine(clock)
    e.next()
    e.next()
    clock.advance(3)
    state = e.state()
    assert texts.final_second(state) is None and not texts.flash_on(state)
    assert texts.next_change_in(state) == pytest.approx(1.0)


ONE_REP = """
name = "One rep"
[[steps]]
name = "Max lift"
reps = 1
[[steps]]
kind = "rest"
duration = 60
"""


def test_one_rep_is_singular_everywhere_the_screen_says_reps(clock: FakeClock) -> None:
    result = parse_session(ONE_REP)
    assert result.session is not None
    e = Engine(expand(result.session), clock=clock)
    e.start()
    state = e.state()
    assert texts.reps_text(1) == "1 rep" and texts.reps_text(2) == "2 reps"
    assert texts.under_clock(state).startswith("1 rep · ")
    assert texts.tiny_line(state, e.timeline).startswith("EXERCISE Max lift 1 rep 0:00")
    assert texts.window_title(state) == "1 rep Max lift"
    step = e.timeline[0]
    done = StepResult(0, None, 5.0, 0.0, 0, StepOutcome.COMPLETED, reps_done=1)
    assert texts.completed_line(step, done) == "✓ Max lift 1 rep"


def test_actual_times_round_down_and_remaining_times_round_up() -> None:
    """A step skipped after 0.05 s took 0:00, not 0:01; 59.95 s is 0:59."""
    tl = timeline()
    quick = StepResult(0, 180, 0.05, 0.0, 0, StepOutcome.SKIPPED)
    almost = StepResult(1, 90, 59.95, 0.95, 0, StepOutcome.SKIPPED)
    assert texts.completed_line(tl[0], quick) == "» Run 0:00 (skipped)"
    assert texts.completed_line(tl[1], almost) == "» Walk 0:59 (skipped)"
    figures = texts.summary_figures(
        tl, [quick, almost], paused_total=0.95, pauses=1, finished=False
    )
    lines = dict(texts.summary_lines(figures))
    assert lines["Actual"] == "1:00"  # 60.0 s in all
    assert lines["Paused"] == "0:00 (1 pause)"


def test_the_phase_band_names_the_kind_the_step_and_a_pause(clock: FakeClock) -> None:
    tl = timeline()
    e = Engine(tl, clock=clock)
    assert texts.phase_text(e.state()) == " RUN   starting…"  # the name is the kind's own
    e.start()
    assert texts.phase_text(e.state()) == " RUN"
    e.toggle_pause()
    assert texts.phase_text(e.state()) == " RUN   ⏸ PAUSED"
    e.toggle_pause()
    e.next()
    e.next()
    assert texts.phase_text(e.state()) == " EXERCISE  ·  Calf raise"


def test_a_note_is_quoted_and_no_note_is_nothing() -> None:
    session = parse_session('name = "N"\n[[steps]]\nkind = "run"\nduration = 60\nnote = "Easy"\n')
    assert session.session is not None
    step = expand(session.session)[0]
    assert texts.note_text(step) == "“Easy”"
    assert texts.note_text(timeline()[0]) == ""


@pytest.mark.parametrize(
    ("query", "name", "expected"),
    [
        ("week 3 run 1", "Couch to 5K - Week 3, Run 1", True),
        ("week 3 run 1", "Couch to 5K - Week 1, Run 3", False),
        ("wee 3, ru", "Week 3, Run 1", True),
        ("3 run", "Week 13, Run 1", False),  # numbers match whole
        ("tabata", "Tabata", True),
        ("", "Tabata", False),
    ],
)
def test_in_order_is_the_words_typed_one_after_another(
    query: str, name: str, expected: bool
) -> None:
    assert texts.in_order(query, name) is expected
