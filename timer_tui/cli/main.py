"""The command line's edge: where errors stop being values.

Located errors are printed as ``FILE:LINE:COL: message`` by the commands; here a
``UserError`` becomes one line and exit status 2, and anything else (a bug) is
written to a crash log instead of the user's screen, so nothing a user types
ever ends in a traceback.
"""

from __future__ import annotations

import gc
import os
import sys
from collections.abc import Sequence
from pathlib import Path

from timer_tui.cli.parser import Handler, build_parser
from timer_tui.core.errors import UserError
from timer_tui.core.safe_text import safe_lines


def main(argv: Sequence[str] | None = None) -> int:
    try:
        words = sys.argv[1:] if argv is None else list(argv)
        args = build_parser(words).parse_args(words)
        handler: Handler = args.func
        status = handler(args)
        sys.stdout.flush()  # here, not at exit, where a closed pipe is "Exception ignored"
        if argv is None:  # the program (not a test calling main), which ends here
            _skip_last_collections()
    except UserError as exc:
        # A user error quotes names and lines of files: shown escaped, newlines kept.
        print(f"timer-tui: {safe_lines(str(exc))}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return _reader_gone()
    except Exception:  # a bug: keep the traceback for the report, off the user's screen
        log = _write_crash_log()
        print(f"timer-tui: internal error; details written to {log}", file=sys.stderr)
        return 70
    if status == EXIT_BROKEN_PIPE:
        return _reader_gone()
    return status


def _skip_last_collections() -> None:
    """Leave what is still alive out of the interpreter's last garbage collections.

    At exit the interpreter collects every generation while it tears the modules down,
    walking each object still alive (the modules' own, a command's data) to free next
    to nothing: 6-10 ms of each ``timer-tui check`` and of any command that imports
    much. Frozen, they are skipped; ``atexit`` handlers (the log writer's) still run,
    and what they free is freed as before. Only objects left in reference cycles are
    not collected at exit: no code of timer-tui's relies on a finalizer there.
    """
    gc.freeze()


EXIT_BROKEN_PIPE = 141
"""128 + SIGPIPE: what ``yes | head -1`` gives, and what pipelines expect."""


def _reader_gone() -> int:
    """stdout's reader has gone (``| head``): stop quietly with the SIGPIPE status.

    Whatever is still buffered would fail again at exit and print "Exception
    ignored"; pointing stdout at /dev/null lets that last flush succeed silently.
    """
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
    except (OSError, ValueError):
        pass
    return EXIT_BROKEN_PIPE


def log_bugs_to_crash_log() -> None:
    """Send what ``timer_tui``'s loggers report to the crash log, with one line on stderr.

    The engine logs a subscriber that failed (the log, the audio) and keeps the timer
    going. Without a handler, Python's last resort printed the whole traceback on
    plain mode's terminal (a reps count too large for SQLite, in QA). A run's
    entry points (``cli.launch``) call this; ``check`` never imports ``logging``.
    """
    import logging

    class CrashLogHandler(logging.Handler):
        """Every report into the crash log; the line on stderr once, not at every event."""

        said = False

        def emit(self, record: logging.LogRecord) -> None:
            text = logging.Formatter("%(name)s: %(message)s").format(record)
            where = _write_crash_log(text)
            if not self.said:
                self.said = True
                print(
                    f"timer-tui: internal error; details written to {where}; the timer goes on",
                    file=sys.stderr,
                )

    logger = logging.getLogger("timer_tui")
    if not any(type(h).__name__ == "CrashLogHandler" for h in logger.handlers):
        logger.addHandler(CrashLogHandler(logging.ERROR))
    logger.propagate = False


def _write_crash_log(report: str | None = None) -> Path | str:
    """Append ``report`` (the exception being handled, by default) to the crash log;
    returns where it really went.

    The data folder first (made 0700); if it cannot hold it (a file in its place,
    no space, read-only), a private file in the temp folder; the message always
    names the file that holds the traceback. Its modules are imported here, where
    they are needed, and not by every ``timer-tui check``.
    """
    import datetime as dt
    import tempfile
    import traceback

    from timer_tui import __version__

    stamp = dt.datetime.now(dt.timezone.utc).isoformat()
    text = f"--- {stamp} timer-tui {__version__}\n{report or traceback.format_exc()}\n"
    try:
        from timer_tui.library.paths import data_dir, make_private_folder

        folder = data_dir()
        make_private_folder(folder)
        path = folder / "crash.log"
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
        with os.fdopen(fd, "a", encoding="utf-8") as f:
            f.write(text)
        return path
    except (OSError, UserError):
        pass
    try:
        fd, name = tempfile.mkstemp(prefix="timer-tui-crash-", suffix=".log")
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            f.write(text)
        return Path(name)
    except OSError as exc:
        return (
            f"(nowhere: neither the data folder nor the temp folder could hold it: {exc.strerror})"
        )
