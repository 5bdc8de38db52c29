"""The editing helpers the CLI uses stay free of Textual and Rich (harlequin's check)."""

from __future__ import annotations

import subprocess
import sys

import pytest


@pytest.mark.parametrize(
    "module",
    [
        "timer_tui.core.schema",
        "timer_tui.library.atomic",
        "timer_tui.library.editing",
        "timer_tui.cli.commands.edit",
        "timer_tui.library.watch",
    ],
)
def test_module_does_not_import_textual(module: str) -> None:
    code = (
        f"import sys, {module}; "
        "bad = [m for m in ('textual', 'rich') if m in sys.modules]; "
        "assert not bad, bad"
    )
    subprocess.run([sys.executable, "-c", code], check=True)
