"""timer-tui: a terminal interval and session timer."""

from __future__ import annotations


def __getattr__(name: str) -> str:
    """``__version__`` from the installed package's metadata: pyproject.toml is its one source.

    Looked up only when asked for (``--version``, the crash log), so ``import
    timer_tui`` stays cheap for the audio worker process and the tests.
    """
    if name == "__version__":
        from importlib.metadata import PackageNotFoundError, version

        try:
            return version("timer-tui")
        except PackageNotFoundError:  # run from a source tree that was never installed
            return "0+unknown"
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
