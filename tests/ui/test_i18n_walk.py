"""The whole window in one language: every text a person can see, read back and checked.

The demo persona runs in a real window started in French or in English (the settings' language,
as at start-up). The test reads what is on screen or one click away: widgets' texts, tooltips
and placeholders, every menu action, the table's cells, headers and tooltips, the place panel
with a place chosen, the map's hover texts, the map's painted legend and captions (read from an
SVG export, the same painting), and the Settings, Data and About windows. Any word of the other
language fails (proper names aside: tests/fixtures/language.py).
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtWidgets import QAbstractButton, QTabWidget

from app.core.countries import country_name
from app.core.data_sources import shipped_data_sources
from app.core.demo import DemoResolver, DemoSource, demo_details
from app.core.settings import Settings, SettingsStore
from app.ui.i18n import install_translators
from app.ui.main_window import MainWindow
from app.ui.map.describe import tooltip_text
from app.ui.map.export import data_set_name
from app.ui.message_dialogs import MailLoginDialog
from app.ui.qt import (
    QAction,
    QApplication,
    QComboBox,
    QCoreApplication,
    QGroupBox,
    QLabel,
    QLineEdit,
    QLocale,
    QMenu,
    QSize,
    Qt,
    QWidget,
)
from app.ui.services import open_embedded_locator
from app.ui.tasks import TaskRunner
from tests.fixtures.language import foreign_words
from tests.fixtures.personas import CAMILLE
from tests.fixtures.windows import WAIT_MS

ARTIFACTS = Path(__file__).resolve().parents[1] / "artifacts"
SVG = "{http://www.w3.org/2000/svg}"


@pytest.fixture
def speaking(qapp: QApplication, request: pytest.FixtureRequest) -> Iterator[str]:
    """The window's language for one test: its translators replace the English ones."""
    language: str = request.param
    translators = install_translators(qapp, language)
    yield language
    for translator in translators:
        qapp.removeTranslator(translator)
    QLocale.setDefault(QLocale("en"))


def demo_window(qtbot: Any, tmp_path: Path, runner: TaskRunner, language: str) -> MainWindow:
    store = SettingsStore(tmp_path / "config")
    store.save(Settings(poll_interval_s=0.2, language=language))
    window = MainWindow(
        DemoSource(CAMILLE),
        None,
        DemoResolver(CAMILLE),
        store,
        runner,
        show_flags=False,
        open_locator=open_embedded_locator,
        system_home=lambda: CAMILLE.home,
        entry_details=demo_details(CAMILLE),
        mode=QCoreApplication.translate("launch", "Demo: %1, a made-up person").replace(
            "%1", CAMILLE.name
        ),
    )
    qtbot.addWidget(window)
    window.resize(1500, 950)
    window.show()
    qtbot.waitExposed(window)
    return window


def widget_texts(root: QWidget) -> Iterator[tuple[str, str]]:
    """(where, text) for every visible text of a widget tree, tooltips and menus included."""
    widgets = [root, *root.findChildren(QWidget)]
    for widget in widgets:
        if not widget.isVisibleTo(root) and widget is not root and not isinstance(widget, QMenu):
            continue
        name = f"{type(widget).__name__} {widget.objectName()!r}"
        yield f"{name} tooltip", widget.toolTip()
        yield f"{name} accessible name", widget.accessibleName()
        yield f"{name} accessible description", widget.accessibleDescription()
        if widget.isWindow():
            yield f"{name} title", widget.windowTitle()
        if isinstance(widget, (QLabel, QAbstractButton)):
            yield name, widget.text()
        elif isinstance(widget, QLineEdit):
            yield f"{name} placeholder", widget.placeholderText()
        elif isinstance(widget, QComboBox):
            for index in range(widget.count()):
                yield f"{name} item", widget.itemText(index)
        elif isinstance(widget, QGroupBox):
            yield name, widget.title()
        elif isinstance(widget, QTabWidget):
            for index in range(widget.count()):
                yield f"{name} tab", widget.tabText(index)
        for action in widget.actions():
            yield from action_texts(action)


def action_texts(action: QAction) -> Iterator[tuple[str, str]]:
    where = f"action {action.text()!r}"
    yield where, action.text()
    yield f"{where} tooltip", action.toolTip()
    yield f"{where} status tip", action.statusTip()
    menu = action.menu()
    if isinstance(menu, QMenu):
        yield menu.title(), menu.title()
        for child in menu.actions():
            yield from action_texts(child)


def model_texts(window: MainWindow) -> Iterator[tuple[str, str]]:
    model = window.model
    for column in range(model.columnCount()):
        for role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            value = model.headerData(column, Qt.Orientation.Horizontal, role)
            yield f"header {column}", str(value or "")
    for row in range(model.rowCount()):
        for column in range(model.columnCount()):
            index = model.index(row, column)
            for role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
                value = model.data(index, role)
                yield f"cell {row},{column}", str(value or "")


def map_texts(qtbot: Any, window: MainWindow, tmp_path: Path) -> Iterator[tuple[str, str]]:
    for item in window.map.display_items():
        yield "map tooltip", tooltip_text(item.marks)
    svg = tmp_path / "map.svg"
    with qtbot.waitSignal(window.map.exported, timeout=WAIT_MS):
        window.map.export(svg, QSize(1600, 900), vector=True)
    root = ET.parse(svg).getroot()
    for element in root.iter():
        if element.tag in (f"{SVG}text", f"{SVG}title", f"{SVG}desc"):
            yield f"map svg {element.tag.removeprefix(SVG)}", "".join(element.itertext())


def untrusted_values(window: MainWindow) -> set[str]:
    """What the window shows as data, not words of ours: process, host and company names, the
    databases' own strings (network names, cities)."""
    values: set[str] = set()
    rows = [window.model.connection(row) for row in range(window.model.rowCount())]
    for connection in rows:
        observation = connection.observation
        values.update((observation.process, observation.status))  # the system's own words
    # The table's answers and the map's: the map's entries may lag a name that just came in.
    answers = [c.located for c in rows if c.located is not None]
    for located in [*answers, *(entry.located for entry in window.entries.by_ip.values())]:
        values.update(located.endpoint.hostnames)
        if located.provider is not None:
            values.update((located.provider.name, located.provider.parent or ""))
        if located.network is not None:
            values.update((located.network.organisation or "", located.network.isp or ""))
        if located.location is not None:
            values.update((located.location.city or "", located.location.subdivision or ""))
    for item in window.map.display_items():
        values.update(mark.city or "" for mark in item.marks)
    if window.locator is not None:
        values.update(info.database_type for info in window.locator.sources)
        # The data sets' own names ("ip-location-db asn 2.3…", "resources/providers.toml").
        shipped = shipped_data_sources(window.locator.sources)
        values.update(source.name for source in shipped)
        values.update(data_set_name(source) for source in shipped)  # as the export caption says
    return values - {""}


def country_names(language: str) -> dict[str, str]:
    """The other language's country names that differ from this one's ("Germany" in French)."""
    other = "en" if language == "fr" else "fr"
    return {
        name: code
        for code in ("DE", "US", "IE", "CH", "FI", "JP", "RU", "GB", "NL", "SG", "FR", "BE")
        if (name := country_name(code, other)) != country_name(code, language)
    }


def check(texts: Iterator[tuple[str, str]], language: str, data: set[str]) -> list[str]:
    problems = []
    seen: set[str] = set()
    foreign_countries = country_names(language)
    for where, text in texts:
        if not text or text in seen:
            continue
        seen.add(text)
        found = foreign_words(text, language, data)
        bare = text
        for value in sorted(data, key=len, reverse=True):
            bare = bare.replace(value, " ")
        found += [name for name in foreign_countries if re.search(rf"\b{name}\b", bare)]
        if found:
            problems.append(f"{where}: {sorted(found)} in {text!r}")
    return problems


@pytest.mark.parametrize("speaking", ["fr", "en"], indirect=True)
def test_the_window_speaks_one_language(
    qtbot: Any, tmp_path: Path, runner: TaskRunner, speaking: str
) -> None:
    window = demo_window(qtbot, tmp_path, runner, speaking)
    assert window.model.language == speaking
    qtbot.waitUntil(lambda: window.model.rowCount() > 10, timeout=WAIT_MS)
    qtbot.waitUntil(lambda: len(window.map.display_items()) > 3, timeout=WAIT_MS)
    window.timer.stop()  # the persona holds still while the walk reads the window
    # A place chosen: the side panel shows what is there.
    ip = window.model.observation(0).remote_ip
    assert ip is not None
    window.select_ip(ip)
    qtbot.waitUntil(lambda: window.place_panel.isVisible(), timeout=WAIT_MS)

    data = untrusted_values(window)
    problems = check(widget_texts(window), speaking, data)
    problems += check(model_texts(window), speaking, data)
    on_map = list(map_texts(qtbot, window, tmp_path))
    # The walk reads what it should: the painted legend and captions, a tooltip per mark.
    assert sum(where == "map svg text" for where, _ in on_map) >= 8
    assert sum(where == "map tooltip" for where, _ in on_map) >= 4
    problems += check(iter(on_map), speaking, data)
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    window.table.fit_columns()  # as the window does after a burst of rows
    assert window.grab().save(str(ARTIFACTS / f"main-window-{speaking}.png"))

    login = MailLoginDialog("imap.example.org", "lea", window)
    login.set_kept(False)
    login.show()
    for dialog in (
        window.open_settings(),
        window.open_databases_dialog(),
        window.open_about_dialog(),
        login,
    ):
        qtbot.waitExposed(dialog)
        problems += check(widget_texts(dialog), speaking, data)
        dialog.close()
    assert login.grab().save(str(ARTIFACTS / f"mail-login-{speaking}.png"))
    assert problems == []
