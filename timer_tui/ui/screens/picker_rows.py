"""The picker's rows as text: a session's line, the programs' and shelves' headings,
which programs share a shelf, what a filter lets through and where the cursor goes.

Pure functions of the entries and the progress (no widget), so the picker screen
stays a screen and these are tested without one.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from rich.text import Text

from timer_tui.core.safe_text import safe_text
from timer_tui.core.wording import noun, plural
from timer_tui.library.sessions import ProgramGroup, SessionEntry
from timer_tui.log.views import Progress
from timer_tui.ui import texts
from timer_tui.ui.fit import cut_words


def entry_label(entry: SessionEntry, group: ProgramGroup, progress: Progress, width: int) -> Text:
    """One line of the picker: mark, short name, total time and steps."""
    name = texts.short_name(entry.name, group.name)
    if entry.id in progress.next:
        mark, style = "▶", "bold"
    elif entry.id in progress.done:
        mark, style = "✓", "dim"
    else:
        mark, style = " ", ""
    line = Text(f"{mark} ")
    line.append(cut_words(name, width).ljust(width), style=style)
    if entry.ok:
        line.append(f"  {texts.totals_size(entry.totals())}", style=style or "dim")
    else:
        line.append("  ✗ does not load: ", style="bold red")
        line.append(safe_text(entry.errors[0].message), style="red")
    if entry.id in progress.next:
        line.append("  ← next", style="bold")
    return line


@dataclass(frozen=True, slots=True)
class Shelf:
    """Programs shown together under one heading, such as the four seasons."""

    name: str | None
    """None: the program stands on its own at the top level."""
    groups: tuple[ProgramGroup, ...]


def cursor_entry_id(
    keep_id: str | None,
    shown_ids: Sequence[str],
    next_ids: frozenset[str],
    named_id: str | None = None,
) -> str | None:
    """Where the cursor goes: the session whose name the filter spells in order
    (``named_id``), else the session it was on, else the first next one, else the
    first shown."""
    if named_id is not None:
        return named_id
    if keep_id is not None and keep_id in shown_ids:
        return keep_id
    return next((i for i in shown_ids if i in next_ids), shown_ids[0] if shown_ids else None)


def _folder(group: ProgramGroup) -> str | None:
    """The top folder all of a program's sessions live in, if they share one."""
    folders = {e.id.split("/", 1)[0] for e in group.entries if "/" in e.id}
    if len(folders) == 1 and all("/" in e.id for e in group.entries):
        return folders.pop()
    return None


def shelves(groups: Sequence[ProgramGroup]) -> list[Shelf]:
    """Programs that share a folder (``seasons/in-season``, ``seasons/off-season``...) go
    under one heading named after it; every other program stands alone. Order is kept."""
    by_folder: dict[str, list[ProgramGroup]] = {}
    for group in groups:
        folder = _folder(group)
        if folder is not None:
            by_folder.setdefault(folder, []).append(group)
    out: list[Shelf] = []
    placed: set[str] = set()
    for group in groups:
        folder = _folder(group)
        if folder is None or len(by_folder[folder]) < 2:
            out.append(Shelf(None, (group,)))
        elif folder not in placed:
            placed.add(folder)
            name = folder.replace("-", " ").replace("_", " ").capitalize()
            out.append(Shelf(name, tuple(by_folder[folder])))
    return out


def shelf_matches(shelf: Shelf, query: str) -> list[tuple[ProgramGroup, list[SessionEntry]]] | None:
    """Each program of ``shelf`` with its sessions that match ``query``; None when a
    named shelf matches nothing at all (it is left out of the tree)."""
    if not query:  # every session matches: no need to read 10,000 names' words
        if shelf.name is not None and not any(g.entries for g in shelf.groups):
            return None
        return [(group, list(group.entries)) for group in shelf.groups]
    if shelf.name is not None:
        names = " ".join(g.name for g in shelf.groups)
        if not any(
            texts.matches(query, e.name, e.id, g.name, names)
            for g in shelf.groups
            for e in g.entries
        ):
            return None
    return [
        (
            group,
            [
                e
                for e in group.entries
                if texts.matches(query, e.name, e.id, group.name, shelf.name or "")
            ],
        )
        for group in shelf.groups
    ]


def reading_label(count: int) -> Text:
    """The last row while the files the scan cache does not know are read (after the first
    frame): their rows, broken ones too, replace it once read."""
    files = f"{count:,} new or changed session {noun(count, 'file')}"
    return Text(f"Reading {files}…", style="dim italic")


def _count(shown: int | None, total: int, word: str) -> str:
    """ "5 sessions", or "1 of 5 sessions" while a filter hides some."""
    if shown is None or shown == total:
        return plural(total, word)
    return f"{shown} of {plural(total, word)}"


def shelf_label(
    shelf: Shelf, progress: Progress, shown: Sequence[ProgramGroup] | None = None
) -> Text:
    """The shelf's heading; with a filter on, ``shown`` are the programs it lets through."""
    done = sum(1 for g in shelf.groups for e in g.entries if e.id in progress.done)
    line = Text(safe_text(shelf.name or ""), style="bold")  # a folder's name
    groups = shelf.groups if shown is None else shown
    count = _count(None if shown is None else len(shown), len(shelf.groups), "program")
    tail = f"   {count}: " + " · ".join(safe_text(g.name) for g in groups)
    if done:
        tail += f" · {done} done"
    line.append(tail, style="dim")
    return line


def group_label(
    group: ProgramGroup, progress: Progress, shown: int | None = None, plan: str | None = None
) -> Text:
    """The program's heading; with a filter on, ``shown`` is how many sessions it lets through.
    ``plan``: where the program's plan stands ("due today", "2 sessions behind")."""
    done = sum(1 for e in group.entries if e.id in progress.done)
    line = Text(safe_text(group.name), style="bold")  # a program's name, from a file
    tail = f"   {_count(shown, len(group.entries), 'session')}"
    if done:
        tail += f" · {done} done"
    line.append(tail, style="dim")
    if plan:
        urgent = plan == "due today" or plan.endswith("behind")
        line.append(" · ", style="dim")
        line.append(plan, style="bold" if urgent else "dim")
    return line
