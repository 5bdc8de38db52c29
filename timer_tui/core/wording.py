"""Counts and times in words, one way for every screen, line and voice.

The picker, the log, plain mode and the speech all say "1 rep" and "5 min ago",
and every "did you mean" hint reads the same; written once here, "1 reps"
cannot creep back into one of them. This module
imports nothing of the project, so the lowest modules (``durations``) can use it.
"""

from __future__ import annotations

from collections.abc import Iterable

TYPE_CHECKING = False  # typing's constant; typing itself stays out of `check` (test_cli_parser)
if TYPE_CHECKING:
    import datetime as dt


def noun(count: int, word: str) -> str:
    """The word alone, singular for one: "session", "sessions"."""
    return word if count == 1 else f"{word}s"


def plural(count: int, word: str) -> str:
    """A count with its word: "1 rep", "2 reps", "0 problems"."""
    return f"{count} {noun(count, word)}"


def reps_text(reps: int) -> str:
    """ "1 rep", "15 reps"."""
    return plural(reps, "rep")


def suggest(word: str, choices: Iterable[str]) -> str:
    """ "; did you mean `x`?" for the closest choice (case aside), or nothing."""
    if len(word) > 64:
        return ""  # no key or kind is that long; difflib would only take time
    options = list(choices)
    lowered = {c.lower(): c for c in options}
    if word.lower() in lowered:
        return f"; did you mean `{lowered[word.lower()]}`? (lower case)"
    import difflib  # here: only a wrong key or kind asks, and every load imports this module

    close = difflib.get_close_matches(word.lower(), options, n=1, cutoff=0.6)
    return f"; did you mean `{close[0]}`?" if close else ""


def when_ago(delta: dt.timedelta) -> str:
    """ "just now", "5 min ago", "1 h 05 min ago", "3 days ago"; a time ahead of the
    clock (it was changed, or another machine's was) is said, never "-2880 min ago"."""
    seconds = delta.total_seconds()
    if seconds < -60:
        return "at a time still to come (has the clock changed?)"
    if seconds < 60:
        return "just now"
    if seconds >= 2 * 86400:
        return f"{int(seconds // 86400)} days ago"
    return f"{ago(delta)} ago"


def ago(delta: dt.timedelta) -> str:
    """How long ago, to the minute: "5 min", "1 h 05 min" (never below "0 min")."""
    minutes = max(0, int(delta.total_seconds() // 60))
    if minutes < 60:
        return f"{minutes} min"
    return f"{minutes // 60} h {minutes % 60:02d} min"
