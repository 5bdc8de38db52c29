"""`timer-tui log`'s table fits the terminal by leaving columns out, not by squeezing names.

At 80 columns (a pipe's width too) and fewer, Rich's layout shrank the widest column
first: a session's name went one word a line ("Streng…/-/Hamstr…") and "interrupted"
was cut to "interrup…". The table now leaves the less important columns out (Program,
Planned, Dist., then the start's year, then Active) until the name keeps 28 cells
(or its whole line) and every outcome word is whole.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import itertools

import pytest

from timer_tui.cli import log_print, log_table
from timer_tui.log.listing import listed_from_record
from timer_tui.log.records import Outcome, SessionRecord

WHEN = dt.datetime(2026, 3, 2, 7, 30, tzinfo=dt.timezone.utc)
NAME = "Strength - Hamstrings Nordic curl"
RECORD = SessionRecord(
    row=1, session_id="s", name=NAME, path=None, sha256=None,
    program_id="c25k", program_week=1, program_day=1, program_order=None,
    started_at=WHEN, ended_at=None, last_seen_at=WHEN, planned_seconds=1800,
    step_count=12, active_seconds=754.0, paused_seconds=0.0, outcome=Outcome.INTERRUPTED,
    current_step=None, stopped_step=3, resumes=0, distance_m=2140.0,
)  # fmt: skip


def printed(
    width: int,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    record: SessionRecord = RECORD,
) -> list[str]:
    """The log of ``record`` and a completed run of it as a pipe of ``width`` columns
    gets it."""
    monkeypatch.setenv("COLUMNS", str(width))
    monkeypatch.delenv("FORCE_COLOR", raising=False)
    capsys.readouterr()
    done = dataclasses.replace(record, row=2, outcome=Outcome.COMPLETED, stopped_step=None)
    listed = [listed_from_record(r) for r in (record, done)]
    log_print.print_listed(listed, streak=1)
    return capsys.readouterr().out.splitlines()


def header(lines: list[str]) -> list[str]:
    return lines[2].split()


@pytest.mark.parametrize("width", [50, 60, 70, 80, 100, 120])
def test_the_table_fits_and_keeps_names_and_outcomes_whole(
    width: int, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    lines = printed(width, monkeypatch, capsys)
    assert all(len(line) <= width for line in lines), "\n".join(lines)
    text = "\n".join(lines)
    assert "…" not in text, text
    assert "interrupted" in text and "completed" in text
    for word in NAME.split():
        assert word in text
    assert "Session" in header(lines) and "Outcome" in header(lines)


def test_at_120_columns_every_column_is_shown(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    lines = printed(120, monkeypatch, capsys)
    every = ["Started", "Session", "Program", "Outcome", "Active", "Planned", "Dist."]
    assert header(lines) == every
    assert "2026-03-02 07:30   Strength - Hamstrings Nordic " in lines[4]
    assert "interrupted at step 4/12" in lines[4]


def test_at_80_columns_a_program_run_is_a_line(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """A pipe's width: C25K's names on a line of their own, the Program and Planned
    columns left out for them."""
    c25k = dataclasses.replace(
        RECORD, name="Couch to 5K - Week 1, Run 1", distance_m=None, outcome=Outcome.QUIT
    )
    lines = printed(80, monkeypatch, capsys, c25k)
    assert header(lines) == ["Started", "Session", "Outcome", "Active"]
    assert "   Couch to 5K - Week 1, Run 1   quit at step 4/12" in lines[4]
    assert "   Couch to 5K - Week 1, Run 1   completed, not counted" in lines[5]


def test_at_80_columns_a_longer_name_is_still_a_line(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    lines = printed(80, monkeypatch, capsys)
    assert header(lines) == ["Started", "Session", "Outcome"]
    assert lines[4].startswith(f"  03-02 07:30   {NAME}   interrupted at step 4/12")


def test_at_60_columns_the_name_keeps_its_words(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    lines = printed(60, monkeypatch, capsys)
    assert header(lines) == ["Started", "Session", "Outcome"]
    assert lines[4].startswith("  03-02 07:30   Strength -")
    assert lines[5].strip().startswith("Hamstrings Nordic")


def test_the_order_columns_are_left_out_in() -> None:
    cells = [((NAME, None),)]
    columns = (*log_table.COLUMNS, log_table.DISTANCE)
    row = [
        (("2026-03-02 07:30", None),), *cells, (("c25k W1D1", None),),
        (("interrupted at step 4/12", "red"),), (("12:34", None),), (("30:00", None),),
        (("2.14 km", None),),
    ]  # fmt: skip
    shown = {
        width: [c.header for c in log_table.fitted(columns, [row], width).columns]
        for width in (120, 90, 80, 70, 60, 50)
    }
    assert shown[120] == [c.header for c in columns]
    kept = [shown[w] for w in (120, 90, 80, 70, 60, 50)]
    for wider, narrower in itertools.pairwise(kept):
        assert set(narrower) <= set(wider)  # a column left out stays out
    assert shown[50] == ["Started", "Session", "Outcome"]
