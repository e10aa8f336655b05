"""The Help menu, the data sources window, accessible names, contrast and plain-word errors in
the main window."""

from __future__ import annotations

import re
import socket
from typing import Any

import pytest
from PySide6.QtGui import QAccessible
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QComboBox,
    QDialog,
    QHeaderView,
    QLabel,
    QLineEdit,
    QTabBar,
    QTextBrowser,
    QWidget,
)

from app import __version__
from app.core.demo import DemoSource
from app.core.geo.locator import Locator
from app.core.settings import Settings
from app.ui.about_dialog import AboutDataDialog
from app.ui.connections_model import Column
from app.ui.help_dialogs import AboutDialog, MapHelpDialog, ShortcutsDialog
from app.ui.main_window import MainWindow
from tests.fixtures.personas import CAMILLE
from tests.fixtures.windows import WAIT_MS, WindowFactory

# A path into the program (an installed package or a checkout) or a source file's name.
_PROGRAM_PATH = re.compile(r"/app/|\.py\b|site-packages")
_CONTROLS = (QAbstractButton, QLineEdit, QComboBox, QAbstractItemView, QTabBar)


@pytest.fixture
def window(make_window: WindowFactory, fixture_locator: Locator) -> MainWindow:
    return make_window(fixture_locator, settings=Settings(poll_interval_s=60, reverse_dns=False))


def _shown_text(dialog: QWidget) -> str:
    """Every word a reader sees in ``dialog`` (visible labels and text views)."""
    parts = [label.text() for label in dialog.findChildren(QLabel) if label.isVisibleTo(dialog)]
    parts += [
        view.toPlainText() for view in dialog.findChildren(QTextBrowser) if view.isVisibleTo(dialog)
    ]
    parts += [b.text() for b in dialog.findChildren(QAbstractButton) if b.isVisibleTo(dialog)]
    return "\n".join(parts)


def test_help_menu_opens_three_non_modal_windows(qtbot: Any, window: MainWindow) -> None:
    entries = [a for a in window.help_menu.actions() if not a.isSeparator()]
    assert [a.text().replace("&", "") for a in entries] == [
        "How to read the map",
        "Keyboard shortcuts",
        "About DataLocator",
    ]
    opened: list[QDialog] = []
    for action in entries:
        action.trigger()
        dialog = window.findChildren(QDialog)[-1] if not opened else None
        opened.append(dialog or window.findChildren(QDialog)[-1])
    about = window.open_about()
    shortcuts = window.open_shortcuts()
    map_help = window.open_map_help()
    for dialog in (about, shortcuts, map_help):
        qtbot.waitUntil(dialog.isVisible, timeout=WAIT_MS)
        assert not dialog.isModal()
        assert window.isEnabled()  # the window stays usable beside it
    assert window.open_about() is about  # one each, raised again

    assert isinstance(about, AboutDialog)
    dates = about.data_dates.text()
    assert "\n" not in dates and re.search(r"\b20\d\d\b", dates), dates
    assert __version__ in _shown_text(about)
    assert "GPL" in about.licence.text()
    about.sources_button.click()
    assert window.about_dialog is not None and window.about_dialog.isVisible()
    assert not window.about_dialog.isModal()

    assert isinstance(shortcuts, ShortcutsDialog)
    rows = dict(shortcuts.rows())
    assert rows["Find"] == "Ctrl+F" and rows["How to read the map"] == "F1"
    assert "Zoom in" in rows and rows["Quit"] == "Ctrl+Q"

    assert isinstance(map_help, MapHelpDialog)
    words = map_help.text()
    for thing in ("Dot", "Ring", "Diamond", "Arcs", "EU / GDPR", "US law reach", "Unknown"):
        assert thing in words


def test_no_program_path_in_what_people_read(qtbot: Any, window: MainWindow) -> None:
    data = window.open_about_dialog()
    qtbot.waitUntil(data.isVisible, timeout=WAIT_MS)
    assert isinstance(data, AboutDataDialog)
    assert not data.details.isVisible()  # technical part folded away at first
    first_look = _shown_text(data)
    assert "CC BY 4.0" in first_look and "No telemetry" in first_look
    assert "sha512" not in first_look and "integrity" not in first_look
    data.show_details()
    assert data.details.isVisible()
    assert "sha512" in data.attribution.toPlainText()  # the detail is there, folded
    for dialog in (data, window.open_about(), window.open_shortcuts(), window.open_map_help()):
        shown = _shown_text(dialog)
        assert not _PROGRAM_PATH.search(shown), _PROGRAM_PATH.search(shown)


def test_errors_reach_the_window_in_plain_words(qtbot: Any, window: MainWindow) -> None:
    try:
        raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")
    except socket.gaierror as error:
        window._on_recording_failed(error)
    try:
        raise OSError(28, "No space left on device")
    except OSError as error:
        window._on_databases_failed(window._databases_generation, error)
    shown = window.banner.text()
    for technical in ("Errno", "gaierror", "OSError", "[", "No space left on device"):
        assert technical not in shown
    assert "no space left on the disk" in shown and "looked up" in shown
    assert "gaierror" in window.banner.details and "[Errno 28]" in window.banner.details
    assert window.banner.details_button.isVisible() and not window.banner.details_label.isVisible()


def _accessible_name(widget: QWidget) -> str:
    interface = QAccessible.queryAccessibleInterface(widget)
    assert interface is not None, widget
    return interface.text(QAccessible.Text.Name).strip()


def _is_control(widget: QWidget) -> bool:
    """A control a person operates (Qt's own parts of a composite control, such as a spin
    box's line edit, a table's header or a combo box's pop-up list, are named by it)."""
    if not isinstance(widget, _CONTROLS) or isinstance(widget, QHeaderView):
        return False
    if widget.objectName().startswith("qt_"):
        return False
    parent = widget.parentWidget()
    while parent is not None:
        if isinstance(parent, QComboBox | QLineEdit):  # its pop-up list, its clear button
            return False
        parent = parent.parentWidget()
    return True


def test_every_control_has_an_accessible_name(qtbot: Any, window: MainWindow) -> None:
    dialogs = [
        window.open_about(),
        window.open_shortcuts(),
        window.open_map_help(),
        window.open_about_dialog(),
        window.open_databases_dialog(),
        window.open_settings(),
    ]
    nameless = []
    controls = {id(w): w for root in (window, *dialogs) for w in root.findChildren(QWidget)}
    assert len(controls) > 30
    for control in controls.values():
        if _is_control(control) and not _accessible_name(control):
            parent = control.parentWidget()
            nameless.append(
                (type(control).__name__, control.objectName(), parent and parent.objectName())
            )
    assert nameless == [], "\n".join(map(str, nameless))


def test_country_and_law_columns_are_not_cut(qtbot: Any, make_window: WindowFactory) -> None:
    """Every country and law shown fits its column (measured with the view's own font), and an
    empty column does not take the room of others: the demo's day, without host names."""
    window = make_window(
        None, source=DemoSource(CAMILLE), settings=Settings(poll_interval_s=60, reverse_dns=False)
    )
    table = window.table
    qtbot.waitUntil(lambda: window.entries.by_ip != {}, timeout=WAIT_MS)
    with qtbot.waitSignal(table.fitted, timeout=WAIT_MS):
        table.fit_columns()
    metrics = table.fontMetrics()
    for column in (Column.COUNTRY, Column.LAW):
        width = table.columnWidth(column)
        for row in range(window.proxy.rowCount()):
            text = window.proxy.index(row, column).data()
            icon = 16 if column == Column.LAW else 0
            assert metrics.horizontalAdvance(text) + icon + 12 <= width, (text, width)
    header = table.horizontalHeader()
    empties = [
        c
        for c in range(window.proxy.columnCount() - 1)  # the last column takes the spare room
        if not any(window.proxy.index(r, c).data() for r in range(window.proxy.rowCount()))
    ]
    assert Column.HOST in empties  # no reverse DNS: no host names
    for empty in empties:
        assert table.columnWidth(empty) <= header.sectionSizeHint(empty) + 1
