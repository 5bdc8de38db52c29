"""How the in-app editor looks with a broken file: the error at its line, the list
beside it, the last valid preview dimmed. SVG snapshots at the two test sizes."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from textual.pilot import Pilot
from textual.widgets import Label

from tests.app.conftest import USER
from timer_tui.ui.screens.editor import EditorScreen, edit_target

SIZES = [pytest.param((100, 30), id="100x30"), pytest.param((60, 20), id="60x20")]
SnapCompare = Callable[..., bool]


async def open_broken(pilot: Pilot[Any]) -> None:
    screen = EditorScreen(edit_target(USER / "broken.toml"))
    await pilot.app.push_screen(screen)
    await pilot.pause()
    # The real path depends on where the repository is checked out.
    screen.query_one("#editor-path", Label).update("sessions-user/broken.toml")
    screen.source.cursor_blink = False
    await pilot.pause()


@pytest.mark.parametrize("size", SIZES)
def test_editor_with_an_error(
    snap_compare: SnapCompare, make_app: Callable[..., Any], size: tuple[int, int]
) -> None:
    assert snap_compare(make_app(), terminal_size=size, run_before=open_broken)
