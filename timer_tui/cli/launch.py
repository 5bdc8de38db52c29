"""Starting a run: the one place that builds its listeners and picks plain or full screen.

``run``, ``next`` and ``resume`` all end here. A plain-mode run gets the audio cue
subscriber, the log's recorder and, for a fresh run, a hint that an earlier run of
the same session can be resumed; a full-screen run gets the log's hooks, and the
app builds the same listeners for each countdown it starts.

Heavy modules (Textual, the audio player, the SQLite log) are imported only when
a run starts, so that ``timer-tui list`` and ``--help`` stay quick.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

from timer_tui.core.errors import UserError

if TYPE_CHECKING:
    from timer_tui.core.engine import Subscriber
    from timer_tui.core.timeline import Timeline
    from timer_tui.library.config import Config
    from timer_tui.library.sessions import SessionEntry
    from timer_tui.log.records import Notify


@dataclass(frozen=True, slots=True)
class RunOptions:
    """How to run, as ``run``, ``next`` and ``resume`` take it from the command line."""

    plain: bool = False
    as_json: bool = False
    mute: bool = False
    voice: bool = True

    @classmethod
    def from_args(cls, args: argparse.Namespace) -> RunOptions:
        return cls(plain=args.plain, as_json=args.json, mute=args.mute, voice=not args.no_voice)


def add_run_options(p: argparse.ArgumentParser) -> None:
    """The options every command that runs a session takes (``RunOptions``)."""
    p.add_argument("--plain", action="store_true", help="one line per event; keys from stdin")
    p.add_argument("--json", action="store_true", help="with --plain: one JSON object per line")
    add_sound_options(p)


def add_sound_options(p: argparse.ArgumentParser) -> None:
    """``--mute`` and ``--no-voice``: for the commands that run a session, and ``serve``."""
    p.add_argument("--mute", action="store_true", help="no sound at all")
    p.add_argument("--no-voice", action="store_true", help="tones only, no spoken announcements")


def launch(
    entry: SessionEntry,
    options: RunOptions,
    *,
    start_index: int = 0,
    resume_row: int | None = None,
) -> int:
    """Run ``entry`` from ``start_index``; ``resume_row`` continues that interrupted log row.

    A terminal that cannot draw the app (``TERM=dumb``, or no ``TERM``) gets plain
    mode, and is told so, rather than screens of escape codes.
    """
    dumb = dumb_terminal()
    if not options.plain and dumb and has_terminal():
        from timer_tui.cli.output import print_notice

        print_notice(
            f"this terminal ({dumb}) cannot draw the full-screen app: running in plain "
            "mode (type a key, then Enter; ? lists them). Set TERM (e.g. xterm-256color) "
            "for the app."
        )
        options = replace(options, plain=True)
    if options.plain:
        return run_plain_mode(entry, options, start_index=start_index, resume_row=resume_row)
    from timer_tui.ui import collector

    # No cycle collection until the countdown's first frame is out (ui/collector.py).
    collector.hold()
    try:
        from timer_tui.ui.log_hooks import LogHooks

        hooks = LogHooks()
        if resume_row is not None:
            hooks.resume_row[entry.id] = resume_row
        return open_app(
            start=entry,
            start_index=start_index,
            mute=options.mute,
            voice=options.voice,
            log_hooks=hooks,
        )
    finally:
        collector.release()  # the app has done so at its first frame, unless it never got there


def open_picker() -> int:
    """The app at its picker, with the log's marks and its offer to resume. No cycle
    collection until its first frame is out, as for a run (ui/collector.py): before it the
    picker reads at most a bounded number of files (``sessions.Discovery``)."""
    from timer_tui.ui import collector

    collector.hold()
    try:
        from timer_tui.ui.log_hooks import LogHooks

        return open_app(log_hooks=LogHooks())
    finally:
        collector.release()  # the app has done so at its first frame, unless it never got there


def has_terminal() -> bool:
    """A terminal on stdin and stdout, or a browser's (``served``)."""
    return served() or (sys.stdin.isatty() and sys.stdout.isatty())


def served() -> bool:
    """Run by ``timer-tui serve`` or textual-serve: ``TEXTUAL_DRIVER`` names the driver
    (Textual's web driver), which draws into a pipe to a browser's terminal and reads
    its keys from one. stdin and stdout are pipes then, and that is no script."""
    return bool(os.environ.get("TEXTUAL_DRIVER", "").strip())


def dumb_terminal() -> str | None:
    """``TERM=dumb`` (or unset): no colour, no cursor moves; None for a real terminal
    (a browser's, when ``served``, whatever ``TERM`` the server inherited)."""
    if served():
        return None
    term = os.environ.get("TERM", "").strip()
    if term in ("", "dumb", "unknown"):
        return f"TERM={term}" if term else "no TERM"
    return None


def open_app(**options: Any) -> int:
    """Open the full-screen app with ``TimerApp(**options)``; it needs a terminal.

    Without one (a script, a pipe, cron) it would draw into nothing and read no
    keys, so that is a clear error pointing at plain mode instead.
    """
    if not has_terminal():
        raise UserError(
            "the full-screen app needs a terminal (stdin and stdout); "
            "in scripts and pipes add --plain, e.g. timer-tui run SESSION --plain"
        )
    without_tls()
    from timer_tui.cli.main import log_bugs_to_crash_log
    from timer_tui.ui.app import TimerApp

    log_bugs_to_crash_log()

    return TimerApp(**options).run() or 0


def without_tls() -> None:
    """Keep OpenSSL out of the app's process: nothing in it speaks TLS.

    asyncio imports ``ssl`` whether or not a program ever opens a TLS connection,
    and that maps OpenSSL's libraries (3.4 MB resident, a tenth of the countdown's
    memory) and takes 5 ms; asyncio is written for a Python built without ``ssl``
    and takes its absence as that. Only before asyncio is imported (else ``ssl``
    is loaded already, and stays usable); ``timer-tui serve``'s web server, the one
    part that could speak TLS, never comes here (its app, a process of its own, does).
    """
    if "ssl" not in sys.modules and "asyncio" not in sys.modules:
        sys.modules["ssl"] = None  # type: ignore[assignment]  # its import: ImportError


def run_plain_mode(
    entry: SessionEntry, options: RunOptions, *, start_index: int, resume_row: int | None
) -> int:
    """One line per event, keys from stdin, with the audio cues and the log listening."""
    from timer_tui.audio import create_cue_subscriber
    from timer_tui.cli.main import log_bugs_to_crash_log
    from timer_tui.cli.output import print_notice
    from timer_tui.cli.plain import run_plain
    from timer_tui.core.stops import session_clock
    from timer_tui.log.loads import read_last_loads

    log_bugs_to_crash_log()
    config = plain_config(print_notice)
    entry = entry.with_treadmill(config.treadmill)  # the runner's speeds, where the file has none
    entry = entry.with_cues(config.cues)  # and what they want said, where the file does not say
    session = entry.session
    assert session is not None
    timeline = entry.timeline()
    cues = create_cue_subscriber(
        session, timeline, mute=options.mute, voice=options.voice, notify=print_notice
    )
    cues.prepare()
    # The recorder is the journal: it hears each event before the line is printed.
    journal = plain_subscribers(entry, timeline, notify=print_notice, resume_row=resume_row)
    try:
        return run_plain(
            session,
            timeline,
            as_json=options.as_json,
            clock=session_clock,
            journal=journal,
            subscribers=[cues],
            on_key=mute_key(cues),
            start_index=start_index,
            resume_after_stop=config.resume_after_stop,
            last_loads=read_last_loads(s.name for s in timeline.steps if not s.is_timed),
        )
    finally:
        cues.close()


def plain_config(notify: Notify) -> Config:
    """The config for a plain-mode run; its mistakes in one notice, a line each (the list
    is capped), saying what happens as ``docs/config.md`` does: a file that reads as TOML
    loses only the entries named, one that does not is left out whole. The notice gave
    the first mistake, "(and N more)" and "using the defaults" either way (QA)."""
    from timer_tui.library.config import load_config

    config = load_config()
    if config.errors:
        then = (
            "those entries are left out; the rest applies" if config.raw else "using the defaults"
        )
        if len(config.errors) == 1:
            notify(f"config: {config.errors[0].format()}; {then}")
        else:
            listed = "\n".join(f"  {error.format()}" for error in config.errors)
            notify(f"config: {then}:\n{listed}")
    return config


def plain_subscribers(
    entry: SessionEntry,
    timeline: Timeline,
    *,
    notify: Notify,
    resume_row: int | None = None,
    path: Path | None = None,
) -> list[Subscriber]:
    """The log's part of a plain-mode run: say if an earlier run can be resumed, then record."""
    from timer_tui.log.recorder import open_recorder
    from timer_tui.log.resume import resume_hint

    if resume_row is None:
        hint = resume_hint(entry, path=path)
        if hint:
            notify(hint)
    return [open_recorder(entry, timeline, path=path, notify=notify, resume_row=resume_row)]


class _MuteKeys(Protocol):
    @property
    def muted(self) -> bool: ...

    def on_key(self, key: str) -> bool: ...


def mute_key(cues: _MuteKeys) -> Callable[[str], str | None]:
    """Plain mode's ``m``: the cue subscriber toggles mute, and the line says which it is now."""

    def on_key(key: str) -> str | None:
        if cues.on_key(key):
            return "muted" if cues.muted else "sound on"
        return None

    return on_key
