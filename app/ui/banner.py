"""A non-modal message strip above the table: problems are shown, never thrown in a dialog.

Logic code (a database that failed to open, a poll that failed) reports here and carries on;
the user reads it when they like and dismisses it. Messages are plain text (file names and
error strings may contain anything). An error's technical detail (`PlainError.details`) is kept
folded under "Details", for a bug report, never in the sentence itself.
"""

from __future__ import annotations

from enum import StrEnum

from app.core.anonymise import AS_IS, Shown
from app.ui.error_words import PlainError
from app.ui.qt import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QSizePolicy,
    Qt,
    QToolButton,
    QVBoxLayout,
    QWidget,
    Signal,
)


class Level(StrEnum):
    INFO = "info"
    WARNING = "warning"
    ERROR = "error"


# (background, border, text) per level: the text reaches 4.5:1 on the background (WCAG AA).
LEVEL_COLOURS = {
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
        self._shown: Shown = AS_IS
        self.setObjectName("banner")
        self._messages: list[tuple[Level, str]] = []
        self._details: list[str] = []
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
        self.details_button = QToolButton(self)
        self.details_button.setObjectName("bannerDetailsButton")
        self.details_button.setText(self.tr("Details"))
        self.details_button.setAccessibleName(self.tr("Show technical details"))
        self.details_button.setCheckable(True)
        self.details_button.setAutoRaise(True)
        self.details_button.setArrowType(Qt.ArrowType.RightArrow)
        self.details_button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.details_button.toggled.connect(self._fold)
        self.details_button.hide()
        self.details_label = QLabel(self)
        self.details_label.setObjectName("bannerDetails")
        self.details_label.setTextFormat(Qt.TextFormat.PlainText)
        self.details_label.setWordWrap(True)
        self.details_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.details_label.hide()
        text_column = QVBoxLayout()
        text_column.setContentsMargins(0, 0, 0, 0)
        text_column.setSpacing(2)
        text_column.addWidget(self._label)
        text_column.addWidget(self.details_button, 0, Qt.AlignmentFlag.AlignLeft)
        text_column.addWidget(self.details_label)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(10, 6, 6, 6)
        layout.addLayout(text_column, 1)
        layout.addWidget(close, 0, Qt.AlignmentFlag.AlignTop)
        self.hide()

    @property
    def messages(self) -> list[str]:
        return [text for _level, text in self._messages]

    def text(self) -> str:
        return self._label.text()

    @property
    def details(self) -> str:
        """The technical detail of the errors shown (folded under "Details")."""
        return self.details_label.text()

    def show_error(self, context: str, error: PlainError, level: Level = Level.ERROR) -> None:
        """An error in plain words after ``context`` (a sentence or empty), its technical
        detail folded away."""
        text = f"{context}\n{error.text}" if context else error.text
        self.show_message(text, level, details=error.details)

    def set_shown(self, shown: Shown) -> None:
        """Anonymise on or off: messages often name a file or a server (kept as they came,
        shown through ``shown``)."""
        self._shown = shown
        self._show_texts()

    def _show_texts(self) -> None:
        hide = self._shown.text
        self.details_label.setText(hide("\n".join(self._details)))
        self._label.setText(hide("\n".join(text for _level, text in self._messages)))

    def show_message(self, text: str, level: Level = Level.ERROR, *, details: str = "") -> None:
        """Add a message (repeats of the last one are not stacked) and show the strip."""
        if self._messages and self._messages[-1] == (level, text):
            return
        self._messages = [*self._messages[-4:], (level, text)]  # the last five
        if details:
            self._details = [*self._details[-4:], details]
            self.details_button.show()
            self.details_label.setVisible(self.details_button.isChecked())
        self._show_texts()
        worst = max((lvl for lvl, _text in self._messages), key=_RANK.__getitem__)
        background, border, foreground = LEVEL_COLOURS[worst]
        self.setStyleSheet(
            f"QFrame#banner {{ background: {background}; border: 1px solid {border};"
            f" border-radius: 4px; }}"
            f" QLabel#bannerText {{ color: {foreground}; }}"
        )
        self.show()

    def _fold(self, unfolded: bool) -> None:
        self.details_button.setArrowType(
            Qt.ArrowType.DownArrow if unfolded else Qt.ArrowType.RightArrow
        )
        self.details_label.setVisible(unfolded)

    def dismiss(self) -> None:
        self._messages.clear()
        self._details.clear()
        self._label.clear()
        self.details_label.clear()
        self.details_button.setChecked(False)
        self.details_button.hide()
        self.hide()
        self.dismissed.emit()
