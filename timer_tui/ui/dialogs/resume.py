"""The resume offer made when the app starts: an interrupted session, to resume or dismiss."""

from __future__ import annotations

import datetime as dt
from typing import ClassVar

from textual.binding import BindingType

from timer_tui.core.wording import plural, when_ago
from timer_tui.log.records import SessionRecord
from timer_tui.ui import bindings
from timer_tui.ui.dialogs.confirm import Answer, ConfirmDialog

RESUME_WIDE = 64
"""Narrower than this, the resume dialog's buttons stack (one line each)."""
RESUME_TALL = 20
"""Lower than this, the resume dialog's buttons are one line high."""


def resume_text(record: SessionRecord, now: dt.datetime) -> str:
    """ "It was interrupted 5 min ago at step 3 of 4; 1 step done and 1 skipped are in the log."

    Done and skipped steps are said apart: a skipped step is not "finished" work.
    """
    step = (record.current_step or 0) + 1
    when = when_ago(now - record.last_seen_at)
    done, skipped = record.steps_completed, record.steps_skipped
    verb = "is" if done + skipped == 1 else "are"
    if done and skipped:
        saved = f"{plural(done, 'step')} done and {skipped} skipped {verb} already in the log"
    elif done:
        saved = f"{plural(done, 'step')} done {verb} already in the log"
    elif skipped:
        saved = f"{plural(skipped, 'skipped step')} {verb} already in the log"
    else:
        saved = "no step had ended yet"
    return f"It was interrupted {when} at step {step} of {record.step_count}; {saved}."


class ResumeScreen(ConfirmDialog[str]):
    """Resume, dismiss (never offered again) or later; answers "resume", "dismiss", "later".

    Three long buttons: they stack, one line each, below ``RESUME_WIDE`` columns
    and are one line high below ``RESUME_TALL`` lines, so the whole offer shows
    down to 40x12.
    """

    HORIZONTAL_BREAKPOINTS = [(0, "-tiny"), (RESUME_WIDE, "-roomy")]  # noqa: RUF012
    VERTICAL_BREAKPOINTS = [(0, "-short"), (RESUME_TALL, "-tall")]  # noqa: RUF012
    COMPACT_BELOW = (RESUME_WIDE, RESUME_TALL)
    BINDINGS: ClassVar[list[BindingType]] = bindings.RESUME

    def __init__(self, record: SessionRecord, now: dt.datetime) -> None:
        step = (record.current_step or 0) + 1
        super().__init__(
            f"Resume {record.name}?",
            [
                Answer("resume", f"Resume at step {step} (r)", "resume", "primary"),
                Answer("dismiss", "Dismiss (d)", "dismiss"),
                Answer("later", "Later (esc)", "later"),
            ],
            explain=resume_text(record, now),
        )
        self.record = record
        self.now = now
