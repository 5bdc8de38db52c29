"""Live reload: the picker notices session files added, changed and removed in the
user folder within a second or two, and lists a broken file with its first error."""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path

from textual.pilot import Pilot
from textual.widgets import Tree

from tests.app.conftest import BUNDLED, MakeApp
from timer_tui.library.paths import user_sessions_dir
from timer_tui.library.sessions import SessionEntry, discover
from timer_tui.ui.screens.picker import PickerScreen

GOOD = 'name = "Fresh intervals"\n[[steps]]\nkind = "run"\nduration = 60\n'


def entries() -> list[SessionEntry]:
    """The test library plus the real (temporary, per-test) user folder being watched."""
    return discover(bundled_dir=BUNDLED)


async def wait_for(pilot: Pilot[int], condition: Callable[[], bool], limit: float = 3.0) -> float:
    """Seconds until ``condition`` held; fails after ``limit``."""
    start = time.monotonic()
    while not condition():
        if time.monotonic() - start > limit:
            raise AssertionError(f"not within {limit} s")
        await pilot.pause(0.05)
    return time.monotonic() - start


def labels(picker: PickerScreen) -> list[str]:
    tree: Tree[SessionEntry | None] = picker.query_one(Tree)
    out: list[str] = []
    for group in tree.root.children:
        out.extend(str(leaf.label) for leaf in group.children)
    return out


def picker_of(pilot: Pilot[int]) -> PickerScreen:
    screen = pilot.app.screen
    assert isinstance(screen, PickerScreen)
    return screen


async def test_added_changed_and_removed_files_show_up(make_app: MakeApp) -> None:
    folder = user_sessions_dir()
    folder.mkdir(parents=True, exist_ok=True)
    app = make_app(load_entries=entries)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        picker = picker_of(pilot)
        assert not any("Fresh" in label for label in labels(picker))

        path: Path = folder / "fresh.toml"
        path.write_text(GOOD, encoding="utf-8")
        took = await wait_for(pilot, lambda: any("Fresh intervals" in la for la in labels(picker)))
        assert took < 2.0

        path.write_text(GOOD.replace("Fresh intervals", "Renamed run"), encoding="utf-8")
        took = await wait_for(pilot, lambda: any("Renamed run" in la for la in labels(picker)))
        assert took < 2.0
        assert not any("Fresh intervals" in la for la in labels(picker))

        path.unlink()
        took = await wait_for(pilot, lambda: not any("Renamed" in la for la in labels(picker)))
        assert took < 2.0


async def test_a_file_that_stops_validating_is_shown_with_its_first_error(
    make_app: MakeApp,
) -> None:
    folder = user_sessions_dir()
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "fresh.toml"
    path.write_text(GOOD, encoding="utf-8")
    app = make_app(load_entries=entries)
    async with app.run_test(size=(160, 40)) as pilot:
        await pilot.pause()
        picker = picker_of(pilot)
        assert any("Fresh intervals" in la for la in labels(picker))
        path.write_text(GOOD.replace("duration", "durration"), encoding="utf-8")

        def shown_broken() -> bool:
            return any("does not load" in la and "durration" in la for la in labels(picker))

        await wait_for(pilot, shown_broken)
        entry = next(e for e in picker.entries if e.id == "fresh")
        assert not entry.ok


async def test_the_cursor_stays_on_the_same_session_across_a_reload(make_app: MakeApp) -> None:
    folder = user_sessions_dir()
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "b-second.toml").write_text(GOOD.replace("Fresh", "Second"), encoding="utf-8")
    app = make_app(load_entries=entries)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        picker = picker_of(pilot)
        tree: Tree[SessionEntry | None] = picker.query_one(Tree)
        node = next(
            leaf
            for group in tree.root.children
            for leaf in group.children
            if leaf.data is not None and leaf.data.id == "b-second"
        )
        assert node.parent is not None
        node.parent.expand()
        await pilot.pause()
        tree.move_cursor(node)
        await pilot.pause()
        assert picker.highlighted_entry is not None
        assert picker.highlighted_entry.id == "b-second"
        (folder / "a-first.toml").write_text(GOOD.replace("Fresh", "First"), encoding="utf-8")
        await wait_for(pilot, lambda: any("First intervals" in la for la in labels(picker)))
        await pilot.pause(0.1)
        assert picker.highlighted_entry is not None
        assert picker.highlighted_entry.id == "b-second"
