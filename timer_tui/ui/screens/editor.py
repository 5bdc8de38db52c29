"""The in-app session editor: the file on the left, what it expands to on the right.

Every edit is checked after a short pause (the loader is fast, but checking on
every keystroke would redraw the preview while you type a word). Errors appear
at their lines in the text and as a list beside it; the preview keeps the last
valid timeline, dimmed, while the file is broken, so it does not jump about.

ctrl+s saves atomically (a temporary file renamed over the old one); ctrl+r
saves and runs; escape closes, asking first when there are unsaved changes. A
bundled session is never written: saving it writes the user's copy under the
same id, which then takes its place in the library.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any, ClassVar

from rich.text import Text
from textual import work
from textual.app import App, ComposeResult
from textual.binding import BindingType
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import DataTable, Label, OptionList, TextArea
from textual.widgets.option_list import Option

from timer_tui.core.loader import LoadError, LoadResult, parse_session
from timer_tui.core.safe_text import safe_text
from timer_tui.core.timeline import Timeline, expand
from timer_tui.core.wording import plural
from timer_tui.library.atomic import write_text_atomic
from timer_tui.library.editing import (
    ensure_user_schema,
    user_copy_path,
    with_schema_directive,
)
from timer_tui.library.paths import bundled_sessions_dir, user_sessions_dir
from timer_tui.library.sessions import SessionEntry, Source
from timer_tui.library.watch import FileWatcher
from timer_tui.ui import bindings, texts
from timer_tui.ui.dialogs.confirm import DiscardChangesScreen
from timer_tui.ui.widgets.keybar import KeyBar
from timer_tui.ui.widgets.palette import KIND_COLOURS
from timer_tui.ui.widgets.session_source import SessionSource

CHECK_DELAY = 0.3
"""Seconds of quiet typing before the file is checked and the preview redrawn."""
DISK_CHECK_INTERVAL = 1.0
"""Seconds between looks at the file on disk (another program may change it)."""
NARROW_BELOW_WIDTH = 80
"""Below this many columns the preview is stacked under the text, not beside it."""
PREVIEW_ROWS = 400
"""More rows than anyone reads; a 10,000-step timeline would make typing sluggish."""


class CannotEdit(Exception):
    """The file cannot be opened in the editor (not UTF-8, unreadable); says why."""


@dataclass(frozen=True, slots=True)
class EditTarget:
    """What the editor opens: the text, where it is saved, and where it came from."""

    path: Path
    text: str
    session_id: str
    bundled: Path | None = None


def edit_target(entry_path: Path) -> EditTarget:
    """Read a session file for editing; a bundled one is saved to the user's copy."""
    copy = user_copy_path(entry_path)
    if copy is not None and copy.exists():
        entry_path, copy = copy, None
    source = entry_path
    try:
        data = source.read_bytes()
    except OSError as exc:
        raise CannotEdit(f"{source}: cannot read it ({exc.strerror or exc})") from None
    try:
        text = data.decode("utf-8").removeprefix("\ufeff")
    except UnicodeDecodeError:
        raise CannotEdit(f"{source} is not UTF-8 text; open it in your own editor with e") from None
    if copy is not None:
        bundled_id = copy.relative_to(user_sessions_dir()).with_suffix("").as_posix()
        return EditTarget(copy, with_schema_directive(text, copy), bundled_id, bundled=source)
    return EditTarget(source, text, _id_for(source))


def _id_for(path: Path) -> str:
    for root in (user_sessions_dir(), bundled_sessions_dir()):
        try:
            return path.resolve().relative_to(root.resolve()).with_suffix("").as_posix()
        except ValueError:
            continue
    return path.stem


def error_label(error: LoadError) -> Text:
    where = f"line {error.line}" + (f":{error.col}" if error.col else "")
    key = f"{error.key}: " if error.key else ""
    label = Text(f"{where}  ", style="bold red")
    label.append(f"{key}{error.message}")
    return label


class EditorScreen(Screen[None]):
    CSS_PATH = "editor.tcss"
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (NARROW_BELOW_WIDTH, "-roomy")]  # noqa: RUF012
    """Narrow: the preview goes under the text instead of beside it."""
    BINDINGS: ClassVar[list[BindingType]] = bindings.EDITOR

    @dataclass
    class Run(Message):
        """Run this (saved, valid) session; the app pushes its countdown."""

        entry: SessionEntry

    @dataclass
    class Saved(Message):
        """The file was written; the picker may reload."""

        path: Path
        text: str

    @dataclass
    class SaveFailed(Message):
        path: Path
        reason: str

    def __init__(self, target: EditTarget) -> None:
        super().__init__()
        self.target = target
        self.saved_text: str | None = None if target.bundled else target.text
        self.result: LoadResult = LoadResult(None, ())
        self.last_timeline: Timeline | None = None
        self._check_timer: Timer | None = None
        self._checked_text: str | None = None
        self.disk = FileWatcher(target.path)
        self.disk_changed = False
        """The file changed on disk while unsaved edits were open (said once)."""

    # -- layout -------------------------------------------------------------------------
    def compose(self) -> ComposeResult:
        with Horizontal(id="editor-top"):
            yield Label(str(self.target.path), id="editor-path")
            yield Label("", id="editor-state")
        if self.target.bundled is not None:
            yield Label(
                f"Bundled session: saving writes your own copy, which replaces "
                f"{self.target.bundled.name} in your library.",
                id="editor-note",
            )
        with Horizontal(id="editor-body"):
            yield SessionSource(self.target.text, id="editor-source")
            with Vertical(id="editor-side"):
                yield Label("", id="editor-total")
                yield OptionList(id="editor-errors")
                yield DataTable(id="editor-timeline", cursor_type="none", zebra_stripes=True)
        yield KeyBar(palette=True)

    def on_mount(self) -> None:
        table: DataTable[str | Text] = self.query_one("#editor-timeline", DataTable)
        table.add_columns("#", "Kind", "Step", "Length", "Counters")
        self.check_now()
        self.show_state()
        self.source.focus()
        self.set_interval(DISK_CHECK_INTERVAL, self.check_disk, name="editor-disk")

    def check_disk(self) -> None:
        """Another program changed the file: load it if nothing here is unsaved (no
        edit is lost), else keep the edits and warn once that saving overwrites it."""
        if not self.disk.changed():
            return
        try:
            text = self.target.path.read_text(encoding="utf-8").removeprefix("\ufeff")
        except (OSError, UnicodeDecodeError):
            return  # removed, or mid-write: the next look sees the end of it
        name = self.target.path.name
        if text == self.text:
            self.saved_text = text
        elif not self.modified:
            self.source.load_text(text)
            self.saved_text = text
            self.notify(f"{name} changed on disk: reloaded.", timeout=4)
        elif not self.disk_changed:
            self.disk_changed = True
            self.notify(
                f"{name} changed on disk while you edit it: ctrl+s saves your text over "
                "that change; Esc and discard to load it instead.",
                severity="warning",
                timeout=10,
            )
        self.show_state()

    @property
    def source(self) -> SessionSource:
        return self.query_one(SessionSource)

    @property
    def text(self) -> str:
        return self.source.text

    @property
    def modified(self) -> bool:
        """Unsaved: differs from the file on disk (a bundled session's copy is not yet written)."""
        if self.saved_text is None:
            return self.text != self.target.text
        return self.text != self.saved_text

    # -- checking -----------------------------------------------------------------------
    def on_text_area_changed(self, event: TextArea.Changed) -> None:
        self.show_state()
        if self._check_timer is not None:
            self._check_timer.stop()
        self._check_timer = self.set_timer(CHECK_DELAY, self.check_now)

    def check_now(self) -> LoadResult:
        """Validate the text as it stands and redraw errors and preview."""
        text = self.text
        if text == self._checked_text:
            return self.result
        self._checked_text = text
        self.result = parse_session(text, self.target.path)
        self.source.set_errors((e.line, e.message) for e in self.result.errors)
        self.show_errors(self.result.errors)
        if self.result.session is not None:
            self.last_timeline = expand(self.result.session)
            self.show_timeline(self.last_timeline)
        self.show_total()
        return self.result

    def show_errors(self, errors: tuple[LoadError, ...]) -> None:
        options = self.query_one("#editor-errors", OptionList)
        options.clear_options()
        options.add_options(Option(error_label(e), id=f"e{i}") for i, e in enumerate(errors))
        options.display = bool(errors)
        table = self.query_one("#editor-timeline")
        table.set_class(bool(errors), "-stale")
        table.display = self.last_timeline is not None or self.result.session is not None

    def show_total(self) -> None:
        total = self.query_one("#editor-total", Label)
        count = len(self.result.errors)
        if self.result.ok and self.last_timeline is not None:
            total.update(f"Total {texts.timeline_size(self.last_timeline)}")
            total.set_class(False, "-error")
        else:
            problems = plural(count, "problem")
            stale = (
                f" · last valid: {texts.timeline_size(self.last_timeline)}"
                if self.last_timeline is not None
                else ""
            )
            total.update(f"{problems}{stale}")
            total.set_class(True, "-error")

    def show_timeline(self, timeline: Timeline) -> None:
        table: DataTable[str | Text] = self.query_one("#editor-timeline", DataTable)
        table.clear()
        for step in timeline.steps[:PREVIEW_ROWS]:
            kind = Text(texts.phase_word(step.kind), style=f"bold {KIND_COLOURS[step.kind]}")
            name = Text(safe_text(step.name))  # a str cell would be read as markup
            table.add_row(str(step.index + 1), kind, name, step.amount, step.label)
        hidden = len(timeline) - PREVIEW_ROWS
        if hidden > 0:
            table.add_row("", "", f"… and {hidden} more steps", "", "")

    def show_state(self) -> None:
        state = self.query_one("#editor-state", Label)
        if self.modified and self.disk_changed:
            state.update("● modified · changed on disk")
        elif self.modified:
            state.update("● modified")
        elif self.saved_text is None:
            state.update("not saved yet")
        else:
            state.update("saved")
        state.set_class(self.modified, "-modified")

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        index = int((event.option.id or "e0")[1:])
        if index < len(self.result.errors):
            self.go_to(self.result.errors[index])

    def go_to(self, error: LoadError) -> None:
        line = max(0, error.line - 1)
        column = max(0, (error.col or 1) - 1)
        self.source.move_cursor((line, column), center=True)
        self.source.focus()

    def action_next_error(self) -> None:
        errors = self.check_now().errors
        if not errors:
            self.notify("No problems in this file.", timeout=2)
            return
        row = self.source.cursor_location[0] + 1
        after = [e for e in errors if e.line > row]
        self.go_to(after[0] if after else errors[0])

    # -- saving and running -------------------------------------------------------------
    def action_save(self) -> None:
        self.save(self.text)

    @work(thread=True, exclusive=True, group="editor-save")
    def save(self, text: str) -> None:
        """Write in a thread: a slow disk must not stall typing (or a running clock)."""
        path = self.target.path
        try:
            if self.target.bundled is not None:
                ensure_user_schema()
            write_text_atomic(path, text)
        except OSError as exc:
            self.post_message(self.SaveFailed(path, exc.strerror or str(exc)))
            return
        self.post_message(self.Saved(path, text))

    def on_editor_screen_saved(self, message: Saved) -> None:
        self.saved_text = message.text
        self.disk.forget()
        self.disk_changed = False
        self.show_state()
        result = self.check_now()
        if result.ok:
            self.notify(f"Saved {message.path.name}", timeout=2)
        else:
            count = len(result.errors)
            self.notify(
                f"Saved {message.path.name} with {plural(count, 'problem')}; "
                "the picker shows it as broken until they are fixed.",
                severity="warning",
                timeout=4,
            )

    def on_editor_screen_save_failed(self, message: SaveFailed) -> None:
        self.notify(f"Could not save {message.path}: {message.reason}", severity="error", timeout=8)

    def action_run(self) -> None:
        result = self.check_now()
        if not result.ok:
            first = result.errors[0]
            self.notify(
                f"Fix the file first: line {first.line}: {first.message}",
                severity="error",
                timeout=5,
            )
            self.go_to(first)
            return
        if self.modified:
            try:
                if self.target.bundled is not None:
                    ensure_user_schema()
                write_text_atomic(self.target.path, self.text)
            except OSError as exc:
                self.notify(f"Could not save: {exc.strerror or exc}", severity="error")
                return
            self.saved_text = self.text
            self.disk.forget()
            self.show_state()
        entry = SessionEntry(self.target.session_id, self.target.path, Source.USER, result)
        self.post_message(self.Run(entry))

    @staticmethod
    def ask_before_quit(app: App[Any]) -> bool:
        """For the app's quit (ctrl+q): True when an editor holds unsaved changes and a
        question was asked instead (the app exits if the answer is to discard them)."""
        unsaved = [s for s in app.screen_stack if isinstance(s, EditorScreen) and s.modified]
        if not unsaved:
            return False
        if isinstance(app.screen, DiscardChangesScreen):
            return True

        def answered(discard: bool | None) -> None:
            if discard:
                app.exit()

        app.push_screen(DiscardChangesScreen(unsaved[-1].target.path, quitting=True), answered)
        return True

    def action_close(self) -> None:
        if not self.modified:
            self.dismiss()
            return

        def answered(discard: bool | None) -> None:
            if discard:
                self.dismiss()

        self.app.push_screen(DiscardChangesScreen(self.target.path), answered)
