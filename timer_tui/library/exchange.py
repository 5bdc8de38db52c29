"""Sessions to and from other tools' files: ``timer-tui export`` and ``timer-tui import``.

The formats themselves are pure (``core.exchange``); this module resolves
sessions, reads files with the size cap and the checks every session file gets,
and writes whole files only (``library.atomic``). A file that is already there is
never replaced without ``force``, and for a whole program every target is checked
before the first file is written, so a refusal leaves nothing half done.
"""

from __future__ import annotations

import contextlib
import stat
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import BinaryIO

from timer_tui.core.errors import UserError
from timer_tui.core.exchange.plan import workout_plan
from timer_tui.core.exchange.toml_out import Imported, session_toml
from timer_tui.core.loader import MAX_SESSION_BYTES, LoadError, decode_utf8, parse_session
from timer_tui.core.model import Session
from timer_tui.core.safe_files import Refused, format_size, read_capped
from timer_tui.core.treadmill import TreadmillSettings
from timer_tui.library.atomic import Output, output_kind, write_output
from timer_tui.library.editing import ensure_user_schema, slugify, with_schema_directive
from timer_tui.library.paths import make_private_folder, user_sessions_dir
from timer_tui.library.sessions import SessionEntry, discover, session_id

FORMATS = ("fit", "zwo", "text")
SUFFIXES = {"fit": ".fit", "zwo": ".zwo", "text": ".txt"}
IMPORT_FORMATS = ("zwo", "text")

Clock = Callable[[], datetime]


def _now() -> datetime:
    return datetime.now(timezone.utc)


def format_for(path: Path | None, given: str | None) -> str | None:
    """The format asked for, else the one a file name ends in (``.fit``, ``.zwo``, ``.txt``)."""
    if given:
        return given
    if path is None:
        return None
    suffix = path.suffix.lower()
    return next((f for f, s in SUFFIXES.items() if s == suffix), None)


def render(
    session: Session, fmt: str, now: Clock = _now, treadmill: TreadmillSettings | None = None
) -> bytes:
    """The session in ``fmt``; UserError when the format cannot hold it (ZWO and rep steps).

    ``treadmill`` is the runner's ``[treadmill]`` config: its speeds go to timed steps
    of their kinds that have none, as ``timer-tui show`` and a run use them.
    """
    nodes = workout_plan(session, treadmill)
    if fmt == "fit":
        from timer_tui.core.exchange.fit import fit_bytes

        return fit_bytes(session, nodes, now())
    if fmt == "zwo":
        from timer_tui.core.exchange.zwo import zwo_text

        return zwo_text(session, nodes).encode("utf-8")
    if fmt == "text":
        from timer_tui.core.exchange.workout_text import workout_text

        return workout_text(session, nodes).encode("utf-8")
    raise ValueError(f"unknown format {fmt!r}")  # argparse allows only FORMATS


def _taken(path: Path) -> str:
    return f"{path} already exists; add --force to replace it"


def write_file(path: Path, data: bytes, *, force: bool) -> None:
    """Write ``data`` whole (or through, to a FIFO or device); an existing file only
    with ``force``."""
    try:
        write_output(path, data, force=force)
    except FileExistsError:
        raise UserError(_taken(path)) from None


@dataclass(frozen=True, slots=True)
class ProgramFile:
    entry: SessionEntry
    path: Path
    data: bytes


def program_entries(program: str, entries: list[SessionEntry] | None = None) -> list[SessionEntry]:
    """The program's sessions in order (as the picker lists them); UserError if none."""
    entries = discover() if entries is None else entries
    found = [e for e in entries if e.ok and e.program is not None and e.program.id == program]
    if not found:
        ids = sorted({e.program.id for e in entries if e.program is not None})
        raise UserError(f'no program "{program}"; programs: {", ".join(ids)}')
    return found


def default_program_folder(program: str, fmt: str) -> Path:
    """``PROGRAM-FORMAT`` in the current folder, from the id made into a plain name: the
    loader refuses an id such as ``/etc`` or ``../x``, and a folder name is not where to
    rely on that alone."""
    return Path(f"{slugify(program) or 'program'}-{fmt}")


def output_folder_exists(folder: Path) -> bool:
    """Whether the folder a program is exported into is there; False when it can be
    made as ``mkdir`` makes one (its own parent is there: a typo in ``-o`` is said, not
    made into folders); UserError when it cannot."""
    try:
        mode: int | None = folder.stat().st_mode
    except (FileNotFoundError, NotADirectoryError):
        mode = None
    except OSError as exc:  # a name too long, a folder not ours to look into
        raise UserError(f"cannot write into {folder}: {exc.strerror or exc}") from None
    if mode is not None and stat.S_ISDIR(mode):
        return True
    if mode is not None or folder.is_symlink():
        raise UserError(f"cannot write into {folder}: it is not a folder")
    if not folder.parent.is_dir():
        raise UserError(f"cannot write into {folder}: no such folder: {folder.parent}")
    return False


def export_program(
    program: str,
    fmt: str,
    folder: Path,
    *,
    force: bool,
    now: Clock = _now,
    treadmill: TreadmillSettings | None = None,
) -> list[ProgramFile]:
    """One file per session into ``folder``; nothing is written unless all can be."""
    files: list[ProgramFile] = []
    problems: list[str] = []
    entries = program_entries(program)
    tails = [e.id.rsplit("/", 1)[-1] for e in entries]
    for entry, tail in zip(entries, tails, strict=True):
        assert entry.session is not None
        # Two sessions of one program in different folders may share a file name.
        stem = tail if tails.count(tail) == 1 else entry.id.replace("/", "-")
        name = stem + SUFFIXES[fmt]
        try:
            data = render(entry.session, fmt, now, treadmill)
            files.append(ProgramFile(entry, folder / name, data))
        except UserError as exc:
            problems.append(f"{entry.id}: {exc}")
    exists = output_folder_exists(folder)
    taken = [f.path for f in files if exists and output_kind(f.path) is Output.FILE]
    if taken and not force:
        shown = ", ".join(str(p) for p in taken[:3]) + (" ..." if len(taken) > 3 else "")
        problems.append(f"{len(taken)} of the files already exist ({shown}); add --force")
    if problems:
        raise UserError("nothing was written:\n" + "\n".join(problems))
    if not exists:
        make_private_folder(folder)  # 0700, as the folders it made before
    for file in files:
        write_file(file.path, file.data, force=force)
    return files


# -- import -------------------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class ImportResult:
    path: Path
    id: str
    session: Session


def _errors(errors: list[LoadError] | tuple[LoadError, ...]) -> UserError:
    lines = "\n".join(e.format() for e in errors)
    return UserError(f"{lines}\nnothing was imported")


STDIN = Path("<stdin>")
"""How standard input is named in messages (``timer-tui import -``)."""


def read_stdin(stream: BinaryIO) -> bytes:
    """Standard input, capped as a file is (a pasted workout, not an endless pipe)."""
    data = stream.read(MAX_SESSION_BYTES + 1)
    if len(data) > MAX_SESSION_BYTES:
        raise UserError(
            f"standard input is over {format_size(MAX_SESSION_BYTES)}, the most allowed"
        )
    return data


def read_workout(path: Path, fmt: str, data: bytes | None = None) -> Imported:
    """The workout in another tool's file (or ``data``); UserError with every located problem."""
    if data is None:
        found_data = read_capped(path, MAX_SESSION_BYTES)
        if isinstance(found_data, Refused):
            raise UserError(f"cannot read {path}: {found_data.reason}")
        data = found_data
    fallback = "Imported workout" if path == STDIN else path.stem or "Imported workout"
    if fmt == "zwo":
        from timer_tui.core.exchange.zwo_read import read_zwo

        found = read_zwo(data, path, fallback)
    else:
        from timer_tui.core.exchange.workout_text_read import read_workout_text

        text = decode_utf8(data, path)
        if isinstance(text, LoadError):
            raise _errors([text])
        found = read_workout_text(text, path, fallback)
    if isinstance(found, list):
        raise _errors(found)
    return found


def import_format(path: Path, given: str | None) -> str:
    if given:
        return given
    suffix = path.suffix.lower()
    if suffix == ".fit":
        raise UserError(
            f"{path}: FIT files are exported, not imported; import a .zwo or a workout text file"
        )
    return "zwo" if suffix == ".zwo" else "text"


def import_workout(
    path: Path,
    *,
    fmt: str | None = None,
    name: str | None = None,
    force: bool = False,
    data: bytes | None = None,
) -> ImportResult:
    """Write the workout in ``path`` as a session file in the user's folder.

    The file is checked as ``timer-tui check`` would before it is written, and an
    existing session file is replaced only with ``force``.
    """
    workout = read_workout(path, import_format(path, fmt), data)
    if name is not None:
        name = " ".join(name.split())
        if not name:
            raise UserError("--name is empty")
        workout = Imported(name, workout.nodes, workout.description, workout.tags)
    slug = slugify(workout.name) or slugify(path.stem) or "imported-workout"
    folder = user_sessions_dir()
    target = folder / f"{slug}.toml"
    source = "standard input" if path == STDIN else path.name
    text = with_schema_directive(session_toml(workout, source), target)
    result = parse_session(text, target)
    if result.session is None:  # pragma: no cover - the readers keep to the format's limits
        raise _errors(result.errors)
    if target.exists() and not force:
        raise UserError(
            f'{target} already exists (your session "{session_id(target, folder)}"); '
            "add --force to replace it, or --name to import under another name"
        )
    with contextlib.suppress(OSError):  # the editor's schema is a nicety; the write says why
        ensure_user_schema()
    make_private_folder(folder)  # ours to make, unlike an -o path's folder
    write_file(target, text.encode("utf-8"), force=force)
    return ImportResult(target, session_id(target, folder), result.session)
