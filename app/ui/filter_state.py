"""The filters the connections table and the map share, as one value.

The filter bar makes a `FilterState`; the table's proxy asks it about each row and the map is given
its `mark_filter()`. Both judge the same `MapEntry` (built once per poll from the table's rows by
`entries_from_connections`), so a category, a provider or a law means the same rows in the table
and the same marks on the map. Qt-free: plain values, easy to test and to hand between threads.
"""

from __future__ import annotations

from dataclasses import dataclass

from app.core.map_marks import MapEntry, MarkFilter
from app.core.model import AddressScope, Category


@dataclass(frozen=True, slots=True)
class FilterState:
    """What the user asked to see; None (and "", False) means "no filter on this"."""

    text: str = ""
    categories: frozenset[str] | None = None
    processes: frozenset[str] | None = None
    providers: frozenset[str] | None = None
    jurisdictions: frozenset[str] | None = None
    only_accounts: bool = False

    @property
    def needle(self) -> str:
        """The search text as matched: trimmed and case-folded."""
        return self.text.strip().casefold()

    @property
    def is_empty(self) -> bool:
        return not self.needle and self.mark_filter().is_empty

    @property
    def has_structured(self) -> bool:
        """Whether a filter other than the search text is set (those need the map entries)."""
        return not self.mark_filter().is_empty

    def mark_filter(self) -> MarkFilter:
        """The same filters for the map (the search text is applied to the entries it is given)."""
        return MarkFilter(
            categories=self.categories,
            processes=self.processes,
            providers=self.providers,
            jurisdictions=self.jurisdictions,
            only_accounts=self.only_accounts,
        )

    def accepts_row(self, process: str, entry: MapEntry | None) -> bool:
        """Whether a table row passes the filters other than the text.

        ``process`` is the row's own process (a map entry lists every process talking to its
        address); ``entry`` is the map entry of the row's remote address, None while it is not
        built yet or for a socket without one. Only public addresses are under some country's
        law, so a law filter hides the rest.
        """
        if self.processes is not None and process not in self.processes:
            return False
        if entry is None:
            return (
                (self.categories is None or Category.OTHER in self.categories)
                and (self.providers is None or "" in self.providers)
                and self.jurisdictions is None
                and not self.only_accounts
            )
        if self.jurisdictions is not None and entry.located.scope is not AddressScope.PUBLIC:
            return False
        return MarkFilter(
            categories=self.categories,
            providers=self.providers,
            jurisdictions=self.jurisdictions,
            only_accounts=self.only_accounts,
        ).matches(entry)
