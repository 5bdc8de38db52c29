"""Rows for a long list of values: ``... IN (?, ?, ...)`` a chunk at a time.

The log's reads ask for the steps, tallies or loads of thousands of sessions (or
names) at once; one query per ``CHUNK`` values keeps each under SQLite's limit on
bound parameters, which older builds set at 999.

Core module: stdlib only (no ``textual``, no ``rich``).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator, Sequence
from typing import Any

CHUNK = 500
"""Values per query."""


def rows_in(
    conn: sqlite3.Connection | sqlite3.Cursor,
    sql: str,
    values: Sequence[object],
    params: Sequence[object] = (),
) -> Iterator[Any]:
    """The rows of ``sql``, whose ``{marks}`` stands for ``values``'s placeholders,
    ``params`` bound before them; one query per ``CHUNK`` values, in order."""
    for start in range(0, len(values), CHUNK):
        chunk = list(values[start : start + CHUNK])
        marks = ",".join("?" * len(chunk))
        yield from conn.execute(sql.format(marks=marks), (*params, *chunk))
