"""The side panel for a place chosen on the map: what is there, who runs it, which law applies.

Every label is set to plain text and list cells are plain by nature: host names, process names
and provider names come from the network and the databases, never from us.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from app.core.anonymise import AS_IS, Shown, shown_endpoint
from app.core.certifications import certification_lines, distinct_providers
from app.core.i18n import DEFAULT_LANGUAGE, translations
from app.core.jurisdiction import sources_text
from app.core.map_marks import MapMark
from app.core.model import Network
from app.core.places import kind_note, law_summary
from app.ui.map.describe import claimed_note, host_label, item_title
from app.ui.palette import jurisdiction_colour, jurisdiction_label
from app.ui.plain_text import plain_label, rich_tooltip, set_plain_tooltip
from app.ui.qt import (
    QT_TRANSLATE_NOOP,
    QAbstractItemView,
    QColor,
    QCoreApplication,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLocale,
    QPushButton,
    Qt,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
    Signal,
)

COLUMNS = (
    QT_TRANSLATE_NOOP("PlacePanel", "Host"),
    QT_TRANSLATE_NOOP("PlacePanel", "Address"),
    QT_TRANSLATE_NOOP("PlacePanel", "Provider"),
    QT_TRANSLATE_NOOP("PlacePanel", "Processes"),
    QT_TRANSLATE_NOOP("PlacePanel", "Accounts"),
    QT_TRANSLATE_NOOP("PlacePanel", "Law"),
)
MAX_NOTES = 4


class PlacePanel(QWidget):
    """Lists the endpoints, processes and accounts at the selected place."""

    ipActivated = Signal(str)  # the user picked a row: select that address everywhere
    traceRequested = Signal(str)  # "Trace the route" to this address (it sends packets)
    rttRequested = Signal(str)  # "Check the distance" to this address (it opens connections)

    def __init__(self, parent: QWidget | None = None, *, language: str = DEFAULT_LANGUAGE) -> None:
        """``language``: the window's (its model's), for country names, notes and numbers."""
        super().__init__(parent)
        self._language = language
        self._locale = QLocale(language)
        self._marks: tuple[MapMark, ...] = ()
        self._shown: Shown = AS_IS  # Anonymise: addresses, names and accounts hidden
        self._account_labels: tuple[str, ...] = ()
        self._rtt_ip: str | None = None  # the address the distance sentence is about
        self.title = plain_label()
        font = self.title.font()
        font.setPointSizeF(font.pointSizeF() * 1.25)
        font.setBold(True)
        self.title.setFont(font)
        self.kind_note = plain_label()
        self.law = plain_label()
        # Whether the companies here hold HDS / SecNumCloud, with source and date (issue 14).
        self.certifications = plain_label()
        self.certifications.setObjectName("placeCertifications")
        self.certifications.hide()
        self.accounts = plain_label()
        self.accounts.setObjectName("placeAccounts")
        self.accounts.hide()
        self.tree = QTreeWidget()
        self.tree.setColumnCount(len(COLUMNS))
        self.tree.setHeaderLabels(
            [QCoreApplication.translate("PlacePanel", column) for column in COLUMNS]
        )
        self.tree.setRootIsDecorated(False)
        self.tree.setUniformRowHeights(True)
        self.tree.setAlternatingRowColors(True)
        self.tree.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.tree.header().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.tree.itemActivated.connect(self._activated)
        self.tree.itemClicked.connect(self._activated)
        self.empty = plain_label(self.tr("Click a mark on the map to see what is there."))
        # Opt-in checks that send packets: each says so before it is pressed.
        self.trace_button = QPushButton(self.tr("Trace the route"), self)
        self.trace_button.setObjectName("traceRoute")
        self.trace_button.setToolTip(
            self.tr(
                "Sends small packets with increasing TTL toward the chosen address (ICMP echo "
                "requests where this computer allows them, else UDP) and shows each router on "
                "the way, with its country and law."
            )
        )
        self.trace_button.clicked.connect(lambda: self._request(self.traceRequested.emit))
        self.rtt_button = QPushButton(self.tr("Check the distance"), self)
        self.rtt_button.setObjectName("checkRtt")
        self.rtt_button.setToolTip(
            self.tr(
                "Opens a few TCP connections to the chosen address and times them: light in "
                "fibre covers about 100 km per millisecond of round trip, so a fast answer "
                "cannot come from far away."
            )
        )
        self.rtt_button.clicked.connect(lambda: self._request(self.rttRequested.emit))
        self.rtt_result = plain_label()
        self.rtt_result.setObjectName("rttResult")
        self.rtt_result.setWordWrap(True)
        self.rtt_result.hide()
        checks = QHBoxLayout()
        checks.addWidget(self.trace_button)
        checks.addWidget(self.rtt_button)
        checks.addStretch(1)
        line = QFrame()
        line.setFrameShape(QFrame.Shape.HLine)
        line.setFrameShadow(QFrame.Shadow.Sunken)
        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        layout.addWidget(self.kind_note)
        layout.addWidget(self.law)
        layout.addWidget(self.certifications)
        layout.addWidget(self.accounts)
        layout.addWidget(line)
        layout.addWidget(self.empty)
        layout.addWidget(self.tree, 1)
        layout.addLayout(checks)
        layout.addWidget(self.rtt_result)
        self.show_place(())

    @property
    def language(self) -> str:
        return self._language

    @property
    def marks(self) -> tuple[MapMark, ...]:
        return self._marks

    def set_shown(self, shown: Shown) -> None:
        """Anonymise on or off: the chosen place is shown again through ``shown``."""
        self._shown = shown
        self.show_place(self._marks)
        self.show_accounts(self._account_labels)

    def show_place(self, marks: Sequence[MapMark]) -> None:
        """Show these marks (one place, or the places of a cluster); () clears the panel."""
        self._marks = tuple(marks)
        self.tree.clear()
        has_place = bool(self._marks)
        self.empty.setVisible(not has_place)
        self.tree.setVisible(has_place)
        self.trace_button.setVisible(has_place)  # a check is about a place's address
        self.rtt_button.setVisible(has_place)
        if self._rtt_ip not in {e.ip for m in self._marks for e in m.entries}:
            self.show_rtt("")  # another place now: its distance has not been checked
        self.title.setText(
            item_title(self._marks, self._language) if has_place else self.tr("No place chosen")
        )
        note = kind_note(self._marks[0].kind, self._language) if len(self._marks) == 1 else ""
        self.kind_note.setText(note)
        self.kind_note.setVisible(bool(self.kind_note.text()))
        law_template = self.tr("{law} ({count}): {note}")
        law_lines = [
            law_template.format(
                law=jurisdiction_label(name), count=self._locale.toString(count), note=note
            )
            for name, count, note in law_summary(self._marks, self._language)
        ]
        # The verdicts worked out for these very endpoints, when the caller gave them.
        notes = list(
            dict.fromkeys(e.law_note for m in self._marks for e in m.entries if e.law_note)
        )
        law_lines += notes[:MAX_NOTES]
        if len(notes) > MAX_NOTES:
            law_lines.append(self.tr("… and %Ln more", "", len(notes) - MAX_NOTES))
        # The dated legal texts behind those verdicts, in the core's words (issue 10).
        words = translations(self._language)
        verdicts = [e.located.verdict for m in self._marks for e in m.entries]
        sources = dict.fromkeys(sources_text(v, words) for v in verdicts if v is not None)
        law_lines += [text for text in sources if text][:MAX_NOTES]
        self.law.setText(self._shown.text("\n".join(law_lines)))
        self.law.setVisible(has_place)
        self._show_certifications()
        for mark in self._marks:
            for entry in mark.entries:
                row = QTreeWidgetItem(
                    [
                        host_label(shown_endpoint(entry.located.endpoint, self._shown)),
                        self._shown.ip(entry.ip),
                        entry.provider or _organisation(entry.located.network),
                        self._shown.text(", ".join(entry.processes)),
                        ", ".join(self._shown.account(label) for label in entry.accounts),
                        jurisdiction_label(entry.jurisdiction),
                    ]
                )
                row.setData(0, Qt.ItemDataRole.UserRole, entry.ip)
                row.setForeground(5, QColor(jurisdiction_colour(entry.jurisdiction)))
                if entry.law_note:
                    row.setToolTip(5, rich_tooltip(entry.law_note))
                if entry.located.endpoint.claimed:
                    row.setToolTip(0, rich_tooltip(claimed_note()))
                self.tree.addTopLevelItem(row)

    def _show_certifications(self) -> None:
        """A line per certificate of each company here (each company once), hidden when none."""
        words = translations(self._language)
        companies = distinct_providers(e.located for m in self._marks for e in m.entries)
        said = [c for c in companies if certification_lines(c, words)]
        lines = [
            line for c in said[:MAX_NOTES] for line in certification_lines(c, words, short=True)
        ]
        whole = [line for c in said[:MAX_NOTES] for line in certification_lines(c, words)]
        if len(said) > MAX_NOTES:
            more = self.tr("… and %Ln more companies", "", len(said) - MAX_NOTES)
            lines.append(more)
            whole.append(more)
        self.certifications.setText(self._shown.text("\n".join(lines)))
        set_plain_tooltip(self.certifications, self._shown.text("\n\n".join(whole)))
        self.certifications.setVisible(bool(lines))

    def show_accounts(self, labels: Sequence[str]) -> None:
        """The user's accounts stored at the chosen place (their pins on the map)."""
        self._account_labels = tuple(labels)
        self.accounts.setText(
            self.tr("Your accounts stored here: %1").replace(
                "%1", ", ".join(self._shown.account(label) for label in labels)
            )
            if labels
            else ""
        )
        self.accounts.setVisible(bool(labels))

    def rows(self) -> list[tuple[str, ...]]:
        """The cells as shown, for tests and for copying."""
        out = []
        for i in range(self.tree.topLevelItemCount()):
            item = self.tree.topLevelItem(i)
            if item is not None:
                out.append(tuple(item.text(c) for c in range(len(COLUMNS))))
        return out

    def chosen_ip(self) -> str | None:
        """The address a check is about: the selected row's, else the place's first."""
        item = self.tree.currentItem()
        ip = item.data(0, Qt.ItemDataRole.UserRole) if item is not None else None
        if isinstance(ip, str) and ip:
            return ip
        return next((e.ip for m in self._marks for e in m.entries), None)

    def show_rtt(self, text: str, ip: str | None = None) -> None:
        """The distance check's sentence (plain text) for ``ip``, under the place."""
        self._rtt_ip = ip if text else None
        self.rtt_result.setText(text)
        self.rtt_result.setVisible(bool(text))

    def _request(self, emit: Callable[[str], object]) -> None:
        ip = self.chosen_ip()
        if ip is not None:
            emit(ip)

    def _activated(self, item: QTreeWidgetItem, _column: int = 0) -> None:
        ip = item.data(0, Qt.ItemDataRole.UserRole)
        if isinstance(ip, str) and ip:
            self.ipActivated.emit(ip)


def _organisation(network: Network | None) -> str:
    return network.organisation or "" if network is not None else ""
