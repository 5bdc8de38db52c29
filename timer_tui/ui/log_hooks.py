"""The completion log's part of the app: progress marks, recorders, the resume offer.

Kept apart from the history screen so that starting a countdown does not import
the history screen's widgets: it is loaded only when ``h`` is pressed. The log's
modules (and SQLite) are imported on first use: a run's first frame is drawn
before its recorder opens the log.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import datetime as dt

    from timer_tui.core.engine import StepResult, Subscriber
    from timer_tui.core.timeline import Timeline
    from timer_tui.library.sessions import SessionEntry
    from timer_tui.log.recorder import Recorder
    from timer_tui.log.records import Notify, Now, SessionRecord
    from timer_tui.log.resume import Offer
    from timer_tui.log.views import Progress  # the picker's marks: imported when it opens
    from timer_tui.ui.app import TimerApp
    from timer_tui.ui.screens.countdown import CountdownScreen


def local_now() -> dt.datetime:
    """``log.records.local_now``, without importing the log before it is used."""
    from timer_tui.log.records import local_now

    return local_now()


# -- the hooks the app is given ---------------------------------------------------------
class LogHooks:
    """The completion log's part of the app; every method is safe when the log is broken."""

    def __init__(self, *, path: Path | None = None, now: Now = local_now) -> None:
        self.path = path
        self.now = now
        self.notify: Notify = lambda message: None
        self.resume_row: dict[str, int] = {}
        """Session id -> the interrupted row the next run of it continues."""
        self.recorders: list[Recorder] = []

    def attach(self, app: TimerApp) -> None:
        """Send the log's notices (locked, read-only, damaged) to the app's toasts.

        A notice may come from the recorder's background writer (a locked log):
        ``call_later`` posts a message, which is safe from any thread.
        """
        ui_thread = threading.get_ident()

        def notify(message: str) -> None:
            if threading.get_ident() == ui_thread:
                app.notify(message, title="Log", severity="warning", timeout=10)
            else:
                app.call_later(app.notify, message, title="Log", severity="warning", timeout=10)

        self.notify = notify

    def progress(self, entries: Sequence[SessionEntry]) -> Progress:
        from timer_tui.log.store import History
        from timer_tui.log.views import Progress, program_progress

        opened = History.open(self.path, readonly=True)
        if opened.history is None:
            return Progress()
        with opened.history as history:
            return Progress.of(program_progress(entries, history.completed()))

    def subscribers(self, entry: SessionEntry, timeline: Timeline) -> list[Subscriber]:
        from timer_tui.log.recorder import open_recorder

        recorder = open_recorder(
            entry,
            timeline,
            path=self.path,
            notify=self.notify,
            now=self.now,
            resume_row=self.resume_row.pop(entry.id, None),
        )
        self.recorders.append(recorder)
        return [recorder]

    def last_loads(self, timeline: Timeline) -> dict[str, str]:
        """The load last logged for each rep step's exercise: the reps entry offers it."""
        from timer_tui.log.loads import read_last_loads

        return read_last_loads((s.name for s in timeline.steps if not s.is_timed), self.path)

    def offer(self, load_entries: Callable[[], Sequence[SessionEntry]]) -> Offer | None:
        """The newest interrupted session worth offering, if any.

        The library is loaded only when there is one: most starts have none.
        """
        from timer_tui.log.resume import resume_offers

        found = resume_offers(load_entries, path=self.path, now=self.now)
        return found[0] if found else None

    def offer_for(self, entry: SessionEntry) -> Offer | None:
        """An interrupted run of ``entry`` itself (``timer-tui run X`` in the app), if any."""
        if entry.id in self.resume_row:
            return None  # already resuming one (``timer-tui resume``)
        from timer_tui.log.resume import resume_offers

        found = resume_offers(lambda: [entry], path=self.path, now=self.now)
        return next((o for o in found if o[1].path == entry.path), None)

    def offer_over(self, app: TimerApp, offer: Offer, countdown: CountdownScreen) -> None:
        """Ask over a held countdown: resume replaces it, later or dismiss starts it."""
        record, entry = offer

        def answered(answer: str | None) -> None:
            if answer == "resume":
                self.resume_row[entry.id] = record.row
                # Over the held countdown, which never starts (the default screen
                # cannot be switched away); the run's summary ends the app as usual.
                app.push_screen(app.countdown_for(entry, record.current_step or 0))
                return
            if answer == "dismiss":
                self.dismiss(record)
            countdown.release()

        from timer_tui.ui.dialogs.resume import ResumeScreen

        app.push_screen(ResumeScreen(record, self.now()), answered)

    def offer_resume(self, app: TimerApp) -> None:
        """At start: offer the newest interrupted session (resume, dismiss, or later)."""
        found = self.offer(app.load_entries)
        if found is None:
            return
        record, entry = found

        def answered(answer: str | None) -> None:
            if answer == "resume":
                self.resume_row[entry.id] = record.row
                app.push_screen(app.countdown_for(entry, record.current_step or 0))
            elif answer == "dismiss":
                self.dismiss(record)

        from timer_tui.ui.dialogs.resume import ResumeScreen

        app.push_screen(ResumeScreen(record, self.now()), answered)

    def earlier_results(self, row: int) -> list[StepResult]:
        """The steps an interrupted run already logged, for the engine that resumes it.

        They come before the engine's own results, so "Steps done" and "Actual" in
        the summary are the whole session's, as the log has it.
        """
        from timer_tui.log.resume import logged_results
        from timer_tui.log.store import History

        opened = History.open(self.path, readonly=True)
        if opened.history is None:
            return []
        with opened.history as history:
            record = history.session(row)
        return [] if record is None else logged_results(record)

    def dismiss(self, record: SessionRecord) -> None:
        from timer_tui.log.store import History

        opened = History.open(self.path)
        if opened.history is None or opened.problem is not None:
            self.notify(opened.message or "the log cannot be written")
            return
        with opened.history as history:
            history.dismiss(record.row)
