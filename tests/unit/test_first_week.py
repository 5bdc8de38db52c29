"""The smaller rough edges of a first week, each as the user met it (issue 12).

In-process commands (the ``cli`` fixture), real log files, real session files.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import os
from pathlib import Path

import pytest

from tests.conftest import FakeClock, RunIntoLog, logged_sessions, open_run
from tests.unit.conftest import Cli
from timer_tui.cli.plain import run_plain
from timer_tui.core.engine import Engine, StepOutcome
from timer_tui.core.loader import load_session, parse_session
from timer_tui.core.model import Kind
from timer_tui.core.timeline import expand
from timer_tui.library.sessions import resolve
from timer_tui.log.records import Outcome, SessionRecord
from timer_tui.ui.dialogs.resume import resume_text
from timer_tui.ui.texts import timeline_size

ONE_STEP = (
    'name = "One"\n[cues]\ncountdown = 0\nhalfway = false\n[[steps]]\nname = "Squat"\nreps = 3\n'
)


def one_step(tmp_path: Path) -> Path:
    path = tmp_path / "one.toml"
    path.write_text(ONE_STEP, encoding="utf-8")
    return path


def plain_lines(path: Path, keys: bytes, *, as_json: bool = False) -> tuple[int, list[str]]:
    entry = resolve(str(path))
    assert entry.session is not None
    read_end, write_end = os.pipe()
    os.write(write_end, keys)
    os.close(write_end)
    out = io.StringIO()
    with os.fdopen(read_end) as inp:
        code = run_plain(entry.session, entry.timeline(), as_json=as_json, out=out, inp=inp)
    return code, out.getvalue().splitlines()


# -- "1 steps" ------------------------------------------------------------------------------
def test_one_step_is_one_step_in_the_picker_and_plain_mode(tmp_path: Path) -> None:
    path = one_step(tmp_path)
    assert timeline_size(resolve(str(path)).timeline()).endswith("· 1 step")
    _, lines = plain_lines(path, b"\n")
    assert "start   1 step," in lines[0]


# -- plain mode --------------------------------------------------------------------------------
def test_plain_json_session_started_carries_the_session_name(tmp_path: Path) -> None:
    _, lines = plain_lines(one_step(tmp_path), b"\n", as_json=True)
    started = json.loads(lines[0])
    assert started["event"] == "session_started" and started["name"] == "One"


def test_plain_m_says_muted_and_sound_on(tmp_path: Path) -> None:
    entry = resolve(str(one_step(tmp_path)))
    assert entry.session is not None
    muted = [False]

    def on_key(key: str) -> str | None:
        if key == "m":
            muted[0] = not muted[0]
            return "muted" if muted[0] else "sound on"
        return None

    read_end, write_end = os.pipe()
    os.write(write_end, b"m\nm\n\n")
    os.close(write_end)
    out = io.StringIO()
    with os.fdopen(read_end) as inp:
        run_plain(entry.session, entry.timeline(), out=out, inp=inp, on_key=on_key)
    said = [line.strip() for line in out.getvalue().splitlines()]
    assert said.index("muted") < said.index("sound on")


def test_the_mute_key_answers_with_the_state(tmp_path: Path) -> None:
    from timer_tui.cli.launch import mute_key
    from timer_tui.core.engine import Event

    class Cues:
        muted = False

        def on_key(self, key: str) -> bool:
            if key == "m":
                self.muted = not self.muted
                return True
            return False

        def __call__(self, event: Event) -> None: ...

    key = mute_key(Cues())
    assert (key("m"), key("m"), key("x")) == ("muted", "sound on", None)


# -- exit codes ------------------------------------------------------------------------------
def test_quitting_plain_mode_and_the_app_give_the_same_status(tmp_path: Path) -> None:
    from timer_tui.core import exit_codes

    code, _ = plain_lines(one_step(tmp_path), b"q\n")
    assert code == exit_codes.QUIT == 1


def test_help_epilog_lists_exit_statuses(capsys: pytest.CaptureFixture[str]) -> None:
    from timer_tui.cli.main import main

    with pytest.raises(SystemExit) as exited:
        main(["--help"])
    assert exited.value.code == 0
    out = capsys.readouterr().out
    for status in ("0 ", "1 ", "2 ", "70 ", "130 ", "141 ", "143 "):
        assert f"\n  {status}" in out, status
    docs = (Path(__file__).parents[2] / "docs" / "exit-codes.md").read_text()
    for status in ("0", "1", "2", "70", "129", "130", "141", "143"):
        assert f"| {status} |" in docs


# -- log --limit -----------------------------------------------------------------------------
def test_log_limit_rejects_negatives(cli: Cli) -> None:
    code, _, err = cli(["log", "--limit", "-1"])
    assert code == 2 and "--limit" in err and "0 or more" in err


def test_log_limit_zero_says_what_it_did(cli: Cli, run_into_log: RunIntoLog) -> None:
    run_into_log(resolve("presets/rest-timer"))
    code, out, _ = cli(["log", "--limit", "0"])
    assert code == 0 and "No sessions in the log yet" not in out
    assert "--limit 0" in out and "1 session in the log" in out
    code, out, _ = cli(["log", "--limit", "0", "--json"])
    assert json.loads(out) == []


# -- next when the program is done -------------------------------------------------------
def test_next_when_every_session_is_done_exits_0(
    tmp_path: Path, cli: Cli, monkeypatch: pytest.MonkeyPatch, run_into_log: RunIntoLog
) -> None:
    folder = tmp_path / "data" / "timer-tui" / "sessions" / "mini"
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    folder.mkdir(parents=True)
    (folder / "day-1.toml").write_text(
        'name = "Mini 1"\n[program]\nid = "mini"\nday = 1\n[[steps]]\nkind = "run"\nduration = 5\n'
    )
    run_into_log(resolve("mini/day-1"))
    code, out, err = cli(["next", "mini"])
    assert code == 0 and "well done" in out + err
    code, out, _ = cli(["next", "mini", "--dry-run"])
    assert code == 0 and out == ""


# -- the resume offer --------------------------------------------------------------------------
NOW = dt.datetime(2026, 11, 27, 10, 0, tzinfo=dt.timezone.utc)


def interrupted(clock: FakeClock) -> SessionRecord:
    engine, recorder = open_run(resolve("c25k/week-1-run-1"), clock, start=NOW)
    engine.start()
    clock.advance(300)
    engine.poll()  # the warm-up ran out: completed
    clock.advance(5)
    engine.next()  # the first run: skipped
    recorder.close()
    (record,) = logged_sessions(is_alive=lambda *_: False)
    return record


def test_the_resume_offer_counts_done_and_skipped_apart(clock: FakeClock) -> None:
    record = interrupted(clock)
    text = resume_text(record, record.last_seen_at + dt.timedelta(minutes=5))
    assert "1 step done and 1 skipped" in text and "finished" not in text
    assert "5 min ago" in text


def test_the_resume_offer_says_just_now_and_never_a_negative_time(clock: FakeClock) -> None:
    record = interrupted(clock)
    assert "just now" in resume_text(record, record.last_seen_at + dt.timedelta(seconds=20))
    future = resume_text(record, record.last_seen_at - dt.timedelta(days=2))
    assert "-" not in future.split("step")[0] and "min ago" not in future
    assert "clock" in future


# -- check -----------------------------------------------------------------------------------
def test_check_reports_too_many_steps_with_the_other_errors(tmp_path: Path, cli: Cli) -> None:
    path = tmp_path / "big.toml"
    path.write_text(
        'name = "Big"\n[[steps]]\nrepeat = 1000\nsteps = [\n'
        '  { kind = "run", duration = 1 }, { kind = "walk", duration = 1 },\n'
        '  { kind = "run", duration = 1 }, { kind = "walk", duration = 1 },\n'
        '  { kind = "run", duration = 1 }, { kind = "walk", duration = 1 },\n'
        '  { kind = "run", duration = 1 }, { kind = "walk", duration = 1 },\n'
        '  { kind = "run", duration = 1 }, { kind = "walk", duration = 1 },\n'
        '  { kind = "run", duration = 1 },\n]\n'
        '[[steps]]\nkind = "jog"\nduration = 5\n'
    )
    messages = [e.message for e in load_session(path).errors]
    assert any("10000 steps" in m or "10,000" in m for m in messages), messages
    assert any("jog" in m for m in messages), messages


def test_check_on_a_folder_without_sessions(tmp_path: Path, cli: Cli) -> None:
    code, out, err = cli(["check", str(tmp_path)])
    assert code == 1
    assert "no .toml session files" in out + err
    assert "0 files checked" not in out + err and "1 problem" not in out + err


# -- Tabata and rest_between -----------------------------------------------------------------
def test_rest_between_replaces_the_rest_that_ends_a_round() -> None:
    result = parse_session(
        'name = "T"\n[[steps]]\nrepeat = 3\nrest_between = 60\nsteps = [\n'
        '  { kind = "work", duration = 20 }, { kind = "rest", duration = 10 },\n]\n'
    )
    assert result.session is not None
    kinds = [(s.kind, s.seconds) for s in expand(result.session).steps]
    assert kinds == [
        (Kind.WORK, 20),
        (Kind.REST, 60),
        (Kind.WORK, 20),
        (Kind.REST, 60),
        (Kind.WORK, 20),
        (Kind.REST, 10),
    ]


# -- a hold ended early ------------------------------------------------------------------------
def test_a_hold_ended_early_is_shortened_and_counts(clock: FakeClock) -> None:
    result = parse_session(
        'name = "Hold"\n[[steps]]\nname = "Plank"\nduration = 60\n'
        '[[steps]]\nkind = "run"\nduration = 60\n'
    )
    assert result.session is not None
    engine = Engine(expand(result.session), clock=clock)
    engine.start()
    clock.advance(40)
    engine.next()
    clock.advance(2)
    engine.next()
    assert [r.outcome for r in engine.results] == [StepOutcome.SHORTENED, StepOutcome.SKIPPED]


def test_a_shortened_hold_is_logged_so_and_counts_as_done(clock: FakeClock) -> None:
    engine, recorder = open_run(resolve("fitness-test/runners-fitness-test"), clock)
    engine.start()
    while not engine.status.is_over:
        step = engine.step
        if step.name == "Plank hold":
            clock.advance(70)
            engine.next()  # form broke at 1:10 of 3:00
        elif step.is_timed:
            clock.advance(step.seconds or 0)
            engine.poll()
        else:
            engine.done(reps=10)
    recorder.close()
    (record,) = logged_sessions(with_steps=True)
    plank = next(s for s in record.steps if s.name == "Plank hold")
    assert plank.outcome == "shortened" and not plank.skipped
    assert record.outcome is Outcome.COMPLETED and record.steps_skipped == 0
    assert record.outcome_text == "completed"
