"""Sorting the connections table: countries by their name as the reader reads it, and every
column still in order while rows arrive live."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QAbstractItemModelTester

from app.core.collation import collation_key
from app.core.model import AddressScope, Endpoint, LocatedEndpoint, Location, LocationKind, Network
from app.core.session.diff import ConnectionDiff
from app.ui.connections_model import Column, ConnectionsFilterProxy, ConnectionsModel
from tests.fixtures.model import apply_diff
from tests.fixtures.observations import obs

# Countries whose order differs between English and French, and from their ISO codes' order
# (what sorting by the flag emoji gave), with accented initials French readers file under E.
CODES = ("US", "DE", "AE", "EG", "ES", "EE", "AT")
EXPECTED = {
    "en": [
        "Austria",
        "Egypt",
        "Estonia",
        "Germany",
        "Spain",
        "United Arab Emirates",
        "United States",
    ],
    "fr": [
        "Allemagne",
        "Autriche",
        "Égypte",
        "Émirats arabes unis",
        "Espagne",
        "Estonie",
        "États-Unis",
    ],
}


def _located(ip: str, code: str) -> LocatedEndpoint:
    return LocatedEndpoint(
        endpoint=Endpoint(ip, (f"host-{code.lower()}.example",), ()),
        scope=AddressScope.PUBLIC,
        location=Location(
            country_code=code,
            city=None,
            latitude=0.0,
            longitude=0.0,
            source="test db",
            kind=LocationKind.ZONE,
        ),
        network=Network(64500, f"Org {code}"),
    )


def _rows(codes: tuple[str, ...], first: int) -> tuple[tuple[Any, ...], dict[str, Any]]:
    observations = []
    located = {}
    for offset, code in enumerate(codes):
        ip = f"203.0.113.{first + offset}"
        observations.append(obs("p", ip, 443, local_port=41000 + first + offset))
        located[ip] = _located(ip, code)
    return tuple(observations), located


def _new(observations: tuple[Any, ...]) -> ConnectionDiff:
    return ConnectionDiff(new=observations, closed=(), unchanged=(), skipped=())


def _shown(proxy: ConnectionsFilterProxy, column: Column) -> list[str]:
    return [proxy.index(row, column).data() for row in range(proxy.rowCount())]


@pytest.mark.parametrize("language", ["en", "fr"])
@pytest.mark.parametrize("show_flags", [True, False])
def test_countries_sort_by_their_name_in_the_reader_s_language_as_rows_arrive(
    qtbot: Any, language: str, show_flags: bool
) -> None:
    model = ConnectionsModel(language=language, show_flags=show_flags)
    proxy = ConnectionsFilterProxy()
    proxy.setSourceModel(model)
    tester = QAbstractItemModelTester(proxy, QAbstractItemModelTester.FailureReportingMode.Warning)
    proxy.sort(Column.COUNTRY, Qt.SortOrder.AscendingOrder)

    present: list[str] = []
    for start in range(0, len(CODES), 3):  # rows arrive live, a few per poll, while sorted
        batch = CODES[start : start + 3]
        observations, located = _rows(batch, start)
        apply_diff(model, _new(observations), located)
        present += batch
        names = [
            name
            for name in EXPECTED[language]
            if any(name in t for t in _shown(proxy, Column.COUNTRY))
        ]
        assert len(names) == len(present)
        shown = _shown(proxy, Column.COUNTRY)
        assert [next(n for n in names if n in text) for text in shown] == names
    proxy.sort(Column.COUNTRY, Qt.SortOrder.DescendingOrder)
    shown = _shown(proxy, Column.COUNTRY)
    assert [next(n for n in EXPECTED[language] if n in t) for t in shown] == list(
        reversed(EXPECTED[language])
    )
    del tester


def test_every_text_column_stays_sorted_while_rows_arrive(qtbot: Any) -> None:
    model = ConnectionsModel(language="fr", show_flags=False)
    proxy = ConnectionsFilterProxy()
    proxy.setSourceModel(model)
    for column in (Column.HOST, Column.PROVIDER, Column.COUNTRY, Column.PORT, Column.IP):
        proxy.sort(column, Qt.SortOrder.AscendingOrder)
        observations, located = _rows(CODES[:4], 10 * column)
        apply_diff(model, _new(observations), located)
        keys = [
            proxy.index(r, column).data(Qt.ItemDataRole.UserRole + 1)
            for r in range(proxy.rowCount())
        ]
        assert keys == sorted(keys)
    hosts = _shown(proxy, Column.HOST)
    proxy.sort(Column.HOST, Qt.SortOrder.AscendingOrder)
    assert _shown(proxy, Column.HOST) == sorted(hosts, key=collation_key)


def test_collation_puts_accented_initials_with_their_letter() -> None:
    words = ["Zambie", "États-Unis", "Estonie", "Égypte", "espagne", "Allemagne"]
    assert sorted(words, key=collation_key) == [
        "Allemagne",
        "Égypte",
        "espagne",
        "Estonie",
        "États-Unis",
        "Zambie",
    ]
