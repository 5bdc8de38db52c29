"""The built-in editor notices its file changing on disk while it is open (issue 12):
unmodified, it loads the new text and says so; with unsaved edits, it keeps them
and warns that saving would overwrite the other change."""

from __future__ import annotations

import os
from pathlib import Path

from textual.widgets import Label

from tests.app.conftest import notices
from tests.app.test_editor import GOOD, Host, editor, session_file

OTHER = GOOD.replace("duration = 30", "duration = 45")


def touch_later(path: Path) -> None:
    """Move the modification time on, as a save a second later would."""
    st = path.stat()
    os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns + 1_000_000_000))


async def test_an_unmodified_editor_loads_the_changed_file_and_says_so() -> None:
    path = session_file()
    app = Host(path)
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.pause()
        screen = editor(app)
        path.write_text(OTHER, encoding="utf-8")
        touch_later(path)
        screen.check_disk()
        await pilot.pause()
        assert screen.text == OTHER
        assert not screen.modified
        assert any("changed on disk" in n and "reloaded" in n for n in notices(app))


async def test_unsaved_edits_are_kept_and_the_change_on_disk_is_warned_of() -> None:
    path = session_file()
    app = Host(path)
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.pause()
        screen = editor(app)
        screen.source.insert("# mine\n", (0, 0))
        await pilot.pause()
        path.write_text(OTHER, encoding="utf-8")
        touch_later(path)
        screen.check_disk()
        await pilot.pause()
        assert screen.text.startswith("# mine\n")
        assert screen.modified
        assert any("changed on disk" in n and "ctrl+s" in n for n in notices(app))
        assert "changed on disk" in str(screen.query_one("#editor-state", Label).render())
        screen.check_disk()  # said once per change, not every second
        await pilot.pause()
        assert sum("changed on disk" in n for n in notices(app)) == 1


async def test_its_own_save_is_not_a_change_on_disk() -> None:
    path = session_file()
    app = Host(path)
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.pause()
        screen = editor(app)
        screen.source.insert("# mine\n", (0, 0))
        await pilot.press("ctrl+s")
        await app.workers.wait_for_complete()
        await pilot.pause()
        screen.check_disk()
        await pilot.pause()
        assert not any("changed on disk" in n for n in notices(app))
