"""A hostile or broken config file: one message, the defaults, never a crash, a hang or a stall.

docs/config.md promises that a config mistake never stops a session; these are the
files that broke that promise (issue 11, item 5).
"""

from __future__ import annotations

import os
import threading
import time
from pathlib import Path

import pytest

from timer_tui.library.config import (
    MAX_CONFIG_BYTES,
    MAX_ERRORS,
    MAX_KEYS,
    Config,
    load_config,
    parse_config,
)

IDS = {"countdown.pause", "countdown.next", "app.help"}


def _load(path: Path) -> Config:
    """``load_config`` in a thread, so a blocking open fails the test instead of hanging it."""
    box: list[Config] = []
    thread = threading.Thread(target=lambda: box.append(load_config(path, IDS)), daemon=True)
    thread.start()
    thread.join(5)
    assert box, f"load_config blocked on {path}"
    return box[0]


@pytest.mark.parametrize(
    "text",
    [
        '[keys]\n"app.help" = ' + "9" * 5000 + "\n",
        "[run]\nresume_after_stop = " + "9" * 5000 + "\n",
        "x = " + "[" * 5000 + "]" * 5000 + "\n",
        "x = " + "{a=" * 3000 + "1" + "}" * 3000 + "\n",
    ],
    ids=["huge-int-key", "huge-int-run", "nested-arrays", "nested-tables"],
)
def test_a_value_tomllib_chokes_on_is_one_error_and_the_defaults(text: str) -> None:
    config = parse_config(text, Path("c.toml"), known_ids=IDS)
    assert config.keys == {} and not config.resume_after_stop
    (error,) = config.errors
    assert error.format().startswith("c.toml:")


@pytest.mark.parametrize("count", [150, 2000])
def test_many_unknown_ids_are_quick_and_reported_briefly(count: int) -> None:
    text = "[keys]\n" + "".join(f'"countdown.pauze{i}" = "k"\n' for i in range(count))
    started = time.perf_counter()
    config = parse_config(text, Path("c.toml"), known_ids=IDS)
    took = time.perf_counter() - started
    assert took < 0.5, took
    assert 1 <= len(config.errors) <= MAX_ERRORS + 1
    if count > MAX_KEYS:
        assert "at most" in config.errors[0].message
    else:
        assert config.errors[-1].message == f"and {count - MAX_ERRORS} more errors"
    assert config.keys == {}


def test_a_huge_key_value_is_refused() -> None:
    config = parse_config('[keys]\n"app.help" = "' + "k," * 50_000 + '"\n', known_ids=IDS)
    assert config.keys == {} and len(config.errors) == 1


def test_a_config_over_the_size_cap_is_refused_without_reading_it(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_text("# " + "x" * MAX_CONFIG_BYTES + "\n")
    config = _load(path)
    (error,) = config.errors
    assert "too large" in error.message and config.keys == {}


def test_a_fifo_config_is_refused_without_blocking(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    os.mkfifo(path)
    config = _load(path)
    (error,) = config.errors
    assert "not a regular file" in error.message


def test_a_device_config_is_refused(tmp_path: Path) -> None:
    config = _load(Path("/dev/zero"))
    (error,) = config.errors
    assert "not a regular file" in error.message


def test_a_folder_config_is_refused(tmp_path: Path) -> None:
    config = _load(tmp_path)
    (error,) = config.errors
    assert "not a regular file" in error.message


def test_resume_after_stop_is_read_and_checked() -> None:
    assert parse_config("[run]\nresume_after_stop = true\n").resume_after_stop
    assert not parse_config("").resume_after_stop
    bad = parse_config(
        '[run]\nresume_after_stop = "yes"\n[keys]\n"app.help" = "h"\n', known_ids=IDS
    )
    (error,) = bad.errors
    assert "true or false" in error.message and error.line == 2
    assert not bad.resume_after_stop
    unknown = parse_config("[run]\nresume_after_stp = true\n")
    (error,) = unknown.errors
    assert "did you mean `resume_after_stop`" in error.message
