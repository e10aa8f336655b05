"""Untrusted text stays text: tool tips and the banner never interpret markup."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QHelpEvent
from PySide6.QtWidgets import QLabel, QStyleOptionViewItem, QTableView, QToolTip

from app.core.model import AddressScope, Endpoint, LocatedEndpoint, Observation, Protocol
from app.core.session.diff import ConnectionDiff
from app.ui.banner import Banner, Level
from app.ui.connections_model import Column, ConnectionsModel
from app.ui.plain_text import PlainToolTipDelegate, rich_tooltip
from tests.fixtures.model import apply_diff

# The offscreen platform lacks size hints and raise(); harmless, and not our warnings.
pytestmark = pytest.mark.qt_log_ignore(
    r"This plugin does not support (propagateSizeHints|raise)\(\)"
)

EVIL = '<img src="x"><b>evil</b> & <a href="http://example.invalid">click</a>'


def test_rich_tooltip_escapes_markup() -> None:
    rich = rich_tooltip(EVIL + "\nsecond line")
    assert "<b>" not in rich
    assert "&lt;b&gt;evil&lt;/b&gt;" in rich
    assert "&amp;" in rich
    assert "<br" in rich  # line breaks survive
    assert rich_tooltip("") == ""


def test_delegate_shows_model_tooltip_escaped(qtbot: Any) -> None:
    model = ConnectionsModel(language="en")
    obs = Observation(
        pid=1,
        process="p",
        protocol=Protocol.TCP,
        local_ip="10.0.0.2",
        local_port=5000,
        remote_ip="10.0.0.9",
        remote_port=443,
        status="ESTABLISHED",
        seen_at=0.0,
    )
    located = LocatedEndpoint(Endpoint("10.0.0.9", (EVIL,), (EVIL,)), AddressScope.LOCAL_NETWORK)
    apply_diff(model, ConnectionDiff((obs,), (), (), ()), {"10.0.0.9": located})
    view = QTableView()
    qtbot.addWidget(view)
    view.setModel(model)
    delegate = PlainToolTipDelegate(view)
    view.setItemDelegate(delegate)
    view.show()
    qtbot.waitExposed(view)
    index = model.index(0, Column.HOST)
    position = view.visualRect(index).center()
    event = QHelpEvent(QEvent.Type.ToolTip, position, view.viewport().mapToGlobal(position))
    assert delegate.helpEvent(event, view, QStyleOptionViewItem(), index)
    qtbot.waitUntil(QToolTip.isVisible, timeout=5000)
    assert QToolTip.text() == rich_tooltip(EVIL)
    assert "<b>" not in QToolTip.text()
    QToolTip.hideText()


def test_banner_is_plain_text_and_collects_messages(qtbot: Any) -> None:
    banner = Banner()
    qtbot.addWidget(banner)
    assert banner.isHidden()
    banner.show_message(EVIL, Level.WARNING)
    banner.show_message(EVIL, Level.WARNING)  # a repeat is not stacked
    banner.show_message("second", Level.ERROR)
    assert banner.isVisible()
    assert banner.messages == [EVIL, "second"]
    assert banner.text() == f"{EVIL}\nsecond"
    label = banner.findChild(QLabel, "bannerText")
    assert label is not None
    assert label.textFormat() == Qt.TextFormat.PlainText
    with qtbot.waitSignal(banner.dismissed):
        banner.dismiss()
    assert banner.isHidden()
    assert banner.messages == []
