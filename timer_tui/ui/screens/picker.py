"""The session picker: every bundled and user session, grouped by program.

Every printable key types into the filter (the list keeps the focus, so a fast
typist loses no letter to a focus change); the actions are on Enter, ctrl and
function keys (``ui/bindings.py``), shown in the footer. Enter opens the expanded
timeline (``PreviewScreen``), Enter again starts. Hooks for other features:

- the completion log passes a ``ProgressProvider`` (done sessions get a tick,
  the next one of each program is highlighted and gets the cursor);
- editing adds bindings here (``e``, ``E``) that act on ``highlighted_entry``,
  and live reload calls ``reload()``, which keeps the cursor on the same session.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import replace
from typing import TYPE_CHECKING, ClassVar

from rich.text import Text, TextType
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Horizontal
from textual.events import Key, Paste, Resize
from textual.screen import Screen
from textual.widgets import Input, Label, Static, Tree
from textual.widgets.tree import NodeID, TreeNode
from textual.worker import Worker, WorkerState

from timer_tui.library.paths import user_sessions_dir
from timer_tui.library.plans import plan_notes
from timer_tui.library.sessions import (
    Discovery,
    ProgramGroup,
    SessionEntry,
    discover,
    group_by_program,
    scanned_state,
)
from timer_tui.library.watch import FolderWatcher
from timer_tui.log.records import local_now
from timer_tui.log.views import Progress
from timer_tui.ui import bindings, texts
from timer_tui.ui.screens.picker_rows import (
    cursor_entry_id,
    entry_label,
    group_label,
    reading_label,
    shelf_label,
    shelf_matches,
    shelves,
)
from timer_tui.ui.widgets.keybar import KeyBar

if TYPE_CHECKING:
    from timer_tui.ui.screens.preview import PreviewScreen as PreviewScreen

NAME_WIDTH_MAX = 44
NAME_WIDTH_MIN = 12
LEAF_INDENT = 6
"""Columns before a session's mark: the tree's guides under a shelf and a program."""
NARROW_BELOW_WIDTH = 60


def __getattr__(name: str) -> object:
    """``PreviewScreen``, imported when first opened, not before the picker's first frame
    (a Screen's class costs milliseconds to make)."""
    if name == "PreviewScreen":
        from timer_tui.ui.screens.preview import PreviewScreen

        return PreviewScreen
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


ProgressProvider = Callable[[Sequence[SessionEntry]], Progress]
Folded = tuple[TreeNode["SessionEntry | None"], ProgramGroup, list[SessionEntry]]
"""A folded program's heading, program and rows to add."""
EntriesLoader = Callable[[], list[SessionEntry]]


def no_progress(entries: Sequence[SessionEntry]) -> Progress:
    return Progress()


def with_plans(progress: Progress) -> tuple[Progress, dict[str, str]]:
    """Where each plan stands today, and each plan's next session marked next (a planned
    program counts as started). No plan, or a damaged file (``timer-tui plan`` and
    ``next`` say so): the progress as it was, and no notes."""
    found = plan_notes(progress.done, local_now().date())
    if not found.next_ids:
        return progress, found.notes
    return replace(progress, next=progress.next | found.next_ids), found.notes


class SessionTree(Tree["SessionEntry | None"]):
    """The picker's tree, whose labels are one line already."""

    def process_label(self, label: TextType) -> Text:
        """The label as it is: Tree's own splits every label into lines (a third of the
        cost of adding 10,000 rows) to keep the first, and ours have one (names and
        errors pass through safe_text, which shows a newline as ``\\n``)."""
        if isinstance(label, Text) and "\n" not in label.plain:
            return label
        return super().process_label(label)


class PickerScreen(Screen[None]):
    HORIZONTAL_BREAKPOINTS = [  # noqa: RUF012 (a ClassVar here clashes with Textual's own type)
        (0, "-narrow"),
        (NARROW_BELOW_WIDTH, "-roomy"),
    ]
    """Narrow: the filter box gives up width so the app's name shows whole."""
    BINDINGS: ClassVar[list[BindingType]] = bindings.PICKER
    RELOAD_INTERVAL = 1.0
    """Seconds between looks at the user's sessions folder (live reload)."""

    def __init__(
        self,
        load_entries: EntriesLoader = discover,
        progress: ProgressProvider = no_progress,
    ) -> None:
        super().__init__()
        self.load_entries = load_entries
        self.progress_provider = progress
        self.entries: list[SessionEntry] = []
        self.progress = Progress()
        self.plans: dict[str, str] = {}
        """Program id -> where its plan stands (``library.plans``), read with the progress."""
        self._shown = False
        """Shown once: the first resume is the first show, just after ``reload``."""
        self._columns: list[tuple[tuple[int, int], int]] = []
        """Each program's (longest name, longest tail) and the names' column it was given."""
        self._folded: dict[NodeID, Folded] = {}
        """Programs shown folded whose rows are still to be added (``_fill_folded``)."""
        self._generation = 0
        """Counts builds of the tree: a fill for an earlier build is dropped."""
        self._discovery: Discovery | None = None
        self._placed_id: str | None = None
        """The session the last build put the cursor on."""
        """The scan whose new files are being read after the frame (``_read_rest``)."""

    def compose(self) -> ComposeResult:
        with Horizontal(id="picker-top"):
            yield Label("timer-tui", id="app-name")
            yield Input(placeholder="type to filter", id="filter", select_on_focus=False)
        # A Text, not a str: Tree reads a str as markup, and that loads Rich's emoji table
        # (2 ms, 0.9 MB) for a word with neither.
        tree = SessionTree(Text("sessions"), id="sessions")
        tree.show_root = False
        tree.guide_depth = 2
        yield tree
        yield Static("", id="no-match", markup=False)
        yield KeyBar(palette=True)

    def on_mount(self) -> None:
        self.reload()
        self.query_one(Tree).focus()
        folder = user_sessions_dir()
        # From the folder as the scan saw it (no second walk of every file before the
        # first frame); a custom loader leaves it unscanned, and the watcher walks it.
        self.watcher = FolderWatcher(folder, scanned_state(folder))
        self.set_interval(self.RELOAD_INTERVAL, self.reload_if_changed)

    def reload_if_changed(self) -> None:
        """Live reload: files added, changed or removed in the user folder."""
        if self.watcher.changed():
            self.reload()

    def on_resize(self, event: Resize) -> None:
        """The names' column follows the window's width: the tree is built again when a
        program's column would change (not for every resize: the first comes just after
        the first build, and rebuilding thousands of rows took as long again)."""
        if self.entries and any(self._fit(need) != width for need, width in self._columns):
            self.rebuild()

    def on_screen_resume(self) -> None:
        """Back from a session: its done mark and the next highlight may have moved (the
        first resume is the first show: on_mount has just read the log and built the tree)."""
        if self.entries and self._shown:
            self.progress, self.plans = with_plans(self.progress_provider(self.entries))
            self.rebuild()
        self._shown = True

    # -- data -------------------------------------------------------------------------
    def reload(self) -> None:
        """Discover sessions again and redraw, keeping the cursor on the same one.

        With the default loader, what is cheap comes first: the files the scan cache knows
        and the bundled ones; files it does not know (a first start, an upgrade, thousands
        of new files) are read after the frame, and their rows added then (``_read_rest``).
        """
        self._discovery = None
        if self.load_entries is discover:
            found = Discovery()
            self.entries = found.ready()
            if found.unread:
                self._discovery = found
                self.call_after_refresh(self._read_rest, found)
            elif found.unfinished:  # only the scan caches to write, after the frame
                self.call_after_refresh(self.run_worker, found.finish, thread=True)
        else:
            self.entries = self.load_entries()
        self.progress, self.plans = with_plans(self.progress_provider(self.entries))
        self.rebuild()

    def _read_rest(self, found: Discovery) -> None:
        """Read the files the first frame went without, in a thread (the list keeps
        answering keys meanwhile)."""
        if found is self._discovery:
            self.run_worker(
                lambda: (found, found.finish()), thread=True, group="scan", exclusive=True
            )

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        """Every file read: the full list, the cursor's session kept on its screen row (rows
        may come above it: a user's program, or sessions that sort before it)."""
        worker = event.worker
        if worker.group != "scan" or event.state is not WorkerState.SUCCESS:
            return
        found, entries = worker.result or (None, [])
        if found is None or found is not self._discovery:
            return  # a scan since (live reload) replaced it
        self._discovery = None
        self.entries = entries
        self.progress, self.plans = with_plans(self.progress_provider(self.entries))
        self.rebuild(hold_row=True)

    @property
    def query_text(self) -> str:
        return self.query_one("#filter", Input).value

    @property
    def highlighted_entry(self) -> SessionEntry | None:
        node = self.query_one(Tree).cursor_node
        return node.data if node is not None else None

    def rebuild(self, hold_row: bool = False) -> None:
        """The tree again, for the entries, the filter and the width. A program shown folded
        gets its rows just after the frame (``_fill_folded``): with thousands of files,
        adding rows nobody sees yet took most of the time to the first frame.
        ``hold_row``: rows came in (``_read_rest``); the cursor stays on the screen row it
        was on (``_held``), unless it is where the last build put it, untouched: then it
        goes by the same rule again (the next session may be among the new rows)."""
        tree: Tree[SessionEntry | None] = self.query_one(Tree)
        old = keep = self.highlighted_entry
        line = tree.cursor_line
        row = line - round(tree.scroll_y) if hold_row and line >= 0 else None
        if row is not None and old is not None and old.id == self._placed_id:
            keep = None
        query = self.query_text.strip()
        tree.clear()
        self._columns = []
        self._folded = {}
        self._generation += 1
        found_shelves = [
            (shelf, found)
            for shelf in shelves(group_by_program(self.entries))
            if (found := shelf_matches(shelf, query)) is not None
        ]
        shown = [e for _, found in found_shelves for _, group in found for e in group]
        shown_ids = [e.id for e in shown]
        # Enter opens what is typed: "week 3 run 1" is Week 3, Run 1, not Week 1, Run 3
        # (unless rows came in after the user moved the cursor: it stays).
        named = None
        if query and (keep is None or not hold_row):
            named = next((e.id for e in shown if texts.in_order(query, e.name)), None)
        cursor_id = cursor_entry_id(keep.id if keep else None, shown_ids, self.progress.next, named)
        self._placed_id = cursor_id
        target: TreeNode[SessionEntry | None] | None = None
        for shelf, found in found_shelves:
            parent = tree.root
            if shelf.name is not None:
                lit = [group for group, shown in found if shown] if query else None
                parent = tree.root.add(shelf_label(shelf, self.progress, lit), data=None)
            for group, shown in found:
                if shown:
                    target = self._add_group(parent, group, shown, query, cursor_id) or target
        if self._discovery is not None:
            tree.root.add_leaf(reading_label(self._discovery.unread), data=None)
        if row is not None:
            target, row = self._held(tree, target, old, line, row)
        self._place_cursor(tree, target, row)
        if self._folded:
            self.call_after_refresh(self._fill_folded, self._generation)
        no_match = self.query_one("#no-match", Static)
        no_match.display = not shown_ids and bool(query)
        if no_match.display:
            no_match.update(texts.no_session_matches(query))

    def _held(
        self,
        tree: Tree[SessionEntry | None],
        target: TreeNode[SessionEntry | None] | None,
        old: SessionEntry | None,
        line: int,
        row: int,
    ) -> tuple[TreeNode[SessionEntry | None] | None, int | None]:
        """Where the cursor goes once rows came in, and the screen row to keep it on: its
        session's row; on a heading or the reading row, the line of the same number; a
        session placed by the rule anew is scrolled into view (no row to keep)."""
        if old is None:
            last = tree.last_line
            return (tree.get_node_at_line(min(line, last)), row) if last >= 0 else (None, None)
        if target is not None and target.data is not None and target.data.id == old.id:
            return target, row
        return target, None

    def _add_group(
        self,
        parent: TreeNode[SessionEntry | None],
        group: ProgramGroup,
        shown: list[SessionEntry],
        query: str,
        cursor_id: str | None,
    ) -> TreeNode[SessionEntry | None] | None:
        """One program's heading and its rows (later, if it is folded); its row for
        ``cursor_id``, if it has it."""
        label = group_label(
            group, self.progress, len(shown) if query else None, self.plans.get(group.id)
        )
        node = parent.add(label, data=None)
        ids = {e.id for e in shown}
        if not (query or cursor_id in ids or not ids.isdisjoint(self.progress.next)):
            self._folded[node.id] = (node, group, shown)  # its column too is worked out then
            return None
        width = self._name_width(group, shown)
        target = None
        for entry in shown:
            leaf = node.add_leaf(entry_label(entry, group, self.progress, width), data=entry)
            if entry.id == cursor_id:
                target = leaf
        node.expand()
        if parent.parent is not None:  # under a shelf's heading
            parent.expand()
        return target

    def _fill_folded(self, generation: int) -> None:
        """The rows of the programs shown folded, once the frame is out (unless the tree
        was built again since)."""
        if generation != self._generation:
            return
        with self.app.batch_update():
            for node_id in list(self._folded):
                self._fill(node_id)

    def _fill(self, node_id: NodeID) -> None:
        folded = self._folded.pop(node_id, None)
        if folded is not None:
            node, group, shown = folded
            width = self._name_width(group, shown)
            for entry in shown:
                node.add_leaf(entry_label(entry, group, self.progress, width), data=entry)

    def on_tree_node_expanded(self, event: Tree.NodeExpanded[SessionEntry | None]) -> None:
        """A folded program opened before its rows were added: they are added now."""
        self._fill(event.node.id)

    def _name_width(self, group: ProgramGroup, shown: Sequence[SessionEntry]) -> int:
        """The names' column: the longest name, within what the list's width leaves
        beside the time and steps (a longer name is cut at a word, with "…")."""
        longest = max(len(texts.short_name(e.name, group.name)) for e in shown)
        tails = [len(texts.totals_size(e.totals())) for e in shown if e.ok] or [0]
        need = (longest, max(tails))
        width = self._fit(need)
        self._columns.append((need, width))
        return width

    def _fit(self, need: tuple[int, int]) -> int:
        longest, tail = need
        room = self.query_one(Tree).content_size.width or self.size.width
        if not room:
            return min(NAME_WIDTH_MAX, longest)
        spare = room - LEAF_INDENT - 2 - 2 - tail - len("  ← next")
        return max(NAME_WIDTH_MIN, min(NAME_WIDTH_MAX, longest, spare))

    def _place_cursor(
        self,
        tree: Tree[SessionEntry | None],
        target: TreeNode[SessionEntry | None] | None,
        row: int | None = None,
    ) -> None:
        """On ``target`` (the session kept, else the next one, else the first shown); with
        ``row``, scrolled so that it is that many lines below the top, as it was."""
        if target is not None:
            # Reading last_line lays the lines out, so the node knows its line now.
            assert tree.last_line >= 0
            tree.move_cursor(target)
            if row is None:
                self.call_after_refresh(self._reveal, target)
            else:
                tree.scroll_to(y=max(0, tree.cursor_line - row), animate=False, immediate=True)

    def _reveal(self, target: TreeNode[SessionEntry | None]) -> None:
        """Scroll the cursor's session into view with its program's heading above it."""
        tree = self.query_one(Tree)
        if target.parent is not None and target.parent is not tree.root:
            tree.scroll_to_node(target.parent, animate=False)
        tree.scroll_to_node(target, animate=False)

    # -- keys -------------------------------------------------------------------------
    def on_input_changed(self, event: Input.Changed) -> None:
        self.rebuild()

    def action_filter(self) -> None:
        self.query_one("#filter", Input).focus()

    def action_edit_session(self) -> None:
        from timer_tui.ui.edit_keys import edit_externally  # loaded on first use

        if edit_externally(self, self.highlighted_entry):
            self.watcher.forget()
            self.reload()

    def action_open_editor(self) -> None:
        from timer_tui.ui.edit_keys import open_in_app_editor  # loaded on first use

        open_in_app_editor(self, self.highlighted_entry)

    def action_clear_filter(self) -> None:
        filter_input = self.query_one("#filter", Input)
        if filter_input.value:
            filter_input.value = ""
        self.query_one(Tree).focus()

    def action_open(self) -> None:
        """Enter: the session under the cursor opens (from the filter box too); on a
        program's heading it folds or unfolds, as the list's own Enter did."""
        tree: Tree[SessionEntry | None] = self.query_one(Tree)
        node = tree.cursor_node
        if node is None:
            return
        if node.data is not None:
            self.open_preview(node.data)
        else:
            node.toggle()
        tree.focus()

    def on_key(self, event: Key) -> None:
        """Printable keys go into the filter while the list has the focus; Backspace
        takes the last one back. The focus stays on the list: moving it raced with
        fast typing (``lower`` became ``lowr``). A space only once a filter is typed
        (before that it folds a program, as in any tree)."""
        if isinstance(self.focused, Input) or event.key == "slash":
            return  # "/" moves into the box, to edit the filter with the cursor keys
        typed = self.query_one("#filter", Input).value
        char = event.character
        if event.key == "backspace" and typed:
            self._set_filter(typed[:-1])
        elif char and char.isprintable() and (char != " " or typed):
            self._set_filter(typed + char)
        else:
            return
        event.stop()
        event.prevent_default()

    def on_paste(self, event: Paste) -> None:
        """A paste while the list has the focus filters as typing does (a terminal sends
        pasted text as one Paste, not as keys): its first line, without what is not
        printable (a tab, an escape)."""
        if isinstance(self.focused, Input):
            return  # the box takes it itself
        lines = event.text.splitlines()
        text = "".join(c for c in (lines[0] if lines else "") if c.isprintable())
        if not text:
            return
        self._set_filter(self.query_one("#filter", Input).value + text)
        event.stop()

    def _set_filter(self, text: str) -> None:
        """The filter as typed from the list: ``text``, the box's cursor at its end."""
        filter_input = self.query_one("#filter", Input)
        filter_input.value = text
        filter_input.cursor_position = len(text)

    def on_tree_node_selected(self, event: Tree.NodeSelected[SessionEntry | None]) -> None:
        entry = event.node.data
        if entry is not None:
            self.open_preview(entry)

    def open_preview(self, entry: SessionEntry) -> None:
        """The session's timeline (its module is imported on first use)."""
        from timer_tui.ui.screens.preview import PreviewScreen

        self.app.push_screen(PreviewScreen(entry))
