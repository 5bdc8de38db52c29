"""The summary and the log count a run the same way: one tally feeds both.

Each run below is a real engine on a fake clock whose events a real recorder writes
to a real SQLite log; the summary's figures and the logged record must agree.
"""

from __future__ import annotations

from tests.conftest import FakeClock, logged_sessions, open_run
from timer_tui.core.engine import Status, StepOutcome
from timer_tui.library.sessions import resolve
from timer_tui.log.records import Outcome, SessionRecord, StepFact, not_counted_reason, tally_steps
from timer_tui.ui import texts


def summary_and_record(
    session: str, keys: str, clock: FakeClock
) -> tuple[texts.SummaryFigures, SessionRecord]:
    entry = resolve(session)
    engine, recorder = open_run(entry, clock)
    engine.start()
    for key in keys.split():
        clock.advance(0.5)
        if key in "+-":
            engine.adjust(10 if key == "+" else -10)
        elif key == "n":
            engine.next()
        elif key == "p":
            engine.previous()
        else:
            engine.quit()
    recorder.close()
    figures = texts.summary_figures(
        entry.timeline(),
        engine.results,
        paused_total=0.0,
        pauses=0,
        finished=engine.status is Status.FINISHED,
    )
    (record,) = logged_sessions()
    return figures, record


def test_the_issue_keys_give_the_same_skipped_count_in_summary_and_log(clock: FakeClock) -> None:
    # Week 1 run 1 with n n + + + - p p q: the summary said "Skipped 1", the log 2.
    figures, record = summary_and_record("c25k/week-1-run-1", "n n + + + - p p q", clock)
    assert record.outcome is Outcome.QUIT
    assert figures.skipped == record.steps_skipped == 2
    assert figures.done == record.steps_completed


def test_a_skipped_through_circuit_says_it_did_not_count_and_why(clock: FakeClock) -> None:
    entry = resolve("examples/strength-circuit")
    steps = len(entry.timeline())
    figures, record = summary_and_record("examples/strength-circuit", " ".join("n" * steps), clock)
    assert figures.finished and not record.counts_as_done
    assert figures.skipped == record.steps_skipped == steps
    assert figures.not_counted == record.not_counted_reason
    assert figures.not_counted is not None and "half" in figures.not_counted
    title = texts.summary_title(figures, "Circuit")
    assert "complete" not in title.lower() and "not counted" in title
    assert dict(texts.summary_lines(figures))["Counted"].startswith("no:")


def test_a_full_run_counts_and_says_so(clock: FakeClock) -> None:
    figures, _ = summary_and_record("presets/rest-timer", "", clock)
    assert figures.not_counted is None or not figures.finished


def test_the_tally_over_steps() -> None:
    facts = [
        StepFact(0, StepOutcome.SKIPPED.value, has_reps=False, timed=True, active=2.0),
        StepFact(1, StepOutcome.RESTARTED.value, has_reps=True, timed=False, active=1.0),
        StepFact(1, StepOutcome.COMPLETED.value, has_reps=True, timed=False, active=5.0),
        StepFact(0, StepOutcome.COMPLETED.value, has_reps=False, timed=True, active=60.0),
        StepFact(2, StepOutcome.SKIPPED.value, has_reps=True, timed=False, active=0.0),
        StepFact(3, StepOutcome.QUIT.value, has_reps=False, timed=True, active=3.0),
    ]
    tally = tally_steps(facts)
    assert (tally.completed, tally.skipped) == (2, 1)  # step 0 was skipped, then done
    assert (tally.rep_steps, tally.rep_steps_completed) == (2, 1)
    assert tally.timed_active_seconds == 65.0
    assert not_counted_reason(finished=True, planned_seconds=100, tally=tally) is None
    assert "half" in (not_counted_reason(finished=True, planned_seconds=200, tally=tally) or "")
    assert not_counted_reason(finished=False, planned_seconds=100, tally=tally) == "not finished"
    reps_only = tally_steps([StepFact(0, "skipped", has_reps=True, timed=False, active=1.0)])
    assert not_counted_reason(finished=True, planned_seconds=0, tally=reps_only) == (
        "no rep step was marked done"
    )
