"""Fixtures for the pure tests: the command line run in-process, as a script sees it."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from timer_tui.cli.main import main

Cli = Callable[[list[str]], tuple[int, str, str]]


@pytest.fixture
def cli(capsys: pytest.CaptureFixture[str]) -> Cli:
    """``timer-tui ARGS`` in this process: the exit code, stdout and stderr, never a traceback."""

    def run(args: list[str]) -> tuple[int, str, str]:
        code = main(args)
        out, err = capsys.readouterr()
        assert "Traceback" not in out + err
        return code, out, err

    return run
