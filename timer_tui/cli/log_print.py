"""`timer-tui log`'s table printed: each listed session's cells, the table's lines,
the line under it, and a table taller than the terminal through the pager.

The table is ``cli.log_table``'s (Rich's table's text, a line at a time); to a pipe it
is plain text and Rich is not imported. ``tests/unit/test_log_table.py`` holds it
byte for byte equal to the Rich table it replaced.
"""

from __future__ import annotations

import datetime as dt
import sys
from collections.abc import Callable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from rich.console import Console

    from timer_tui.cli.log_table import Cell, Fitted
    from timer_tui.log.listing import Listed


def distance_text(items: list[Listed]) -> Callable[[float], str] | None:
    """How a Dist. cell reads, in the config's units; None: no listed session ran at
    treadmill speeds (the table has no Dist. column)."""
    if all(item.distance_m is None for item in items):
        return None
    from timer_tui.core.treadmill import format_distance
    from timer_tui.library.config import load_config

    units = load_config().treadmill.units  # a broken config is reported by a run, not here
    return lambda metres: format_distance(metres, units)


_OUTCOME_STYLE = {
    "completed": "green",
    "quit": "yellow",
    "interrupted": "red",
    "in_progress": "cyan",
}
"""By ``Outcome`` value: the log's modules are imported only when the table is printed."""


def listed_cells(items: list[Listed]) -> list[list[Cell]]:
    """Each listed session's cells in the table: text from the log through ``safe_text``.

    A log repeats its names, programs, outcomes and durations: each distinct one is
    made into its cell once, and the rows share it (the table lays each out once).
    """
    from timer_tui.core.durations import format_clock, format_elapsed
    from timer_tui.core.safe_text import safe_text

    distance = distance_text(items)
    names: dict[tuple[str, str], Cell] = {}
    programs: dict[tuple[str | None, int | None, int | None], Cell] = {}
    outcomes: dict[tuple[str, str], Cell] = {}
    clocks: dict[tuple[float, bool], Cell] = {}
    metres: dict[float | None, Cell] = {}
    rows: list[list[Cell]] = []
    for item in items:
        name = names.get((item.name, item.loads))
        if name is None:
            loads = item.loads
            name = names[item.name, loads] = (
                (safe_text(item.name), None),
                *(((safe_text(loads), "dim"),) if loads else ()),
            )
        where = (item.program_id, item.program_week, item.program_day)
        program = programs.get(where)
        if program is None:
            program = programs[where] = ((safe_text(program_text(*where)), None),)
        style = _OUTCOME_STYLE[item.outcome]
        if item.outcome == "completed" and not item.counted:
            style = "yellow"  # skipped through: it does not count for the program
        outcome = outcomes.get((item.outcome_text, style))
        if outcome is None:
            outcome = outcomes[item.outcome_text, style] = ((item.outcome_text, style),)
        active = clocks.get((item.active_seconds, False))
        if active is None:
            active = clocks[item.active_seconds, False] = (
                (format_elapsed(item.active_seconds), None),
            )
        planned = clocks.get((item.planned_seconds, True))
        if planned is None:
            planned = clocks[item.planned_seconds, True] = (
                (format_clock(item.planned_seconds), None),
            )
        row = [((started_text(item.started_local), None),), name, program, outcome, active, planned]
        if distance is not None:
            cell = metres.get(item.distance_m)
            if cell is None:
                shown = "" if item.distance_m is None else distance(item.distance_m)
                cell = metres[item.distance_m] = ((shown, None),)
            row.append(cell)
        rows.append(row)
    return rows


def started_text(local: dt.datetime) -> str:
    """ "2026-03-02 07:30": ``strftime("%Y-%m-%d %H:%M")``, twice as fast by ``isoformat``
    for the years it prints with four digits (``test_log_listing`` holds them equal)."""
    if local.year >= 1000:
        return local.isoformat(" ", "minutes")[:16]
    return local.strftime("%Y-%m-%d %H:%M")


def program_text(program_id: str | None, week: int | None, day: int | None) -> str:
    """ "c25k W1D2": a run's program and its place in it."""
    program = program_id or ""
    if week is not None:
        program += f" W{week}"
    if day is not None:
        program += f"D{day}" if week is not None else f" D{day}"
    return program


def print_listed(
    items: list[Listed],
    *,
    streak: int,
    logged: tuple[int, str] = (0, ""),
    console: Console | None = None,
) -> None:
    """``logged``: how many sessions the whole log holds, and why none of them is shown;
    ``console``: the one to write to (default: stdout's, plain text on a pipe).

    The table is ``cli.log_table``'s: Rich's table's text, a line at a time.
    """
    from timer_tui.cli import log_table
    from timer_tui.core.wording import plural

    width = log_table.plain_width() if console is None else None
    if width is None and console is None:
        console = rich_console()
    shown_width = width if width is not None else console.width if console else 80

    def say(line: str) -> None:
        """A line of prose: as Rich printed it. A pipe gets it as it is when Rich would
        change nothing: no markup ("["), no emoji code (":name:" needs two colons), no
        tab or control character, and it fits (Rich is then not imported at all)."""
        plain = (
            "[" not in line
            and line.count(":") < 2
            and line.isprintable()
            and log_table.cell_len(line) <= shown_width
        )
        if console is None and plain:
            sys.stdout.write(line + "\n")
        else:
            (console or rich_console()).print(line)

    if not items and logged[0]:
        say(f"No sessions shown ({logged[1]}); {plural(logged[0], 'session')} in the log.")
        return
    if not items:
        say("No sessions in the log yet. Run one with: timer-tui run SESSION")
        return
    rows = listed_cells(items)
    columns = log_table.COLUMNS if len(rows[0]) == 6 else (*log_table.COLUMNS, log_table.DISTANCE)
    write_table(log_table.fitted(columns, rows, shown_width), shown_width, console)
    say(f"{plural(len(items), 'session')} · streak: {plural(streak, 'week')} in a row")


def write_table(fit: Fitted, width: int, console: Console | None) -> None:
    """The table's lines: joined from each distinct cell laid out once, or (a console
    too narrow for the table, a console that writes no codes of its own) line by line."""
    from timer_tui.cli import log_table

    columns, rows, widths = fit.columns, fit.rows, fit.widths
    if console is None:
        text = log_table.table_text(columns, rows, width, log_table.plain_text, widths)
        if text is None:
            log_table.write_plain(log_table.table_lines(columns, rows, width, widths), sys.stdout)
        else:
            sys.stdout.write("\n".join(text) + "\n")
        return
    if console.legacy_windows or not console.is_terminal:
        log_table.write_styled(log_table.table_lines(columns, rows, width, widths), console)
        return
    text = log_table.table_text(columns, rows, width, log_table.styled_text(console), widths)
    if text is None:
        log_table.write_styled(log_table.table_lines(columns, rows, width, widths), console)
    else:
        console.file.write("\n".join(text) + "\n")


def rich_console() -> Console:
    from timer_tui.cli.output import rich_console as make

    return make()


def paged(write: Callable[[Console | None], None], no_pager: bool) -> None:
    """``write`` the table; on a terminal, a table taller than it through the pager
    (``cli.pager``): written as the terminal would get it, then handed over whole."""
    from timer_tui.cli import log_table, pager

    command = pager.wanted(no_pager)
    if command is None or log_table.plain_width() is not None:
        write(None)
        return
    import io

    from rich.console import Console

    real = rich_console()
    buffer = io.StringIO()
    write(
        Console(
            file=buffer,
            force_terminal=True,
            color_system=real.color_system,  # type: ignore[arg-type]  # a name Rich takes
            width=real.width,
            height=real.height,
            legacy_windows=real.legacy_windows,
        )
    )
    text = buffer.getvalue()
    if text.count("\n") < real.height or not pager.page(text, command):
        real.file.write(text)
