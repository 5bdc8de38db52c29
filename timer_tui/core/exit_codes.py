"""Every exit status of ``timer-tui``, in one table: the code, ``--help`` and the docs.

Plain mode and the full-screen app end a run the same way (a session quit before
its end is 1 in both), and a closed pipe ends like any program SIGPIPE stops.
``docs/exit-codes.md`` lists the same table; a test keeps the two in step.
"""

from __future__ import annotations

OK = 0
QUIT = 1
"""A session quit before its end (plain mode or the app), or ``check`` found problems."""
USER_ERROR = 2
INTERNAL_ERROR = 70
INTERRUPTED = 130
BROKEN_PIPE = 141

EXIT_CODES: tuple[tuple[str, str], ...] = (
    ("0", "done: the session ran to its end; any other command succeeded"),
    ("1", "a session was quit before its end (q, in plain mode or the app); check found problems"),
    ("2", "bad input: an unknown session or option, a session file that does not load"),
    ("70", "internal error (a bug): details in crash.log in the data folder"),
    ("129", "the terminal closed (SIGHUP) during a run, plain or full-screen: it stays resumable"),
    (
        "130",
        "Ctrl+C outside a run, or SIGINT to the full-screen app (in plain mode, Ctrl+C is a quit: 1)",
    ),
    ("141", "the output was closed (| head): stopped quietly; a run is logged as quit"),
    ("143", "stopped by SIGTERM during a run, plain or full-screen: it stays resumable"),
)


def epilog() -> str:
    """The table for ``timer-tui --help``."""
    rows = "\n".join(f"  {code:<4} {meaning}" for code, meaning in EXIT_CODES)
    return f"exit status:\n{rows}"
