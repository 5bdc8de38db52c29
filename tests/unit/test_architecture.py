"""The core stays free of the UI: each headless module imports without textual or rich."""

from __future__ import annotations

import subprocess
import sys

import pytest

CORE = [
    "timer_tui.core.durations",
    "timer_tui.core.model",
    "timer_tui.core.format_spec",
    "timer_tui.core.toml_positions",
    "timer_tui.core.loader",
    "timer_tui.core.timeline",
    "timer_tui.core.engine",
    "timer_tui.library.sessions",
    "timer_tui.library.paths",
    "timer_tui.cli.plain",
    "timer_tui.core.cues",
    "timer_tui.log.store",
    "timer_tui.core.schema",
]


@pytest.mark.parametrize("module", CORE)
def test_core_module_does_not_import_textual_or_rich(module: str) -> None:
    code = (
        "import importlib, importlib.util, sys\n"
        f"if importlib.util.find_spec({module!r}) is None: sys.exit(3)\n"
        f"importlib.import_module({module!r})\n"
        "bad = sorted(m for m in sys.modules if m.split('.')[0] in ('textual', 'rich'))\n"
        "print(' '.join(bad)); sys.exit(1 if bad else 0)\n"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    if proc.returncode == 3:
        pytest.skip(f"{module} is not written yet")
    assert proc.returncode == 0, f"{module} pulls in: {proc.stdout} {proc.stderr}"
