"""The Data menu's actions: location databases, update, data sources and licences.

Factories rather than a menu, so the main window decides where they go; each action only calls
the opener it is given (the window keeps one non-modal DatabasesDialog and opens it).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from app.ui.qt import QAction, QCoreApplication, QKeySequence, QMenu, QObject

Opener = Callable[[], object]

DATABASES_SHORTCUT = "Ctrl+Shift+D"
UPDATE_SHORTCUT = "Ctrl+Shift+U"  # not Ctrl+U: line edits use it to clear the line on X11


def _action(
    parent: QObject, text: str, tip: str, open_dialog: Opener, shortcut: str | None
) -> QAction:
    action = QAction(text, parent)
    action.setStatusTip(tip)
    action.setToolTip(tip)
    action.setMenuRole(QAction.MenuRole.NoRole)  # keep it in the Data menu on macOS too
    if shortcut is not None:
        action.setShortcut(QKeySequence(shortcut))
    action.triggered.connect(lambda _checked=False: open_dialog())
    return action


@dataclass(frozen=True, slots=True)
class DataActions:
    databases: QAction
    update: QAction
    about: QAction

    def add_to(self, menu: QMenu) -> None:
        menu.addAction(self.databases)
        menu.addAction(self.update)
        menu.addSeparator()
        menu.addAction(self.about)


def make_data_actions(
    parent: QObject,
    *,
    open_databases: Opener,
    open_update: Opener,
    open_about: Opener,
) -> DataActions:
    """All three actions, e.g. ``make_data_actions(...).add_to(menu_bar.addMenu("&Data"))``."""
    return DataActions(
        # The list of databases in use, the user's own files.
        _action(
            parent,
            QCoreApplication.translate("DataActions", "Location &databases…"),
            QCoreApplication.translate(
                "DataActions",
                "Which location databases are used, how old they are; add your own files",
            ),
            open_databases,
            DATABASES_SHORTCUT,
        ),
        # Opens the databases window at its update section.
        _action(
            parent,
            QCoreApplication.translate("DataActions", "&Update location databases…"),
            QCoreApplication.translate(
                "DataActions", "Download fresh location databases (DB-IP Lite or MaxMind GeoLite2)"
            ),
            open_update,
            UPDATE_SHORTCUT,
        ),
        # Attribution, licences, version, no telemetry.
        _action(
            parent,
            QCoreApplication.translate("DataActions", "Data sources and &licences…"),
            QCoreApplication.translate(
                "DataActions", "Where DataLocator's data come from, their licences and credits"
            ),
            open_about,
            None,
        ),
    )
