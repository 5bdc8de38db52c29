"""`timer-tui log export` and `log import`: one history on every machine.

Export writes the finished sessions as JSON (stdout, or ``-o FILE`` written
whole); import merges such a file into this machine's log on each session's
stable id (``log.transfer``). Two machines stay in step through any synced
folder: each exports its own file there and imports the others'
(docs/take-it-along.md).
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from timer_tui.core.errors import UserError

if TYPE_CHECKING:
    from timer_tui.log.store import History

MAX_IMPORT_BYTES = 256 * 1024 * 1024
"""A decade of daily sessions is a few tens of MiB; past this the file is not an export."""

_EXPORT_EPILOG = """examples:
  timer-tui log export -o ~/Sync/timer-tui/laptop.json
      this machine's sessions into a synced folder (replaced whole each time)
  timer-tui log export --since 4w
      the last four weeks, as JSON on stdout"""

_IMPORT_EPILOG = """examples:
  timer-tui log import ~/Sync/timer-tui/desktop.json
      add the desktop's sessions this log does not hold yet
  timer-tui log import --dry-run desktop.json
      say how many would be added; change nothing"""


def add_log_transfer(log_parser: argparse.ArgumentParser) -> None:
    """``export`` and ``import`` under ``timer-tui log`` (a bare ``log`` still prints it)."""
    sub = log_parser.add_subparsers(title="moving the log", metavar="ACTION", dest="log_action")
    export = sub.add_parser(
        "export",
        help="write the finished sessions as JSON, for log import",
        description=(
            "Write every finished session of the log, with its steps, reps, loads and paused "
            "time, as one JSON file that `timer-tui log import` merges into another machine's "
            "log. Each session keeps its stable id, so importing it again adds nothing. "
            "A session still running, or still offered for resume, goes along once it is over."
        ),
        epilog=_EXPORT_EPILOG,
    )
    export.add_argument(
        "--since",
        metavar="DATE",
        help="only sessions started on or after DATE (2026-03-01), or in the last 7d / 4w",
    )
    export.add_argument(
        "-o",
        "--output",
        metavar="FILE",
        help="write FILE whole instead of stdout (an earlier export there is replaced)",
    )
    export.add_argument(
        "--force", action="store_true", help="with -o: replace FILE even if it is no export"
    )
    export.set_defaults(func=cmd_log_export)
    imp = sub.add_parser(
        "import",
        help="merge sessions from a log export into this log",
        description=(
            "Add the sessions of FILE (made by `timer-tui log export`) that this log does not "
            "hold yet, matched by each session's stable id. Sessions already here are never "
            "changed, so importing a file twice, or your own export, adds nothing. The whole "
            "file is checked first: a damaged or foreign file changes nothing."
        ),
        epilog=_IMPORT_EPILOG,
    )
    imp.add_argument("file", metavar="FILE", help="a file written by timer-tui log export")
    imp.add_argument("--dry-run", action="store_true", help="say what would be added; add nothing")
    imp.set_defaults(func=cmd_log_import)


def _open_writable() -> History:
    from timer_tui.log.store import History

    opened = History.open()
    if opened.history is None or opened.problem is not None:
        if opened.history is not None:
            opened.history.close()
        raise UserError(opened.message or "the log cannot be written")
    return opened.history


def _history_for_export() -> tuple[History, bool]:
    """The log, writable when it can be (rows without a uid get one), else read-only."""
    from timer_tui.cli.commands.log import open_for_reading
    from timer_tui.library.paths import history_path
    from timer_tui.log.store import History
    from timer_tui.log.transfer import give_missing_uids

    if not history_path().exists():
        return open_for_reading(), False  # nothing logged yet: an empty export, no new file
    import sqlite3

    opened = History.open()
    if opened.history is not None and opened.problem is None:
        try:
            give_missing_uids(opened.history)
            return opened.history, True
        except sqlite3.Error:  # locked by a long run's writer: read as it is
            pass
    if opened.history is not None:
        opened.history.close()
    return open_for_reading(), False


def cmd_log_export(args: argparse.Namespace) -> int:
    from timer_tui.cli.commands.log import parse_since
    from timer_tui.log.records import local_now
    from timer_tui.log.transfer import export_log

    now = local_now()
    since = parse_since(args.since, now) if args.since else None
    target = Path(args.output) if args.output else None
    if target is not None and not args.force:
        _refuse_to_replace(target)
    history, _ = _history_for_export()
    with history:
        exported = export_log(history, since=since, now=now)
        unreadable = history.unreadable_notice()
    if unreadable:
        print(f"timer-tui: {unreadable}", file=sys.stderr)
    text = export_text(exported.document)
    if target is None:
        sys.stdout.write(text)
        sys.stdout.flush()
    else:
        from timer_tui.library.atomic import write_output

        write_output(target, text.encode("utf-8"), force=True)  # refused above if not ours
    where = "" if target is None else f" to {target}"
    note = f"timer-tui: exported {_sessions(exported.sessions)}{where}"
    if exported.left_out:
        note += (
            f"; {_sessions(exported.left_out)} still running or resumable left out "
            "(exported once over)"
        )
    if exported.without_uid:
        note += (
            f"; {_sessions(exported.without_uid)} without an id left out "
            "(the log could not be written to give them one; try again)"
        )
    print(note, file=sys.stderr)
    return 0


def export_text(document: dict[str, object]) -> str:
    """The export as JSON with one session a line: readable and diffable, and written by
    json's C encoder (``indent`` falls back to the pure-Python one, 3x slower here)."""
    sessions = document.get("sessions")
    assert isinstance(sessions, list)
    head = json.dumps({k: v for k, v in document.items() if k != "sessions"}, ensure_ascii=True)
    lines = ",\n".join(json.dumps(s, ensure_ascii=True) for s in sessions)
    body = f"[\n{lines}\n]" if sessions else "[]"
    return f'{head[:-1]}, "sessions": {body}}}\n'


def _refuse_to_replace(target: Path) -> None:
    """``-o`` replaces an earlier export (the synced-folder routine), never another file;
    a FIFO or a device (``/dev/stdout``) is written through, as ``write_output`` does."""
    from timer_tui.core.safe_files import Refused, read_capped
    from timer_tui.library.atomic import Output, output_kind
    from timer_tui.log.transfer_format import FORMAT

    if output_kind(target) is not Output.FILE:
        return
    data = read_capped(target, MAX_IMPORT_BYTES)
    if isinstance(data, Refused):
        raise UserError(f"will not replace {target}: {data.reason}")
    try:
        ours = json.loads(data).get("format") == FORMAT
    except (ValueError, AttributeError):  # not JSON, not UTF-8, or not an object
        ours = False
    if not ours:
        raise UserError(
            f"{target} exists and is not a timer-tui log export; "
            "choose another name, or add --force to replace it"
        )


def _sessions(count: int) -> str:
    return f"{count} session" + ("" if count == 1 else "s")


def cmd_log_import(args: argparse.Namespace) -> int:
    import sqlite3

    from timer_tui.core.safe_files import Refused, read_capped
    from timer_tui.core.safe_text import safe_text
    from timer_tui.log.store import classify
    from timer_tui.log.transfer import import_sessions
    from timer_tui.log.transfer_format import FormatError, parse_export

    path = Path(args.file)
    shown = safe_text(str(path))
    data = read_capped(path, MAX_IMPORT_BYTES)
    if isinstance(data, Refused):
        raise UserError(f"cannot read {shown}: {data.reason}")
    try:
        rows = parse_export(data)
    except FormatError as exc:
        raise UserError(f"{shown}: {safe_text(str(exc))}; nothing was imported") from None
    with _open_writable() as history:
        try:
            done = import_sessions(history, rows, dry_run=args.dry_run)
        except sqlite3.Error as exc:
            _, message = classify(exc, history.path)
            raise UserError(f"{message}; nothing was imported") from None
    verb = "would add" if args.dry_run else "added"
    print(
        f"timer-tui: {shown}: {verb} {_sessions(done.added)} ({done.steps} steps); "
        f"{done.already} already in the log, left as they were"
    )
    return 0
