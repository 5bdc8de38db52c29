"""A broken config never stops a plain-mode run: one notice on stderr, then the defaults."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import run_timer_tui

pytestmark = pytest.mark.e2e


def test_a_hostile_config_is_one_notice_and_the_run_goes_on(
    tmp_path: Path, subprocess_env: dict[str, str]
) -> None:
    session = tmp_path / "s.toml"
    session.write_text('name = "C"\n[[steps]]\nkind = "run"\nduration = 1\n')
    config = Path(subprocess_env["XDG_CONFIG_HOME"]) / "timer-tui" / "config.toml"
    config.parent.mkdir(parents=True)
    config.write_text("x = " + "[" * 5000 + "]" * 5000 + "\n")
    done = run_timer_tui("run", str(session), "--plain", "--mute", env=subprocess_env, timeout=20)
    assert done.returncode == 0, done.stderr
    assert "session complete" in done.stdout
    [line] = [x for x in done.stderr.splitlines() if "config" in x]
    assert str(config) in line and "defaults" in line
