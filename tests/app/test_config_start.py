"""A hostile config never stops the app nor stalls its start: one toast, the default keys."""

from __future__ import annotations

import time

import pytest

from tests.app.conftest import MakeApp, WriteConfig, toasts


@pytest.mark.parametrize(
    "text",
    [
        "[keys]\n" + "".join(f'"countdown.pauze{i}" = "k"\n' for i in range(2000)),
        "[keys]\n" + "".join(f'"countdown.pauze{i}" = "k"\n' for i in range(150)),
        "x = " + "[" * 5000 + "]" * 5000 + "\n",
        '[keys]\n"app.help" = ' + "9" * 5000 + "\n",
    ],
    ids=["2000-unknown-ids", "150-unknown-ids", "nested", "huge-int"],
)
async def test_a_hostile_config_is_one_toast_and_a_quick_start(
    make_app: MakeApp, write_config: WriteConfig, text: str
) -> None:
    config = write_config(text)
    app = make_app(load_entries=list, config_file=config)
    started = time.perf_counter()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        took = time.perf_counter() - started
        (toast,) = toasts(app)
        assert toast.severity == "error"
        assert app.config.keys == {}
    assert took < 3.0, took
