"""Read a session file into a ``Session``, or into errors a person can act on.

Errors are values here: each names the file, the line (and column when known),
the key, what was found and what is allowed. Only the CLI and the UI format them.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, replace
from pathlib import Path

import tomli

from timer_tui.core.field_types import Field, Invalid, describe, kind_names, read_wav
from timer_tui.core.format_spec import (
    BLOCK_FIELDS,
    CUES_FIELDS,
    MAX_DEPTH,
    MAX_STEPS,
    PROGRAM_FIELDS,
    SESSION_FIELDS,
    STEP_FIELDS,
)
from timer_tui.core.model import Block, CueSettings, Kind, Program, Session, Step
from timer_tui.core.safe_files import MIB, Refused, read_capped
from timer_tui.core.safe_text import safe_text, shorten
from timer_tui.core.toml_positions import PathKey, Position, key_positions, locate
from timer_tui.core.wording import suggest

TYPE_CHECKING = False  # typing's constant; typing itself stays out of `check` (test_cli_parser)
if TYPE_CHECKING:
    from typing import Any

MAX_SESSION_BYTES = 1 * MIB
"""Bundled sessions are under 3 KiB; a megabyte is thousands of steps, and loads in well under a second."""

_TOML_POS_RE = re.compile(r"\(at line (\d+), column (\d+)\)")
_LONG_NUMBER_RE = re.compile(r"[0-9_]{4000,}")
_STEP_OR_BLOCK_KEYS = sorted(set(STEP_FIELDS) | set(BLOCK_FIELDS))

_Rules = dict[str, tuple[Field, Callable[[object, Field, Path], "Any"]]]
"""Each key's field and its rule's check, for ``_Validator.values``."""


def _rules(fields: dict[str, Field]) -> _Rules:
    return {name: (field, field.type.rule.check) for name, field in fields.items()}


_STEP_RULES = _rules(STEP_FIELDS)
_BLOCK_RULES = _rules(BLOCK_FIELDS)


@dataclass(frozen=True, slots=True)
class LoadError:
    """One problem in one file, located as precisely as the file allows."""

    path: Path | None
    line: int
    col: int | None
    key: str
    message: str

    def __post_init__(self) -> None:
        # The message quotes the file (a value, a key, a line of TOML); wherever it is
        # shown (a picker row, a toast, `check`) it stays one line of plain text.
        object.__setattr__(self, "message", safe_text(self.message, keep=""))
        object.__setattr__(self, "key", safe_text(self.key, keep=""))

    def format(self) -> str:
        """One line, always: a newline or escape in a key, value or path is shown escaped.

        So ``sets = "a\\nfake.toml:1:1: injected"`` cannot print a second, forged error.
        """
        where = str(self.path) if self.path else "<text>"
        col = f":{self.col}" if self.col else ""
        key = f"{shorten(self.key)}: " if self.key else ""
        return safe_text(f"{where}:{self.line}{col}: {key}{self.message}", keep="")


@dataclass(frozen=True, slots=True)
class LoadResult:
    session: Session | None
    errors: tuple[LoadError, ...]

    @property
    def ok(self) -> bool:
        return self.session is not None and not self.errors


def load_session(path: Path | str) -> LoadResult:
    """Load one session file; every failure, from a missing file on, is a LoadError.

    The path is looked at before it is opened: a FIFO, a device or a file over
    ``MAX_SESSION_BYTES`` is refused without reading it (see ``safe_files``).
    """
    path = Path(path)
    data = read_capped(path, MAX_SESSION_BYTES)
    if isinstance(data, Refused):
        if data.why == "missing":
            return _fail(path, "no such file; give the path of a .toml session file")
        if data.why == "folder":
            return _fail(path, "this is a directory; give a .toml session file inside it")
        if data.why == "too big":
            return _fail(path, f"too big for a session file: {data.reason}")
        return _fail(path, f"cannot read this file: {data.reason}")
    text = decode_utf8(data, path)
    if isinstance(text, LoadError):
        return LoadResult(None, (text,))
    return parse_session(text, path)


def decode_utf8(data: bytes, path: Path | None) -> str | LoadError:
    """The file's text, or an error that points at the first byte that is not UTF-8."""
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        col = exc.start - (data.rfind(b"\n", 0, exc.start) + 1) + 1
        message = (
            f"found byte 0x{data[exc.start]:02x}, which is not UTF-8; save the file as UTF-8 text"
        )
        return LoadError(path, line, col, "", message)


def parse_session(text: str, path: Path | None = None) -> LoadResult:
    """Validate TOML text as a session; ``path`` names it and anchors relative sounds."""
    text = text.removeprefix("\ufeff")
    if not text.strip():
        return _fail(path, 'the file is empty; a session needs at least name = "..." and [[steps]]')
    try:
        raw = tomli.loads(text)
    except tomli.TOMLDecodeError as exc:
        return toml_syntax_error(path, text, exc)
    except RecursionError:
        line = _line_nested_past(text, 2 * MAX_DEPTH + 2)
        return _fail(path, f"nested too deeply; blocks may nest at most {MAX_DEPTH} deep", line)
    except ValueError:
        # Python refuses to convert integers of more than 4,300 digits (and tomli
        # lets that ValueError out); no key of the format takes more than a few.
        line = _line_of_long_number(text)
        return _fail(path, "a number with too many digits; no value here needs more than 9", line)
    except Exception as exc:  # anything else the parser raises is a bad file, not a crash
        return _fail(path, f"TOML that cannot be read ({type(exc).__name__})")
    if _raw_steps(raw) > MAX_STEPS:
        # Known from the parsed TOML alone: a megabyte of steps is refused at once,
        # without locating and checking each one (that took seconds).
        line = text.count("\n", 0, max(0, text.find("steps"))) + 1
        return _fail(path, f"steps: more than {MAX_STEPS} steps; split the session", line)
    validator = _Validator(path, key_positions(text))
    session = validator.session(raw)
    if validator.errors:
        return LoadResult(None, tuple(sorted(validator.errors, key=lambda e: (e.line, e.col or 0))))
    return LoadResult(session, ())


def _fail(path: Path | None, message: str, line: int = 1, col: int | None = None) -> LoadResult:
    return LoadResult(None, (LoadError(path, line, col, "", message),))


def toml_syntax_error(path: Path | None, text: str, exc: Exception) -> LoadResult:
    message = str(exc)
    match = _TOML_POS_RE.search(message)
    line, col = (int(match.group(1)), int(match.group(2))) if match else (1, None)
    message = _TOML_POS_RE.sub("", message).strip()
    lines = text.splitlines()
    found = lines[line - 1].strip() if 0 < line <= len(lines) else ""
    hint = f' in "{found}"' if found else ""
    return _fail(path, f"TOML syntax: {message}{hint}", line, col)


def display_key(path: PathKey) -> str:
    """``("steps", 2, "duration")`` -> ``steps[3].duration`` (steps numbered from 1)."""
    out = ""
    for part in path:
        if isinstance(part, int):
            out += f"[{part + 1}]"
        else:
            out += f".{part}" if out else part
    return out


def _line_nested_past(text: str, limit: int) -> int:
    """The line where brackets first nest deeper than ``limit`` (strings and comments aside).

    Used only when the TOML parser itself gave up on the nesting, to point at it.
    """
    depth, line, quote = 0, 1, ""
    for i, c in enumerate(text):
        if c == "\n":
            line += 1
        if quote:
            if c == quote and text[i - 1] != "\\":
                quote = ""
        elif c in "\"'":
            quote = c
        elif c == "#":
            quote = "\n"
        elif c in "[{":
            depth += 1
            if depth > limit:
                return line
        elif c in "]}":
            depth -= 1
    return 1


def _raw_steps(table: object, depth: int = 0) -> int:
    """How many steps (tables that are not blocks) the ``steps`` arrays hold, at any depth.

    Each expands to at least one step, so more than ``MAX_STEPS`` of them is too
    many whatever the rest of the file says; counted before any other check.
    """
    if not isinstance(table, dict) or depth > MAX_DEPTH + 1:
        return 0
    items = table.get("steps")
    if not isinstance(items, list):
        return 0
    return sum(
        _raw_steps(item, depth + 1) if isinstance(item, dict) and "steps" in item else 1
        for item in items
    )


def _line_of_long_number(text: str) -> int:
    """The line of the first run of more than 4,000 digits (a number Python will not read)."""
    match = _LONG_NUMBER_RE.search(text)
    return text.count("\n", 0, match.start()) + 1 if match else 1


def _misplaced(name: str, allowed: list[str]) -> str | None:
    """A step's key in a block, or a block's key in a step: say where it belongs."""
    here = ", ".join(allowed)
    if name in STEP_FIELDS and name not in BLOCK_FIELDS and "repeat" in allowed:
        return (
            f"`{name}` belongs to a step, but this table is a block (it has `repeat` or "
            f"`steps`): move it into one of its steps (allowed here: {here})"
        )
    if name in BLOCK_FIELDS and name not in STEP_FIELDS and "duration" in allowed:
        return (
            f"`{name}` belongs to a block (a table with `repeat` and `steps`); between sets "
            f"of a step use `rest` (allowed here: {here})"
        )
    return None


class _Validator:
    def __init__(self, path: Path | None, positions: Mapping[PathKey, Position]) -> None:
        self.path = path
        self.positions = positions
        self.base_dir = path.parent if path else Path.cwd()
        self.errors: list[LoadError] = []

    # -- reporting ------------------------------------------------------------
    def error(self, key: PathKey, message: str) -> None:
        line, col = locate(self.positions, key) or (1, None)
        self.errors.append(LoadError(self.path, line, col, display_key(key), message))

    def line_of(self, key: PathKey) -> int:
        pos = self.positions.get(key) or locate(self.positions, key)
        return pos[0] if pos else 0

    def check_keys(
        self,
        table: dict[str, Any],
        key: PathKey,
        fields: dict[str, Field],
        suggest_from: Iterable[str],
    ) -> None:
        if table.keys() <= fields.keys():  # (one set comparison: the usual case)
            return
        for name in table:
            if name not in fields:
                allowed = list(fields)
                message = _misplaced(name, allowed) or (
                    f"unknown key `{shorten(name)}`{suggest(name, suggest_from)} "
                    f"(allowed here: {', '.join(allowed)})"
                )
                self.error((*key, name), message)

    # -- typed values ---------------------------------------------------------
    def value(self, table: dict[str, Any], key: PathKey, field: Field) -> Any:
        """The checked value of ``field`` in ``table``; None when absent or wrong."""
        if field.name not in table:
            return None
        checked = field.type.rule.check(table[field.name], field, self.base_dir)
        if isinstance(checked, Invalid):
            self.error((*key, field.name), checked.message)
            return None
        return checked

    def values(self, table: dict[str, Any], key: PathKey, rules: _Rules) -> dict[str, Any]:
        """The checked value of each key of ``table`` that ``rules`` has; wrong ones are None.

        Only the keys the table has are visited (a step has 2 or 3 of its 13: ``check``
        of 5,000 steps made 65,000 calls), each with its field's rule looked up once for
        the module, not per key. Their errors, each at its own key's position, come out
        in the same order once sorted by position. Absent keys are absent: ``.get``.
        """
        v = {}
        for name, found in table.items():
            rule = rules.get(name)
            if rule is not None:
                field, check = rule
                checked = check(found, field, self.base_dir)
                if isinstance(checked, Invalid):
                    self.error((*key, name), checked.message)
                    checked = None
                v[name] = checked
        return v

    # -- structure --------------------------------------------------------------
    def session(self, raw: dict[str, Any]) -> Session | None:
        self.check_keys(raw, (), SESSION_FIELDS, SESSION_FIELDS)
        for field in SESSION_FIELDS.values():
            if field.required and field.name not in raw:
                self.error((), f"missing required key `{field.name}` ({field.description.lower()})")
        values = {name: self.value(raw, (), f) for name, f in SESSION_FIELDS.items()}
        program = self.program(values["program"]) if values["program"] is not None else None
        cues = self.cues(values["cues"]) if values["cues"] is not None else CueSettings()
        steps = self.steps(values["steps"], ("steps",), depth=1) if values["steps"] else ()
        # Counted over the steps that did load, so that this error comes with the others
        # in one `check`, not only once they are fixed.
        if _count_steps(steps) > MAX_STEPS:
            self.error(
                ("steps",),
                f"expands to more than {MAX_STEPS} steps; split it or lower `repeat`",
            )
        if self.errors or not values["name"]:
            return None
        return Session(
            name=values["name"],
            steps=steps,
            path=self.path,
            description=values["description"],
            tags=values["tags"] or (),
            program=program,
            cues=cues,
        )

    def program(self, table: dict[str, Any]) -> Program | None:
        key: PathKey = ("program",)
        self.check_keys(table, key, PROGRAM_FIELDS, PROGRAM_FIELDS)
        if "id" not in table:
            self.error(key, "missing required key `id` (the program's id, such as c25k)")
        if "day" in table and "order" in table:
            self.error((*key, "order"), "give either `day` (with `week`) or `order`, not both")
        v = {name: self.value(table, key, f) for name, f in PROGRAM_FIELDS.items()}
        if not v["id"]:
            return None
        return Program(id=v["id"], name=v["name"], week=v["week"], day=v["day"], order=v["order"])

    def cues(self, table: dict[str, Any]) -> CueSettings:
        key: PathKey = ("cues",)
        self.check_keys(table, key, CUES_FIELDS, CUES_FIELDS)
        v = {name: self.value(table, key, f) for name, f in CUES_FIELDS.items()}
        sounds: dict[Kind, Path] = {}
        for kind_name, value in (v["sounds"] or {}).items():
            where = (*key, "sounds", kind_name)
            try:
                kind = Kind(kind_name)
            except ValueError:
                self.error(
                    where,
                    f"unknown kind `{kind_name}`{suggest(kind_name, kind_names())} "
                    f"(allowed: {', '.join(kind_names())})",
                )
                continue
            if not isinstance(value, str):
                self.error(where, f"found {describe(value)}; expected a path to a WAV file")
                continue
            path = read_wav(value, self.base_dir)
            if isinstance(path, Invalid):
                self.error(where, path.message)
            else:
                sounds[kind] = path
        # Every key given (and valid) replaces its default; the set of them is kept, so
        # the user's config fills in only what the file left out.
        given = {name: value for name, value in v.items() if value is not None}
        given.pop("sounds", None)
        return replace(CueSettings(), **given, sounds=sounds, given=frozenset(given))

    def steps(
        self, items: list[dict[str, Any]], key: PathKey, depth: int
    ) -> tuple[Step | Block, ...]:
        out: list[Step | Block] = []
        for i, item in enumerate(items):
            where = (*key, i)
            node: Step | Block | None
            if "repeat" in item or "steps" in item:
                node = self.block(item, where, depth)
            else:
                node = self.step(item, where)
            if node is not None:
                out.append(node)
        return tuple(out)

    def step(self, item: dict[str, Any], key: PathKey) -> Step | None:
        self.check_keys(item, key, STEP_FIELDS, _STEP_OR_BLOCK_KEYS)
        before = len(self.errors)
        v = self.values(item, key, _STEP_RULES)
        # A timed step without `score` (nearly every step) cannot break any rule below.
        if "reps" in item or "duration" not in item or "score" in item:
            self.step_rules(item, key, v)
        if len(self.errors) > before:
            return None
        # Every value is checked and valid by now, and Step's defaults are what an absent
        # key means: the values go in as they are (``check`` of 5,000 steps spent 4 ms
        # passing all fourteen by keyword).
        kind: Kind = v.get("kind") or Kind.EXERCISE
        v["kind"] = kind
        v["name"] = v.get("name") or kind.label
        return Step(**v, line=self.line_of(key))

    def step_rules(self, item: dict[str, Any], key: PathKey, v: dict[str, Any]) -> None:
        """What a step's keys say together: timed or counted, and what goes with each."""
        if "duration" in item and "reps" in item:
            self.error(
                (*key, "reps"), "give either `duration` (timed) or `reps` (counted), not both"
            )
        if "duration" not in item and "reps" not in item and all(k in STEP_FIELDS for k in item):
            self.error(
                key,
                "a step needs `duration` (timed), `reps` (counted), "
                "or `repeat` with `steps` (a block)",
            )
        if v.get("score") and "reps" not in item:
            self.error(
                (*key, "score"),
                "`score = true` is for counted steps: give `reps` (the usual count), "
                "not `duration`",
            )
        if "reps" in item and "duration" not in item and "name" not in item:
            self.error(key, "a rep step needs a `name` (which exercise?)")
        for name in ("speed", "incline"):
            if name in item and "reps" in item:
                self.error((*key, name), f"`{name}` is for timed steps (with `duration`)")

    def block(self, item: dict[str, Any], key: PathKey, depth: int) -> Block | None:
        self.check_keys(item, key, BLOCK_FIELDS, _STEP_OR_BLOCK_KEYS)
        if depth > MAX_DEPTH:
            self.error(key, f"blocks nested {depth} deep; they may nest at most {MAX_DEPTH} deep")
            return None
        if "steps" not in item:
            self.error(key, "a block with `repeat` needs `steps = [ ... ]`, the steps of one round")
            return None
        before = len(self.errors)
        v = self.values(item, key, _BLOCK_RULES)
        inner = v.get("steps")
        steps = self.steps(inner, (*key, "steps"), depth + 1) if inner else ()
        if len(self.errors) > before or not steps:
            return None
        return Block(
            steps=steps,
            repeat=v.get("repeat") or 1,
            name=v.get("name"),
            rest_between=v.get("rest_between"),
            line=self.line_of(key),
            speed=v.get("speed"),
            incline=v.get("incline"),
        )


def _count_steps(nodes: Iterable[Step | Block], cap: int = MAX_STEPS) -> int:
    """How many timeline steps ``nodes`` expand to, stopping early once past ``cap``."""
    total = 0
    for node in nodes:
        if isinstance(node, Step):
            sides = 2 if node.per_side else 1
            rests = node.sets - 1 + (1 if node.rest and node.sets == 1 else 0) if node.rest else 0
            total += node.sets * sides + rests
        else:
            inner = _count_steps(node.steps, cap)
            rests = node.repeat - 1 if node.rest_between else 0
            total += min(inner * node.repeat, cap + 1) + rests
        if total > cap:
            return total
    return total
