"""`list` and `show` fit the terminal: no line wider than COLUMNS, names cut with an ellipsis."""

from __future__ import annotations

import pytest

from tests.unit.conftest import Cli

COMMANDS = [
    ["list"],
    ["show", "c25k/week-1-run-1"],
    ["show", "examples/strength-circuit"],
    ["show", "fitness-test/runners-fitness-test"],
    ["show", "c25k/week-1-run-1", "--cues"],
]


@pytest.mark.parametrize("columns", [40, 60, 80])
@pytest.mark.parametrize("command", COMMANDS, ids=" ".join)
def test_no_line_is_wider_than_the_terminal(
    command: list[str], columns: int, cli: Cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COLUMNS", str(columns))
    code, out, _ = cli(command)
    assert code == 0
    widest = max(out.splitlines(), key=len)
    assert len(widest) <= columns, widest
    if columns == 40:
        assert "…" in out  # something was cut, and says so


def test_a_wide_terminal_cuts_nothing(cli: Cli, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "300")
    _, out, _ = cli(["list"])
    assert "…" not in out and "Couch to 5K - Week 1, Run 1" in out


def test_a_pipe_without_columns_gets_whole_lines(cli: Cli, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("COLUMNS", raising=False)
    _, out, _ = cli(["show", "fitness-test/runners-fitness-test"])
    assert "…" not in out  # for grep: the width of a pipe is unknown, so nothing is cut
