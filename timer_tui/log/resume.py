"""Resuming an interrupted session: which runs may be continued, and their logged steps.

A run is offered when it was interrupted (its process is gone) within
``RESUME_WINDOW`` and its session file is unchanged: a changed file may have
different steps, so "step 7" would no longer mean the same thing.

The log does not look through the session library itself: the caller says how to
load the entries (the CLI passes ``discover``, the app its own loader).

Core module: stdlib only (no ``textual``, no ``rich``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Collection, Sequence
from pathlib import Path

from timer_tui.core.engine import StepOutcome, StepResult
from timer_tui.core.wording import when_ago
from timer_tui.library.sessions import SessionEntry, resolve
from timer_tui.log.records import Now, Outcome, SessionRecord, file_sha256, local_now
from timer_tui.log.store import RESUME_WINDOW, History

Offer = tuple[SessionRecord, SessionEntry]


def resume_candidates(
    records: Collection[SessionRecord], entries: Sequence[SessionEntry], now: dt.datetime
) -> list[Offer]:
    """Interrupted sessions within the window whose file is unchanged, newest first.

    A changed file may have different steps, so "step 7" would no longer mean the
    same thing: those are not offered.
    """
    by_id = {e.id: e for e in entries if e.ok}
    found: list[Offer] = []
    for record in records:
        if record.outcome is not Outcome.INTERRUPTED or record.current_step is None:
            continue
        if now - record.last_seen_at > RESUME_WINDOW:
            continue
        entry = by_id.get(record.session_id)
        if entry is None and record.path:
            entry = _entry_at(Path(record.path), entries)
        if entry is None or not entry.ok:
            continue
        if file_sha256(entry.path) != record.sha256:
            continue
        entry = entry.loaded()  # a row from the scan cache: read, as it is run next
        if entry.ok:
            found.append((record, entry))
    return found


def _entry_at(path: Path, entries: Sequence[SessionEntry]) -> SessionEntry | None:
    """The entry for a run started from a file path: among ``entries``, else the file itself."""
    entry = next((e for e in entries if e.path == path and e.ok), None)
    if entry is None and path.is_file():
        entry = resolve(str(path))
    return entry


def resume_offers(
    load_entries: Callable[[], Sequence[SessionEntry]],
    *,
    path: Path | None = None,
    now: Now = local_now,
) -> list[Offer]:
    """Interrupted sessions that can be resumed now, newest first (never raises).

    ``load_entries`` (the caller's ``discover``) is called only when the log holds
    an interrupted run: most starts have none, and reading the library is not free.
    """
    opened = History.open(path, readonly=True)
    if opened.history is None:
        return []
    with opened.history as history:
        records = history.interrupted(now())
    if not records:
        return []
    return resume_candidates(records, load_entries(), now())


def resume_hint(
    entry: SessionEntry, *, path: Path | None = None, now: Now = local_now
) -> str | None:
    """A line offering to resume an interrupted run of this same session, if there is one."""
    for record, found in resume_offers(lambda: [entry], path=path, now=now):
        if found.path == entry.path:
            return (
                f"an earlier run of {record.name} was interrupted at step "
                f"{(record.current_step or 0) + 1}/{record.step_count} "
                f"{when_ago(now() - record.last_seen_at)}; "
                f"continue it with: timer-tui resume --plain"
            )
    return None


def logged_results(record: SessionRecord) -> list[StepResult]:
    """The steps of a logged session as the engine's results (for a resumed run's summary)."""
    outcomes = {o.value: o for o in StepOutcome}
    return [
        StepResult(
            index=s.index,
            planned=s.planned_seconds,
            active=s.actual_seconds,
            paused=s.paused_seconds,
            adjusted=s.adjusted_seconds,
            outcome=outcomes[s.outcome],
            reps_done=s.reps_done,
            load=s.load,
        )
        for s in record.steps
        if s.outcome in outcomes
    ]
