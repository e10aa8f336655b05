"""Choosing mail to trace: an .eml file, its headers pasted (a webmail's "show original" gives
them), or an account's last messages after saying what the login will read. Nothing is read
here; the window hands the choice to its RouteOwner."""

from __future__ import annotations

from pathlib import Path

from app.core.routes.imap_headers import DEFAULT_LAST, MAX_LAST
from app.ui.plain_text import plain_label
from app.ui.qt import (
    QCoreApplication,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    Qt,
    QVBoxLayout,
    QWidget,
    Signal,
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


class MailLoginDialog(QDialog):
    """Before logging in to the person's own mail server: what will be read and what will not,
    how many messages, and the password when the keyring keeps none. The window opens it, tells
    it what the keyring holds (`set_kept`, found off the GUI thread) and reads it when
    accepted; the password leaves only through `take_password`."""

    forgetRequested = Signal()

    def __init__(self, host: str, login: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("mailLoginDialog")
        self.setWindowTitle(self.tr("Read the routes of your mail"))
        self._login = login
        self._kept = False
        self.explain = plain_label(
            self.tr(
                "DataLocator will log in to %1 over TLS (its certificate checked) and read, in "
                "your last messages, only the headers that say where each came from and when "
                "(Received:, From:, Date:). It opens the inbox read-only: no message is read, "
                "marked or changed. The password is kept only in your system keyring."
            ).replace("%1", host)
        )
        self.count = QSpinBox(self)
        self.count.setObjectName("messagesToRead")
        self.count.setRange(1, MAX_LAST)
        self.count.setValue(DEFAULT_LAST)
        self.keyring_state = plain_label(self.tr("Looking in your system keyring…"))
        self.keyring_state.setObjectName("keyringState")
        self.keyring_state.setWordWrap(True)
        self.password = QLineEdit(self)
        self.password.setObjectName("mailPassword")
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.password.setAccessibleName(self.tr("Password"))
        self.password.setPlaceholderText(self.tr("Password or app password"))
        self.password.textChanged.connect(self._update_button)
        self.forget_button = QPushButton(self.tr("&Forget the kept password"), self)
        self.forget_button.setObjectName("forgetPassword")
        self.forget_button.hide()
        self.forget_button.clicked.connect(self.forgetRequested.emit)
        self.error = plain_label()
        self.error.setObjectName("mailLoginError")
        self.error.setStyleSheet("color: #b42318;")
        self.error.setWordWrap(True)
        self.error.hide()
        form = QFormLayout()
        form.addRow(self.tr("Messages to read:"), self.count)
        form.addRow(self.tr("Login:"), plain_label(login))
        form.addRow(self.tr("Password:"), self.password)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel, self)
        self.read_button = self.buttons.addButton(
            self.tr("&Read the headers"), QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        keyring_row = QHBoxLayout()
        keyring_row.addWidget(self.keyring_state, 1)
        keyring_row.addWidget(self.forget_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.explain)
        layout.addLayout(form)
        layout.addLayout(keyring_row)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(560)
        self._update_button()

    def set_kept(self, kept: bool | str) -> None:
        """What the keyring holds: a password (True), none (False), or why it cannot be used."""
        self._kept = kept is True
        self.forget_button.setVisible(self._kept)
        if kept is True:
            text = self.tr(
                "A password for %1 is kept in your system keyring: leave the field empty to use it."
            )
        elif kept is False:
            text = self.tr(
                "Type the password (or an app password) for %1. Once the server accepts it, it "
                "is kept in your system keyring, nowhere else."
            )
        else:
            text = self.tr(
                "Your system keyring cannot keep the password (%2): it will be used for this "
                "reading only."
            ).replace("%2", kept)
        self.keyring_state.setText(text.replace("%1", self._login))
        self._update_button()

    def show_error(self, text: str) -> None:
        self.error.setText(text)
        self.error.setVisible(bool(text))

    def take_password(self) -> str | None:
        """The password typed (None: use the kept one); the field is emptied."""
        typed = self.password.text()
        self.password.clear()
        return typed or None

    def _update_button(self) -> None:
        self.read_button.setEnabled(self._kept or bool(self.password.text()))
