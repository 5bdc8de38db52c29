"""timer-tui: a terminal interval and session timer."""

__version__ = "0.1.0"
