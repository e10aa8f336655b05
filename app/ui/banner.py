"""A non-modal message strip above the table: problems are shown, never thrown in a dialog.

Logic code (a database that failed to open, a poll that failed) reports here and carries on;
the user reads it when they like and dismisses it. Messages are plain text (file names and
error strings may contain anything).
"""

from __future__ import annotations

from enum import StrEnum

from app.ui.qt import QFrame, QHBoxLayout, QLabel, QSizePolicy, Qt, QToolButton, QWidget, Signal


class Level(StrEnum):
    INFO = "info"
    WARNING = "warning"
    ERROR = "error"


_STYLE = {
    Level.INFO: ("#e8f1fb", "#8fb4de", "#1d3f66"),
    Level.WARNING: ("#fff6dc", "#e6c66b", "#5a4300"),
    Level.ERROR: ("#fdecea", "#e3a19b", "#6b1a14"),
}
_RANK = {Level.INFO: 0, Level.WARNING: 1, Level.ERROR: 2}


class Banner(QFrame):
    """Collects messages until dismissed; shows the most severe level's colours."""

    dismissed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("banner")
        self._messages: list[tuple[Level, str]] = []
        self._label = QLabel(self)
        self._label.setObjectName("bannerText")
        self._label.setTextFormat(Qt.TextFormat.PlainText)
        self._label.setWordWrap(True)
        self._label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self._label.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        close = QToolButton(self)
        close.setObjectName("bannerClose")
        close.setText("✕")
        close.setAutoRaise(True)
        close.setToolTip(self.tr("Dismiss"))
        close.setAccessibleName(self.tr("Dismiss message"))
        close.clicked.connect(self.dismiss)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(10, 6, 6, 6)
        layout.addWidget(self._label)
        layout.addWidget(close, 0, Qt.AlignmentFlag.AlignTop)
        self.hide()

    @property
    def messages(self) -> list[str]:
        return [text for _level, text in self._messages]

    def text(self) -> str:
        return self._label.text()

    def show_message(self, text: str, level: Level = Level.ERROR) -> None:
        """Add a message (repeats of the last one are not stacked) and show the strip."""
        if self._messages and self._messages[-1] == (level, text):
            return
        self._messages = [*self._messages[-4:], (level, text)]  # the last five
        self._label.setText("\n".join(text for _level, text in self._messages))
        worst = max((lvl for lvl, _text in self._messages), key=_RANK.__getitem__)
        background, border, foreground = _STYLE[worst]
        self.setStyleSheet(
            f"QFrame#banner {{ background: {background}; border: 1px solid {border};"
            f" border-radius: 4px; }}"
            f" QLabel#bannerText {{ color: {foreground}; }}"
        )
        self.show()

    def dismiss(self) -> None:
        self._messages.clear()
        self._label.clear()
        self.hide()
        self.dismissed.emit()
