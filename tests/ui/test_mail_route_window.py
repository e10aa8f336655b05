"""A mail's route in the window: from a message file chosen in File → Trace a message…, dropped
on the window, or pasted headers; each hop listed with its place, company and law, the untrusted
ones said, and the route drawn on the map. Nothing is sent anywhere."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from app.core.demo import DemoResolver, DemoSource
from app.core.geo.locator import Locator
from app.ui.message_dialogs import HeadersDialog
from app.ui.qt import QApplication, QDropEvent, QMimeData, QPointF, Qt, QUrl
from tests.fixtures.personas import LEA
from tests.fixtures.windows import WAIT_MS, WindowFactory

ARTIFACTS = Path(__file__).parents[1] / "artifacts"
MAIL = Path(__file__).parents[1] / "data" / "mail"

# A mail from a town hall at OVHcloud (France) to a Gmail user who reads it through Microsoft's
# Dublin servers, in Postfix's, Gmail's and Exchange's header formats (newest first, as written).
# Addresses from the operators' published ranges: OVH SAS 188.165.0.0/16 (RIPE, FR), Google
# 209.85.128.0/17 (Google's published mail ranges), Microsoft 52.169.0.0/16 (Azure North Europe).
HEADERS = b"""Received: from mail-wr1-f41.google.com (mail-wr1-f41.google.com [209.85.221.41])
 by DB8PR01MB0001.eurprd01.prod.exchangelabs.com (52.169.10.20) with Microsoft SMTP Server
 (version=TLS1_2, cipher=TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384) id 15.20.7000.1;
 Thu, 3 Dec 2026 10:00:09 +0000
Received: from mo551.mail-out.ovh.net (mo551.mail-out.ovh.net. [188.165.51.139])
        by mx.google.com with ESMTPS id a1si123456wrx.77.2026.12.03.02.00.05
        for <lea@example.org>; Thu, 03 Dec 2026 02:00:05 -0800 (PST)
Received: from DAG8EX2.mxp6.local (172.16.2.32) by mo551.mail-out.ovh.net
        (Postfix) with ESMTPS id 4ABC; Thu,  3 Dec 2026 10:00:01 +0000 (UTC)
Subject: Votre rendez-vous

Bonjour.
"""


def _window(make_window: WindowFactory, embedded: Locator, tmp_path: Path, **extra: Any) -> Any:
    return make_window(
        embedded, source=DemoSource(LEA), resolver=DemoResolver(LEA), size=(1440, 900), **extra
    )


def test_a_chosen_message_file_shows_its_route(
    qtbot: Any, make_window: WindowFactory, embedded: Locator, tmp_path: Path
) -> None:
    message = tmp_path / "rendez-vous.eml"
    message.write_bytes(HEADERS)
    window = make_window(
        embedded,
        source=DemoSource(LEA),
        resolver=DemoResolver(LEA),
        size=(1440, 900),
        choose_message=lambda _parent: message,
    )
    with qtbot.waitSignal(window.route_owner.routeReady, timeout=WAIT_MS) as ready:
        window.trace_message_action.trigger()
    route = ready.args[0]
    assert route.title == "The route of the message rendez-vous.eml"
    assert [(s.number, s.ip, s.country, s.trusted) for s in route.stops] == [
        (1, "172.16.2.32", "", True),
        (2, "188.165.51.139", "FR", True),
        # Google's server: placed only at Google's home by the databases, so no country.
        (3, "209.85.221.41", "", True),
    ]
    assert route.stops[0].note == "inside a private network (not located)"
    assert route.summary == (
        "Countries crossed: France\n"
        "The stops placed are inside the EU/EEA; 1 other stop could not be placed."
    )
    assert window.tabs.currentWidget() is window.route_panel
    qtbot.waitUntil(lambda: len(window.map.view.route.stops) == 1, timeout=WAIT_MS)
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    QApplication.processEvents()
    assert window.grab().save(str(ARTIFACTS / "route-mail.png"))


def test_a_message_dropped_on_the_window_is_traced(
    qtbot: Any, make_window: WindowFactory, embedded: Locator, tmp_path: Path
) -> None:
    window = _window(make_window, embedded, tmp_path)
    assert window.acceptDrops()
    data = QMimeData()
    data.setUrls([QUrl.fromLocalFile(str(MAIL / "proton.eml"))])
    drop = QDropEvent(
        QPointF(200, 200),
        Qt.DropAction.CopyAction,
        data,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    with qtbot.waitSignal(window.route_owner.routeReady, timeout=WAIT_MS) as ready:
        window.dropEvent(drop)
    assert drop.isAccepted()
    assert [s.country for s in ready.args[0].stops] == ["CH"]  # Proton, Switzerland
    other = QMimeData()
    other.setUrls([QUrl.fromLocalFile(str(tmp_path / "photo.jpg"))])
    refused = QDropEvent(
        QPointF(1, 1),
        Qt.DropAction.CopyAction,
        other,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    refused.setAccepted(False)
    window.dropEvent(refused)
    assert not refused.isAccepted()


def test_pasted_headers_and_what_is_not_a_message(
    qtbot: Any, make_window: WindowFactory, embedded: Locator, tmp_path: Path
) -> None:
    dialog = HeadersDialog()
    qtbot.addWidget(dialog)
    dialog.text.setPlainText(HEADERS.decode())
    assert dialog.headers().startswith("Received: from mail-wr1")
    window = _window(make_window, embedded, tmp_path)
    with qtbot.waitSignal(window.route_owner.routeReady, timeout=WAIT_MS) as ready:
        window.trace_message(dialog.headers().encode(), "The route of the pasted message")
    assert len(ready.args[0].stops) == 3
    with qtbot.waitSignal(window.route_owner.failed, timeout=WAIT_MS):
        window.trace_message(b"Subject: hello\n\nno Received lines here\n", "x")
    assert "No Received: headers" in window.banner.text()
