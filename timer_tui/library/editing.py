"""Writing sessions: the helpers behind ``timer-tui new`` and ``edit`` and the in-app editor.

Files are only ever written into the user's sessions folder (or wherever a path
the user gave points): a change to a bundled session is saved there as a copy,
under the same id, so the copy shadows the installed file instead of changing
it; a bundled session opened and closed with no change saved leaves no copy.

The command line and the editor screen share these; they sit in the library, not
in either of them, so the screen never imports the command line. No Textual here.
"""

from __future__ import annotations

import json
import os
import re
import shlex
import shutil
import subprocess
import tempfile
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from importlib.resources import files
from pathlib import Path

from timer_tui.core.errors import UserError
from timer_tui.core.loader import LoadResult, load_session, parse_session
from timer_tui.core.schema import schema_json
from timer_tui.core.wording import plural
from timer_tui.library.atomic import create_text_atomic, write_text_atomic
from timer_tui.library.paths import bundled_sessions_dir, data_dir, user_sessions_dir
from timer_tui.library.sessions import SessionNotFound, find_entry, resolve, session_id

TEMPLATES = ("intervals", "circuit", "tabata")
DEFAULT_TEMPLATE = "intervals"
FALLBACK_EDITORS = ("editor", "nano", "vi")

_SCHEMA_LINE_RE = re.compile(r"^#:schema\b.*$")
_TABLE_HEADER_RE = re.compile(r"^\s*\[")
_PROGRAM_HEADER_RE = re.compile(r"^\s*\[\s*program\s*\]")
_PROGRAM_INLINE_RE = re.compile(r"^\s*program\s*=\s*\{.*\}\s*(?:#.*)?$")
_NAME_LINE_RE = re.compile(
    r"""^(?P<indent>\s*)name\s*=\s*(?:"(?:[^"\\]|\\.)*"|'[^']*')(?P<comment>\s*\#.*)?$"""
)


# -- templates and text ---------------------------------------------------------------
def template_text(template: str) -> str:
    """A bundled, commented template (``timer_tui/templates/NAME.toml``)."""
    if template not in TEMPLATES:
        raise ValueError(f"unknown template {template!r}")
    return (files("timer_tui") / "templates" / f"{template}.toml").read_text(encoding="utf-8")


MAX_SLUG = 64
"""Characters of a file name made from a session's name. A name may be 2,000 characters
and a file name at most 255 bytes; the name itself stays whole inside the file, and the
id (what ``run`` takes) only has to be recognisable."""


def slugify(name: str) -> str:
    """``"Hill sprints (v2)"`` -> ``hill-sprints-v2``: a file name that works everywhere,
    cut between words to at most ``MAX_SLUG`` characters."""
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_name.lower()).strip("-")
    if len(slug) <= MAX_SLUG:
        return slug
    words, _, _ = slug[: MAX_SLUG + 1].rpartition("-")
    return (words or slug[:MAX_SLUG]).strip("-")


def toml_string(text: str) -> str:
    """A TOML basic string; JSON's escapes are a subset of TOML's."""
    return json.dumps(text, ensure_ascii=False)


def with_name(text: str, name: str) -> str:
    """Replace the session's top-level ``name = ...`` line, keeping its comment.

    Only lines before the first table header count, so a step's or program's
    ``name`` is never touched. If the line is written in a way we do not
    recognise (a multi-line string), the text is returned unchanged.
    """
    lines = text.splitlines(keepends=True)
    for i, line in enumerate(lines):
        if _TABLE_HEADER_RE.match(line):
            break
        match = _NAME_LINE_RE.match(line.rstrip("\r\n"))
        if match:
            ending = line[len(line.rstrip("\r\n")) :]
            comment = match.group("comment") or ""
            lines[i] = f"{match.group('indent')}name = {toml_string(name)}{comment}{ending}"
            return "".join(lines)
    return text


def without_program(text: str) -> str:
    """Drop a ``[program]`` table (or a one-line ``program = {...}``) from a copy.

    A session made with ``new --from`` is the user's own, not another week of the
    program it came from; ``edit`` is the way to change a program's session.
    """
    out: list[str] = []
    skipping = False
    seen_table = False
    for line in text.splitlines(keepends=True):
        if _TABLE_HEADER_RE.match(line):
            seen_table = True
            skipping = _PROGRAM_HEADER_RE.match(line) is not None
            if skipping:
                continue
        if skipping and line.strip() and not line.lstrip().startswith("#"):
            continue  # comments and blank lines stay: they usually introduce what follows
        if not seen_table and _PROGRAM_INLINE_RE.match(line):
            continue
        out.append(line)
    return "".join(out)


def user_schema_path() -> Path:
    """The schema beside the user's sessions, for editors to validate them against."""
    return data_dir() / "session.schema.json"


def ensure_user_schema() -> Path:
    """Write (or refresh) the user's copy of the schema; cheap when it is current."""
    path = user_schema_path()
    text = schema_json()
    try:
        current = path.read_text(encoding="utf-8")
    except OSError:
        current = None
    if current != text:
        write_text_atomic(path, text)
    return path


def with_schema_directive(text: str, target: Path) -> str:
    """Point the file's ``#:schema`` line at the user's schema, relative to ``target``.

    Bundled files say ``../../docs/session.schema.json``, which means nothing in
    the user's folder; Taplo resolves a relative directive against the file.
    """
    relative = Path(os.path.relpath(user_schema_path(), target.parent)).as_posix()
    directive = f"#:schema {relative}"
    lines = text.splitlines(keepends=True)
    if lines and _SCHEMA_LINE_RE.match(lines[0].rstrip("\r\n")):
        ending = lines[0][len(lines[0].rstrip("\r\n")) :] or "\n"
        lines[0] = directive + ending
        return "".join(lines)
    return f"{directive}\n{text}"


# -- new --------------------------------------------------------------------------------
def new_session_text(name: str, target: Path, *, template: str | None, source: Path | None) -> str:
    if source is not None:
        base = without_program(source.read_text(encoding="utf-8"))
    else:
        base = template_text(template or DEFAULT_TEMPLATE)
    return with_schema_directive(with_name(base, name), target)


def create_session(
    name: str, *, template: str | None = None, source_ref: str | None = None
) -> Path:
    """Write a new session into the user folder and return its path.

    Raises UserError when the name makes no file name, the file exists, or the
    session to copy does not load (a new file should pass ``check`` from the start).
    """
    name = name.strip()
    if name.lower().endswith(".toml"):
        name = name[: -len(".toml")]
    slug = slugify(name)
    if not slug:
        raise UserError(f'"{name}" has no letters or digits to make a file name from')
    target = user_sessions_dir() / f"{slug}.toml"
    if target.exists():
        raise UserError(
            f"{target} already exists; pick another name, or change it with: timer-tui edit {slug}"
        )
    source = find_entry(source_ref).path if source_ref is not None else None
    text = new_session_text(name, target, template=template, source=source)
    result = parse_session(text, target)
    if not result.ok:
        problems = "\n".join(e.format() for e in result.errors)
        raise UserError(f"the new file would not load, so it was not written:\n{problems}")
    ensure_user_schema()
    try:
        create_text_atomic(target, text)
    except FileExistsError:
        raise UserError(f"{target} already exists; pick another name") from None
    return target


# -- edit -------------------------------------------------------------------------------
def _is_within(path: Path, folder: Path) -> bool:
    try:
        path.resolve().relative_to(folder.resolve())
    except ValueError:
        return False
    return True


def user_copy_path(path: Path) -> Path | None:
    """Where the user's copy of a bundled session goes (same id); None if not bundled."""
    bundled = bundled_sessions_dir()
    if not _is_within(path, bundled):
        return None
    return user_sessions_dir() / f"{session_id(path.resolve(), bundled.resolve())}.toml"


@dataclass(frozen=True, slots=True)
class EditRun:
    """What one run of the external editor did."""

    status: int
    """The editor's exit status."""
    path: Path
    """The file to check now: the one edited, or the bundled one when nothing was saved."""
    copied_from: Path | None = None
    """The bundled file, when a change to it was saved as the user's copy (``path``)."""
    unchanged_bundled: bool = False
    """A bundled session opened and closed with no change saved: nothing was written."""


def edit_in_editor(
    path: Path, command: list[str], run: Callable[[Path, list[str]], int] | None = None
) -> EditRun:
    """Open ``path`` in the editor; for a bundled session, a scratch copy of it.

    The user's copy of a bundled session (same id, in the user folder, where it
    shadows the bundled one) is written only if the editor exited with 0 and the
    text changed: opening a preset to read it, or quitting without saving, or vi's
    ``:cq``, leaves the library as it was. An existing copy is edited in place and
    never replaced. ``run`` opens the editor (``open_in_editor``; the app wraps it
    to hand the terminal over)."""
    run = run or open_in_editor
    target = user_copy_path(path)
    if target is None or target.exists():
        if target is None and not path.is_file():
            hint = f"; create it with: timer-tui new {path.stem}" if not path.exists() else ""
            raise UserError(f"{path}: no such session file{hint}")
        edited = target or path
        return EditRun(run(edited, command), edited)
    text = with_schema_directive(path.read_text(encoding="utf-8"), target)
    ensure_user_schema()
    with tempfile.TemporaryDirectory(prefix="timer-tui-edit-") as scratch_dir:
        scratch = Path(scratch_dir) / target.name
        scratch.write_text(text, encoding="utf-8")
        status = run(scratch, command)
        try:
            edited_text = scratch.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise UserError(f"cannot read back the edited copy of {path.name}: {exc}") from None
        if status != 0 or edited_text == text:
            return EditRun(status, path, unchanged_bundled=True)
        try:
            create_text_atomic(target, edited_text)
        except FileExistsError:
            raise UserError(
                f"{target} appeared while you were editing; your change was not saved over it"
            ) from None
    return EditRun(status, target, copied_from=path)


def editor_command(environ: dict[str, str] | None = None) -> list[str] | None:
    """``$VISUAL``, then ``$EDITOR`` (either may carry arguments: ``code -w``), then
    the first of ``editor``, ``nano``, ``vi`` on PATH; None when there is none.

    A variable naming a program that does not exist is a UserError, not a fallback."""
    env = os.environ if environ is None else environ
    for var in ("VISUAL", "EDITOR"):
        value = env.get(var, "").strip()
        if not value:
            continue
        try:
            command = shlex.split(value)
        except ValueError:
            command = []
        if command and shutil.which(command[0], path=env.get("PATH")):
            return command
        # The user chose this editor: say it is missing rather than open another one.
        raise UserError(f'${var} is "{value}", which is not a program on PATH; fix or unset ${var}')
    for name in FALLBACK_EDITORS:
        found = shutil.which(name, path=env.get("PATH"))
        if found:
            return [found]
    return None


NO_EDITOR = (
    "no editor found: set $EDITOR (for example: export EDITOR=nano) "
    "or install one of: " + ", ".join(FALLBACK_EDITORS)
)


def open_in_editor(path: Path, command: list[str] | None = None) -> int:
    """Run the editor on ``path`` in the foreground and return its exit status."""
    command = command or editor_command()
    if command is None:
        raise UserError(NO_EDITOR)
    try:
        return subprocess.run([*command, str(path)], check=False).returncode
    except OSError as exc:
        raise UserError(f"cannot start the editor {command[0]!r}: {exc.strerror or exc}") from None


def check_report(path: Path) -> tuple[LoadResult, list[str]]:
    """The file's load result and the lines that tell the user about it."""
    result = load_session(path)
    if result.ok:
        return result, [f"{path}: valid"]
    count = len(result.errors)
    lines = [e.format() for e in result.errors]
    lines.append(f"{path}: {plural(count, 'problem')}; the file is saved as it is")
    return result, lines


def edit_session(
    ref: str,
    *,
    ask: Callable[[str], bool] | None = None,
    out: Callable[[str], None] = print,
) -> int:
    """Open in the editor (a bundled session: a copy, kept only if changed), check;
    offer to reopen while it has errors."""
    command = editor_command()
    if command is None:
        raise UserError(NO_EDITOR)
    try:
        path = resolve(ref).path
    except SessionNotFound as exc:
        raise UserError(str(exc)) from None
    while True:
        edit = edit_in_editor(path, command)
        if edit.status != 0:
            kept = "nothing was copied" if edit.unchanged_bundled else "the file is as it left it"
            out(f"the editor exited with status {edit.status}; {kept}")
            return edit.status
        if edit.unchanged_bundled:
            out(f"no change: {path.name} stays the bundled session, nothing was copied")
            return 0
        if edit.copied_from is not None:
            out(
                f"saved your change to {edit.copied_from} as {edit.path}; "
                "the copy replaces it in your library"
            )
        path = edit.path
        result, lines = check_report(path)
        for line in lines:
            out(line)
        if result.ok:
            return 0
        if ask is None or not ask("Reopen it in the editor? [Y/n] "):
            return 1


# -- finding a session ------------------------------------------------------------------
