"""A session run directly in the app exits as plain mode does: 0 at its end, 1 when quit."""

from __future__ import annotations

from tests.app.conftest import MakeApp, countdown
from tests.conftest import FakeClock

SIZE = (80, 24)


async def test_quitting_a_direct_run_exits_1_like_plain_mode(make_app: MakeApp) -> None:
    from tests.app import conftest as app_conftest

    app = make_app(start=app_conftest.entry("test-program/intervals"))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        countdown(app)
        await pilot.press("q")
        await pilot.pause()
        await pilot.press("y")
        await pilot.pause()
        await pilot.press("enter")  # close the summary
        await pilot.pause()
    assert app.return_code == 1


async def test_ctrl_q_in_a_direct_run_exits_1(make_app: MakeApp) -> None:
    from tests.app import conftest as app_conftest

    app = make_app(start=app_conftest.entry("test-program/intervals"))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("ctrl+q")
        await pilot.pause()
    assert app.return_code == 1


async def test_a_direct_run_to_its_end_exits_0(make_app: MakeApp, clock: FakeClock) -> None:
    from tests.app import conftest as app_conftest

    app = make_app(start=app_conftest.entry("test-program/intervals"))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        screen = countdown(app)
        for _ in range(len(screen.timeline) * 4):
            clock.advance(30)
            screen.tick()
        await pilot.pause()
        assert screen.engine.status.is_over, screen.engine.status
        await pilot.press("enter")
        await pilot.pause()
    assert app.return_code == 0
