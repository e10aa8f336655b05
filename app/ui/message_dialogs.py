"""Choosing a mail message to trace: an .eml file, or its headers pasted (a webmail's "show
original" gives them). Nothing is read here; the window hands the choice to its RouteOwner."""

from __future__ import annotations

from pathlib import Path

from app.ui.qt import (
    QCoreApplication,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QLabel,
    QPlainTextEdit,
    Qt,
    QVBoxLayout,
    QWidget,
)

MAX_PASTED_CHARS = 1_000_000  # a header block is a few KiB; a whole message pasted is cut


def choose_message_file(parent: QWidget) -> Path | None:
    """Ask for a message file (.eml); None when cancelled."""
    title = QCoreApplication.translate("MessageDialogs", "Trace a mail message")
    kinds = QCoreApplication.translate(
        "MessageDialogs", "Mail messages (*.eml *.msg.txt *.txt);;All files (*)"
    )
    path, _filter = QFileDialog.getOpenFileName(parent, title, "", kinds)
    return Path(path) if path else None


class HeadersDialog(QDialog):
    """Paste a message's headers; OK traces them (the text stays plain: it is data)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Paste a message's headers"))
        explain = QLabel(
            self.tr(
                "Paste the headers of a mail (in most mail programs and webmails: "
                "“Show original” or “View source”). Only its Received: lines are read; "
                "nothing is sent anywhere."
            ),
            self,
        )
        explain.setTextFormat(Qt.TextFormat.PlainText)
        explain.setWordWrap(True)
        self.text = QPlainTextEdit(self)
        self.text.setObjectName("pastedHeaders")
        self.text.setAccessibleName(self.tr("Message headers"))
        self.text.setPlaceholderText(self.tr("Received: from … by … ; date"))
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(explain)
        layout.addWidget(self.text, 1)
        layout.addWidget(self.buttons)
        self.resize(640, 420)

    def headers(self) -> str:
        return self.text.toPlainText()[:MAX_PASTED_CHARS]
