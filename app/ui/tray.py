"""The system tray icon: DataLocator keeps watching in the background once its window is closed.

The window that watches this computer hides instead of quitting when it is closed (where the
desktop has a system tray and the `close_to_tray` setting is on: `MainWindow.closeEvent`); this
icon is the way back. Its menu shows the window, pauses or resumes watching, and quits for
real. The first time the window goes to the background the icon says so once (remembered in
the settings). `Tray.notify` is the one way to put a desktop notification up (alerts use it).

The launcher (app/ui/launch.py) makes one for the live window only: a demo or a replay has no
background to keep.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import replace
from typing import TYPE_CHECKING

from app.core.resources import resource_path
from app.ui.qt import (
    QAction,
    QColor,
    QIcon,
    QMenu,
    QObject,
    QPainter,
    QPen,
    QPixmap,
    QPointF,
    QSvgRenderer,
    QSystemTrayIcon,
    Qt,
    QTimer,
    QWidget,
    Signal,
)

if TYPE_CHECKING:
    from app.ui.main_window import MainWindow

log = logging.getLogger(__name__)

ICON_FILE = ("icons", "org.datalocator.DataLocator.svg")
ICON_SIZES = (16, 22, 24, 32, 48, 64, 128)
NOTICE_MS = 10_000  # how long a tray message stays up (desktops may cap it)
# With no tray yet (a login where the panel starts after us), how often to look for one.
TRAY_RETRY_MS = 10_000


def app_icon() -> QIcon:
    """The app's icon from resources/icons, drawn at the sizes trays use; a simple drawn
    mark if the file is missing or unreadable (a tray icon must never be empty)."""
    renderer = QSvgRenderer(str(resource_path(*ICON_FILE)))
    icon = QIcon()
    for size in ICON_SIZES:
        pixmap = QPixmap(size, size)
        pixmap.fill(Qt.GlobalColor.transparent)
        painter = QPainter(pixmap)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        if renderer.isValid():
            renderer.render(painter)
        else:
            _draw_mark(painter, size)
        painter.end()
        icon.addPixmap(pixmap)
    return icon


def _draw_mark(painter: QPainter, size: int) -> None:
    """A blue globe with a white pin, for when the icon file cannot be read."""
    painter.setPen(QPen(QColor("#1f4f86"), max(1.0, size / 16)))
    painter.setBrush(QColor("#3b82c4"))
    margin = size / 16
    painter.drawEllipse(QPointF(size / 2, size / 2), size / 2 - margin, size / 2 - margin)
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(QColor("white"))
    painter.drawEllipse(QPointF(size / 2, size * 0.45), size / 6, size / 6)


def bring_to_front(window: QWidget) -> None:
    """Show a hidden or minimised window and give it the focus (the desktop may only flash
    its task-bar entry: focus stealing prevention is the desktop's call)."""
    state = window.windowState()
    if state & Qt.WindowState.WindowMinimized:
        window.setWindowState(state & ~Qt.WindowState.WindowMinimized)
    window.show()
    window.raise_()
    window.activateWindow()


class Tray(QObject):
    """The icon in the system tray for one window that watches this computer."""

    quitRequested = Signal()  # the menu's Quit: the launcher ends the app for real
    windowShown = Signal()  # the window came back to the front (the menu, a click, a launch)

    def __init__(
        self,
        window: MainWindow,
        parent: QObject | None = None,
        *,
        available: Callable[[], bool] = QSystemTrayIcon.isSystemTrayAvailable,
    ) -> None:
        """``available``: whether the desktop has a system tray now."""
        super().__init__(parent)
        self._window = window
        self._available = available
        self._retry = QTimer(self)
        self._retry.setInterval(TRAY_RETRY_MS)
        self._retry.timeout.connect(self.show)
        self.icon = QSystemTrayIcon(app_icon(), self)
        self.icon.setToolTip(self.tr("DataLocator: watching where your data go"))
        # A menu has no parent widget here (the tray owns none); kept alive by this object.
        self.menu = QMenu()
        self.show_action = QAction(self.tr("&Show DataLocator"), self)
        self.show_action.triggered.connect(lambda _checked=False: self.show_window())
        self.pause_action = QAction(self)
        self.pause_action.triggered.connect(lambda _checked=False: self._toggle_pause())
        self.quit_action = QAction(self.tr("&Quit"), self)
        self.quit_action.triggered.connect(lambda _checked=False: self.quitRequested.emit())
        self.menu.addAction(self.show_action)
        self.menu.addAction(self.pause_action)
        self.menu.addSeparator()
        self.menu.addAction(self.quit_action)
        self.icon.setContextMenu(self.menu)
        self.icon.activated.connect(self._activated)
        self.icon.messageClicked.connect(self.show_window)
        window.pause_action.toggled.connect(self._paused_changed)
        window.sentToBackground.connect(self._went_to_background)
        self._paused_changed(window.paused)

    def show(self) -> None:
        """Put the icon in the tray; with no tray yet, look again now and then (the icon is
        only shown where a tray is: elsewhere Qt's fallback complains on every platform that
        has none)."""
        if self._available():
            self._retry.stop()
            self.icon.show()
        elif not self._retry.isActive():
            log.info("no system tray yet: looking again every %d s", TRAY_RETRY_MS // 1000)
            self._retry.start()

    def close(self) -> None:
        """Take the icon away (the window it served closed for real)."""
        self._retry.stop()
        self.icon.hide()
        self.menu.deleteLater()

    def notify(
        self,
        title: str,
        text: str,
        level: QSystemTrayIcon.MessageIcon = QSystemTrayIcon.MessageIcon.Information,
        msecs: int = NOTICE_MS,
    ) -> bool:
        """A desktop notification from the tray icon (texts already translated and plain).
        False when it cannot be shown (no tray, or a tray without messages): the caller says
        it another way."""
        if not (self.icon.isVisible() and self._available()):
            return False
        if not QSystemTrayIcon.supportsMessages():
            return False
        self.icon.showMessage(title, text, level, msecs)
        return True

    def show_window(self) -> None:
        """Bring the window back from the tray (or to the front)."""
        bring_to_front(self._window)
        self.windowShown.emit()

    def _activated(self, reason: QSystemTrayIcon.ActivationReason) -> None:
        if reason in (
            QSystemTrayIcon.ActivationReason.Trigger,
            QSystemTrayIcon.ActivationReason.DoubleClick,
        ):
            self.show_window()

    def _toggle_pause(self) -> None:
        self._window.set_paused(not self._window.paused)

    def _paused_changed(self, paused: bool) -> None:
        self.pause_action.setText(
            self.tr("&Resume watching") if paused else self.tr("&Pause watching")
        )

    def _went_to_background(self) -> None:
        """The window was closed and hides here: said once, the first time ever."""
        self.show()  # a tray that came since the last look: the icon at once, not in 10 s
        owner = self._window.settings_owner
        if owner.current.background_notice_shown:
            return
        shown = self.notify(
            self.tr("DataLocator keeps watching"),
            self.tr("DataLocator keeps watching in the background; quit from the tray menu."),
        )
        if shown:
            owner.change(replace(owner.current, background_notice_shown=True))
        else:
            log.info("the background notice could not be shown; it will be said next time")
