"""The user's accounts while the window runs: found, looked up and located off the GUI thread.

A scan lists the clients' accounts and the user's entries first (quick: local files), then
places each on its own task, so the panel shows every account at once with its own state
("looking up…", its places, or why DNS failed) and a slow server never holds up the others or
the window. Results of an older scan (the databases or DNS settings changed meanwhile) are
dropped by generation.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial

from app.core.accounts.catalogue import ServiceCatalogue
from app.core.accounts.entries import ManualEntry
from app.core.accounts.links import NO_LINKS, AccountLinks, account_links
from app.core.accounts.model import Problem
from app.core.accounts.pins import AccountPin, account_pins
from app.core.accounts.placing import (
    Pending,
    PlacedAccount,
    place_pending,
)
from app.core.accounts.sources import AccountsSource, Lister
from app.core.geo.locator import Locator
from app.core.jurisdiction import default_jurisdictions
from app.core.settings import Settings
from app.ui.qt import QObject, Signal
from app.ui.tasks import Runner

log = logging.getLogger(__name__)

LOOKUP_THREADS = 4  # accounts looked up at once: enough for a handful, never the whole pool


@dataclass(frozen=True, slots=True)
class Listed:
    """What a scan found before any DNS: the accounts to place and the files it skipped."""

    items: tuple[Pending, ...]
    problems: tuple[Problem, ...]
    catalogue: ServiceCatalogue


class AccountsOwner(QObject):
    listed = Signal(object)  # Listed
    placed = Signal(object)  # PlacedAccount, one per account as its look-up ends
    failed = Signal(str, object)  # (account key, the exception), a look-up that raised
    removed = Signal(str)  # account key
    progress = Signal(int, int)  # (done, total) of the current scan
    changed = Signal()  # links or pins changed: the map and table re-read them

    def __init__(
        self,
        runner: Runner,
        source: AccountsSource,
        *,
        load_catalogue: Callable[[], ServiceCatalogue] = ServiceCatalogue.load,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._runner = runner
        self._lookups = runner.bounded(LOOKUP_THREADS)
        self._source = source
        self._load_catalogue = load_catalogue
        self._generation = 0
        self._catalogue: ServiceCatalogue | None = None
        self._order: list[str] = []  # account keys in listing order
        self._placed: dict[str, PlacedAccount] = {}
        self._waiting: set[str] = set()
        self._total = 0
        self.links: AccountLinks = NO_LINKS
        self.pins: tuple[AccountPin, ...] = ()

    @property
    def catalogue(self) -> ServiceCatalogue | None:
        return self._catalogue

    @property
    def editable(self) -> bool:
        return self._source.editable

    @property
    def busy(self) -> bool:
        return bool(self._waiting)

    @property
    def placed_accounts(self) -> tuple[PlacedAccount, ...]:
        return tuple(self._placed[k] for k in self._order if k in self._placed)

    def scan(self, settings: Settings, locator: Locator) -> None:
        """Find every account again and look each one up (the old results stay until then)."""
        self._generation += 1
        known = self._catalogue
        job = partial(
            _list, self._source.list_pending, settings.manual_accounts, known, self._load_catalogue
        )
        on_done = partial(self._on_listed, self._generation, settings, locator)
        self._runner.run_task(job, on_done, partial(self._on_list_failed, self._generation))

    def _on_list_failed(self, generation: int, error: BaseException) -> None:
        if generation == self._generation:
            log.error("accounts could not be listed: %s", error)

    def _on_listed(
        self, generation: int, settings: Settings, locator: Locator, listed: Listed
    ) -> None:
        if generation != self._generation:
            return
        self._catalogue = listed.catalogue
        keys = [item.key for item in listed.items]
        self._order = list(dict.fromkeys(keys))
        self._placed = {k: v for k, v in self._placed.items() if k in self._order}
        self._waiting = set(self._order)
        self._total = len(self._order)
        self.listed.emit(listed)
        self.progress.emit(0, self._total)
        for item in listed.items:
            self._look_up(item, settings, locator)
        if not listed.items:
            self._refresh_derived()

    def clear(self) -> None:
        """Forget every account (a recording is shown now): look-ups under way are dropped."""
        self._generation += 1
        self._order, self._placed, self._waiting, self._total = [], {}, set(), 0
        self._refresh_derived()

    def add(self, entry: ManualEntry, settings: Settings, locator: Locator) -> None:
        """Look up one new entry (already saved in the settings by the caller)."""
        if entry.key not in self._order:
            self._order.append(entry.key)
        self._waiting.add(entry.key)
        self._total += 1
        self.progress.emit(self._total - len(self._waiting), self._total)
        self._look_up(entry, settings, locator)

    def remove(self, key: str) -> None:
        if key in self._order:
            self._order.remove(key)
        self._placed.pop(key, None)
        self._waiting.discard(key)
        self.removed.emit(key)
        self._refresh_derived()

    def _look_up(self, item: Pending, settings: Settings, locator: Locator) -> None:
        catalogue = self._catalogue
        assert catalogue is not None
        job = partial(
            place_pending,
            item,
            self._source.dns_for(settings),
            locator,
            catalogue,
            default_jurisdictions(),
        )
        generation = self._generation
        self._lookups.run_task(
            job,
            partial(self._on_placed, generation, item.key),
            partial(self._on_failed, generation, item.key),
        )

    def _on_placed(self, generation: int, key: str, placed: PlacedAccount) -> None:
        if generation != self._generation or key not in self._order:
            return
        self._placed[key] = placed
        self._finish(key)
        self.placed.emit(placed)
        self._refresh_derived()

    def _on_failed(self, generation: int, key: str, error: BaseException) -> None:
        if generation != self._generation or key not in self._order:
            return
        log.warning("account %s could not be looked up: %s", key, error)
        self._finish(key)
        self.failed.emit(key, error)

    def _finish(self, key: str) -> None:
        self._waiting.discard(key)
        self.progress.emit(self._total - len(self._waiting), self._total)

    def _refresh_derived(self) -> None:
        placed = self.placed_accounts
        self.links = account_links(placed)
        self.pins = account_pins(placed)
        self.changed.emit()


def _list(
    list_pending: Lister,
    entries: tuple[str, ...],
    known: ServiceCatalogue | None,
    load_catalogue: Callable[[], ServiceCatalogue],
) -> Listed:
    """The scan's quick half, on a worker: local files only (and the catalogue, once)."""
    items, problems = list_pending(entries)
    return Listed(items, problems, known if known is not None else load_catalogue())
