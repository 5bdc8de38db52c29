"""The picker from the scan cache shows what it shows from the files, and builds less.

The rows of a folded program are added just after the first frame, a resize that
changes no names' column keeps the tree, and a hostile cache reaches the screen
escaped, as a hostile file does.
"""

from __future__ import annotations

import json
import threading
import time
from pathlib import Path
from typing import Any

import pytest
from textual.widgets import Tree

from tests.app.conftest import MakeApp, notices, picker_lines
from tests.app.test_hostile_text import drawn_controls
from timer_tui.library import scan_cache
from timer_tui.library.paths import user_sessions_dir
from timer_tui.library.scan_cache import cache_path
from timer_tui.library.sessions import READ_AT_ONCE, Discovery, SessionEntry, Source, discover
from timer_tui.log.views import Progress
from timer_tui.ui.commands import session_commands
from timer_tui.ui.screens.countdown import CountdownScreen
from timer_tui.ui.screens.picker import PickerScreen, PreviewScreen

GOOD = 'name = "{name}"\n[[steps]]\nkind = "run"\nduration = {seconds}\n'


@pytest.fixture(autouse=True)
def quick_settle(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(scan_cache, "SETTLE_NS", 50_000_000)


def user_folder(count: int) -> Path:
    root = user_sessions_dir()
    root.mkdir(parents=True)
    for n in range(count):
        (root / f"mine-{n:03d}.toml").write_text(GOOD.format(name=f"Mine {n:03d}", seconds=n + 1))
    (root / "broken.toml").write_text('name = "x"\n[[steps]]\nkind = "sprint"\nduration = 5\n')
    time.sleep(0.1)  # settled: the cache keeps them
    return root


WEEK_0 = (  # no week nor day: first of its program
    'name = "Week 0, Run 1"\n[program]\nid = "c25k"\nname = "Couch to 5K"\n[[steps]]\nkind = "walk"\nduration = 60\n'
)


def all_lines(app: Any) -> list[str]:
    """Every row of the tree, folded or not, as its label reads."""
    tree: Tree[SessionEntry | None] = app.screen.query_one(Tree)
    out: list[str] = []

    def walk(node: Any) -> None:
        for child in node.children:
            out.append(str(child.label))
            walk(child)

    walk(tree.root)
    return out


async def shown(make_app: MakeApp, cached: bool) -> tuple[list[str], list[str]]:
    app = make_app(load_entries=lambda: discover(cached=cached))
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        return picker_lines(app), all_lines(app)


async def test_the_picker_shows_the_same_from_the_cache(make_app: MakeApp) -> None:
    user_folder(40)
    discover()  # fills the cache
    assert sum(e.listing is not None for e in discover()) > 40
    assert await shown(make_app, True) == await shown(make_app, False)


async def test_folded_programs_get_their_rows_just_after_the_frame(make_app: MakeApp) -> None:
    user_folder(30)
    app = make_app(load_entries=discover)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, PickerScreen)
        tree: Tree[SessionEntry | None] = screen.query_one(Tree)
        mine = next(n for n in tree.root.children if "Your sessions" in str(n.label))
        assert not mine.is_expanded and len(mine.children) == 31
        screen.rebuild()
        mine = next(n for n in tree.root.children if "Your sessions" in str(n.label))
        assert len(mine.children) == 0, "not built before the frame"
        mine.expand()  # opened before the fill: its rows come at once, once
        await pilot.pause()
        assert len(mine.children) == 31
        assert any("Mine 029" in line for line in picker_lines(app))


async def test_a_resize_that_changes_no_column_keeps_the_tree(make_app: MakeApp) -> None:
    user_folder(3)
    app = make_app(load_entries=discover)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, PickerScreen)
        builds = 0
        rebuild = screen.rebuild

        def counted(hold_row: bool = False) -> None:
            nonlocal builds
            builds += 1
            rebuild(hold_row)

        screen.rebuild = counted  # type: ignore[method-assign]
        await pilot.resize_terminal(110, 30)
        await pilot.pause()
        assert builds == 0
        await pilot.resize_terminal(40, 30)  # long names are cut now
        await pilot.pause()
        assert builds == 1


def hostile_cache() -> None:
    """The cache, as another program could write it: a real file's record with names
    that hold escape sequences."""
    discover()
    path = cache_path(user_sessions_dir())
    raw = json.loads(path.read_text())
    for record in raw["files"]:
        if record[0] == "mine-001.toml":
            record[6] = "Evil\x1b]0;pwned\x07 \x9b2J name"
            record[7] = ["evil", "Plan\x1b]52;c;cm0=\x07", 1, 1, None]
    path.write_text(json.dumps(raw))


async def test_a_hostile_cache_is_drawn_escaped(make_app: MakeApp) -> None:
    user_folder(3)
    hostile_cache()
    entries = discover()
    assert any(e.name.startswith("Evil\x1b") for e in entries), "the record was used"
    app = make_app(load_entries=discover)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        tree: Tree[SessionEntry | None] = app.screen.query_one(Tree)
        tree.root.expand_all()
        await pilot.pause()
        lines = picker_lines(app)
        assert any("Evil\\x1b]0;pwned\\x07" in line for line in lines), lines
        assert any("Plan\\x1b]52" in line for line in lines), lines
        assert drawn_controls(app) == []


async def test_a_cached_row_whose_file_broke_previews_its_errors(make_app: MakeApp) -> None:
    root = user_folder(3)
    discover()
    entry = next(e for e in discover() if e.id == "mine-002")
    assert entry.listing is not None and entry.ok
    (root / "mine-002.toml").write_text('name = "x"\n')
    app = make_app(load_entries=discover)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        app.push_screen(PreviewScreen(entry))
        await pilot.pause()
        assert isinstance(app.screen, PreviewScreen)
        assert app.screen.timeline is None
        assert "does not load" in str(app.screen.query_one("#preview-errors").render())


async def test_the_palette_reads_no_file_and_starts_one_as_it_is_now(make_app: MakeApp) -> None:
    root = user_folder(3)
    discover()
    entries = discover()
    app = make_app(load_entries=discover)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        commands = session_commands(app, entries)
        assert any("Mine 001" in c.text for c in commands)
        assert all(e.unread for e in entries if e.listing is not None), "no file was read"
        (root / "mine-001.toml").write_text('name = "x"\n')
        start = next(c for c in commands if c.text == "Start: Mine 001")
        start.run()
        await pilot.pause()
        assert isinstance(app.screen, PickerScreen), "not run"
        assert any("mine-001.toml does not load now" in n for n in notices(app))
        next(c for c in commands if c.text == "Start: Mine 002").run()
        await pilot.pause()
        assert isinstance(app.screen, CountdownScreen)


@pytest.fixture
def held_read(monkeypatch: pytest.MonkeyPatch) -> threading.Event:
    """More new user files than are read at once, one of them a C25K session that sorts
    first; reading them after the first frame waits until the test sets the event."""
    root = user_folder(READ_AT_ONCE + 10)
    (root / "extra").mkdir()
    (root / "extra" / "c25k-week-0.toml").write_text(WEEK_0)
    time.sleep(0.1)
    gate = threading.Event()
    finish = Discovery.finish

    def held(self: Discovery) -> list[SessionEntry]:
        gate.wait(10)
        return finish(self)

    monkeypatch.setattr(Discovery, "finish", held)
    return gate


async def test_a_first_scan_shows_the_known_rows_then_the_rest_in_place(
    make_app: MakeApp, held_read: threading.Event
) -> None:
    """No cache and more new files than are read at once: the first frame has the bundled
    rows and a line saying the rest are being read; once read (held here until the test
    lets go), every row is there as a full scan shows it, broken ones too, and the
    cursor's session is on the screen row it was on though a row came in above it."""
    app = make_app(load_entries=discover)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, PickerScreen)
        lines = picker_lines(app)
        assert lines[-1] == f"Reading {READ_AT_ONCE + 12} new or changed session files…"
        assert all(e.source is Source.BUNDLED for e in screen.entries), "no user file read"
        assert not any("Week 0" in line for line in lines)
        await pilot.press("down", "down")
        tree: Tree[SessionEntry | None] = screen.query_one(Tree)
        entry = screen.highlighted_entry
        assert entry is not None and entry.id == "c25k/week-1-run-3"
        row = tree.cursor_line - tree.scroll_y
        held_read.set()
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert any("Week 0, Run 1" in line for line in picker_lines(app))
        assert screen.highlighted_entry == entry
        assert tree.cursor_line - tree.scroll_y == row, "the row under the cursor stayed"
        filled = all_lines(app)
    assert filled == (await shown(make_app, False))[1]
    assert any("broken" in line and "does not load" in line for line in filled)
    assert not any(line.startswith("Reading") for line in filled)


async def test_an_untouched_cursor_goes_to_a_next_session_that_came_in(
    make_app: MakeApp, held_read: threading.Event
) -> None:
    """The cursor the first frame placed (no key pressed since) goes where it would have
    gone had every file been read at once: here to the next session, a new file's."""
    next_id = "extra/c25k-week-0"
    app = make_app(load_entries=discover, progress=lambda _: Progress(next=frozenset({next_id})))
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, PickerScreen)
        first = screen.highlighted_entry
        assert first is not None and first.id == "c25k/week-1-run-1"
        held_read.set()
        await app.workers.wait_for_complete()
        await pilot.pause()
        now = screen.highlighted_entry
        assert now is not None and now.id == next_id
