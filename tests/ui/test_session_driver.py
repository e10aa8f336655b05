"""The driver says whether a poll's answers came from the databases: a poll begun before they
opened may be delivered after they did (the two tasks run on different threads), and the
history must not keep its address-class-only answers as the places seen."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from app.core.demo import DemoSource
from app.core.geo.locator import Locator
from app.core.session.engine import Session
from app.core.session.events import Opened
from app.ui.session_driver import Polled, SessionDriver
from tests.fixtures.personas import LEA


class HeldRunner:
    """Keeps the tasks; the test runs them and hands back their results in the order it
    chooses, as two pool threads may."""

    def __init__(self) -> None:
        self.tasks: list[tuple[Callable[[], Any], Callable[[Any], None]]] = []

    def run_task(self, func: Callable[[], Any], on_done: Callable[[Any], None], *_: Any) -> None:
        self.tasks.append((func, on_done))

    def bounded(self, _max_threads: int) -> HeldRunner:
        return self


def test_a_poll_begun_before_the_databases_opened_is_not_located(
    qtbot: Any, embedded: Locator
) -> None:
    runner = HeldRunner()
    driver = SessionDriver(Session(DemoSource(LEA)), runner, runner)
    seen: list[Polled] = []
    driver.polled.connect(seen.append)

    assert driver.poll()
    driver.set_locator(embedded)
    (poll, poll_done), (relocate, relocated) = runner.tasks
    early = poll()  # the poll ran first, without databases...
    answered = relocate()  # ...then the databases opened on another thread...
    poll_done(early)  # ...and the poll's result arrives after that
    relocated(answered)
    assert driver.session.locator is embedded
    assert seen[0].located is False
    opened = [c for e in seen[0].events if isinstance(e, Opened) for c in e.connections]
    assert opened and all(c.located is None or c.located.verdict is None for c in opened)

    runner.tasks.clear()
    assert driver.poll()
    ((poll, poll_done),) = runner.tasks
    poll_done(poll())
    assert seen[1].located is True
