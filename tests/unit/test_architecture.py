"""The core stays free of the UI: each headless module imports without textual or rich.

import-linter (``make test``) checks the layers from the source; these tests check
what really ends up in ``sys.modules``, which also catches an import made inside a
function at import time, or a third-party module that drags Rich in.
"""

from __future__ import annotations

import pkgutil
import subprocess
import sys

import pytest

import timer_tui.core
import timer_tui.library
import timer_tui.log

HEADLESS_PACKAGES = (timer_tui.core, timer_tui.library, timer_tui.log)
"""Every module in these packages must load without textual or rich."""

CORE = [
    *(
        info.name
        for package in HEADLESS_PACKAGES
        for info in pkgutil.iter_modules(package.__path__, f"{package.__name__}.")
    ),
    "timer_tui.cli.plain",
    "timer_tui.cli.parser",
    "timer_tui.cli.main",
]


def loaded_after_import(module: str, prefixes: tuple[str, ...]) -> list[str]:
    """The modules under ``prefixes`` that a fresh interpreter holds after importing ``module``."""
    code = (
        "import importlib, sys\n"
        f"importlib.import_module({module!r})\n"
        f"prefixes = {prefixes!r}\n"
        "print(' '.join(sorted(m for m in sys.modules"
        " if any(m == p or m.startswith(p + '.') for p in prefixes))))\n"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr
    return proc.stdout.split()


def test_the_headless_list_is_not_empty() -> None:
    for name in ("timer_tui.core.engine", "timer_tui.log.store", "timer_tui.library.sessions"):
        assert name in CORE


@pytest.mark.parametrize("module", CORE)
def test_core_module_does_not_import_textual_or_rich(module: str) -> None:
    bad = loaded_after_import(module, ("textual", "rich"))
    assert bad == [], f"{module} pulls in: {bad}"


def test_the_command_line_starts_without_the_app_the_log_or_audio() -> None:
    """``timer-tui run`` builds every command's parser: none of them may import heavy things."""
    heavy = ("textual", "rich", "sqlite3", "timer_tui.ui", "timer_tui.log", "timer_tui.audio")
    assert loaded_after_import("timer_tui.cli.main", heavy) == []
