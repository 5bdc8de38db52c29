"""The completion log: SQLite schema, store, background writer, recorder, views and resume."""
