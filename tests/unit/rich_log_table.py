"""``timer-tui log``'s table as it was, a Rich ``Table``: the reference the line-at-a-time
table (``cli/log_table.py``) must equal byte for byte (``test_log_table.py``).

Copied from ``cli/commands/log.py`` before the change, unchanged but for taking its
console as an argument.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from rich.console import Console

from timer_tui.log.records import SessionRecord


def distance_column(
    records: list[SessionRecord], table: Any
) -> Callable[[SessionRecord], list[str]]:
    """A Distance column when a listed session ran at treadmill speeds, in the config's units."""
    if all(r.distance_m is None for r in records):
        return lambda r: []
    from timer_tui.core.treadmill import format_distance
    from timer_tui.library.config import load_config

    units = load_config().treadmill.units  # a broken config is reported by a run, not here
    table.add_column("Dist.", justify="right", no_wrap=True)
    return lambda r: ["" if r.distance_m is None else format_distance(r.distance_m, units)]


_OUTCOME_STYLE = {
    "completed": "green",
    "quit": "yellow",
    "interrupted": "red",
    "in_progress": "cyan",
}
"""By ``Outcome`` value: the log's modules are imported only when the table is printed."""


def print_table(
    console: Console,
    records: list[SessionRecord],
    *,
    streak: int,
    logged: tuple[int, str] = (0, ""),
) -> None:
    """The old ``print_table``, writing to ``console``."""
    from rich import box
    from rich.markup import escape
    from rich.table import Table

    from timer_tui.core.durations import format_clock, format_elapsed
    from timer_tui.core.safe_text import safe_text
    from timer_tui.core.wording import plural
    from timer_tui.log.records import Outcome

    if not records and logged[0]:
        console.print(
            f"No sessions shown ({logged[1]}); {plural(logged[0], 'session')} in the log."
        )
        return
    if not records:
        console.print("No sessions in the log yet. Run one with: timer-tui run SESSION")
        return
    table = Table(title="Completion log", title_justify="left", box=box.SIMPLE_HEAD)
    table.add_column("Started", no_wrap=True)
    table.add_column("Session", ratio=1)
    table.add_column("Program")
    table.add_column("Outcome", min_width=9)  # "completed" whole, beside a distance
    table.add_column("Active", justify="right", no_wrap=True)
    table.add_column("Planned", justify="right", no_wrap=True)
    distance = distance_column(records, table)
    for r in records:
        started = r.started_at.astimezone()
        program = r.program_id or ""
        if r.program_week is not None:
            program += f" W{r.program_week}"
        if r.program_day is not None:
            program += f"D{r.program_day}" if r.program_week is not None else f" D{r.program_day}"
        outcome = r.outcome_text
        style = _OUTCOME_STYLE[r.outcome.value]
        if r.outcome is Outcome.COMPLETED and not r.counts_as_done:
            style = "yellow"  # skipped through: it does not count for the program
        loads = f"\n[dim]{escape(safe_text(r.loads_text))}[/]" if r.loads_text else ""
        table.add_row(
            started.strftime("%Y-%m-%d %H:%M"),
            escape(safe_text(r.name)) + loads,
            escape(safe_text(program)),
            f"[{style}]{outcome}[/]",
            format_elapsed(r.active_seconds),
            format_clock(r.planned_seconds),
            *distance(r),
        )
    console.print(table)
    count = plural(len(records), "session")
    console.print(f"{count} · streak: {plural(streak, 'week')} in a row")


def print_cells(console: Console, columns: Any, rows: Any, footer: str) -> None:
    """A Rich ``Table`` of ``cli.log_table``'s columns and cells, as ``print_table`` makes
    it: the reference for a table with columns left out (``log_table.fitted``). A cell's
    lines are ``Text`` in their styles, the name's loads on a line of their own."""
    from rich import box
    from rich.table import Table
    from rich.text import Text

    table = Table(title="Completion log", title_justify="left", box=box.SIMPLE_HEAD)
    for column in columns:
        table.add_column(
            column.header,
            justify="right" if column.right else "left",
            no_wrap=column.no_wrap,
            min_width=column.min_width,
        )
    for row in rows:
        table.add_row(
            *(
                Text("\n").join(Text(text, style=style or "") for text, style in cell)
                for cell in row
            )
        )
    console.print(table)
    console.print(footer)
