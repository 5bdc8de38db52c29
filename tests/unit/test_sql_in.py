"""rows_in: a long list of values read a chunk at a time, every row once, in order."""

from __future__ import annotations

import sqlite3

from timer_tui.log.sql_in import CHUNK, rows_in


def test_more_values_than_a_chunk_give_every_row_once_with_the_params_first() -> None:
    conn = sqlite3.connect(":memory:")
    conn.execute("CREATE TABLE t (n INTEGER, tag TEXT)")
    conn.executemany(
        "INSERT INTO t VALUES (?, ?)", [(n, "a" if n % 2 else "b") for n in range(3000)]
    )
    wanted = list(range(0, 2 * CHUNK + 201, 1))  # three chunks, the last one short
    rows = list(
        rows_in(conn, "SELECT n FROM t WHERE tag = ? AND n IN ({marks}) ORDER BY n", wanted, ("a",))
    )
    assert [n for (n,) in rows] == [n for n in wanted if n % 2]
    assert list(rows_in(conn, "SELECT n FROM t WHERE n IN ({marks})", [])) == []
