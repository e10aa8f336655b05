"""Asking how to make the report: the format, the paper, whether to hide personal details for
sharing, for whom, and where to save it.

`choose_report(parent, suggested, defaults)` shows the dialog and returns a `ReportRequest`, or
None when cancelled. The window takes the chooser as a parameter, so tests hand it a request
without any modal dialog (as with the map's export).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path

from app.core.paths import expand_home_leniently
from app.core.report.produce import Paper, ReportFormat, ReportOptions
from app.ui.qt import (
    QCheckBox,
    QComboBox,
    QDesktopServices,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    Qt,
    QUrl,
    QVBoxLayout,
    QWidget,
)

MAX_NAME = 100
FORMATS = (ReportFormat.PDF, ReportFormat.HTML, ReportFormat.JSON, ReportFormat.CSV)


@dataclass(frozen=True, slots=True)
class ReportRequest:
    path: Path
    options: ReportOptions


ReportChooser = Callable[[QWidget, Path, ReportOptions], "ReportRequest | None"]


def with_suffix(path: Path, fmt: ReportFormat) -> Path:
    """The path ending in the format's extension (another report extension is replaced)."""
    if path.suffix.lower() == fmt.suffix:
        return path
    if path.suffix.lower() in {f.suffix for f in ReportFormat}:
        return path.with_suffix(fmt.suffix)
    return path.with_name(path.name + fmt.suffix)


class ReportDialog(QDialog):
    def __init__(
        self, suggested: Path, defaults: ReportOptions, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("reportDialog")
        self.setWindowTitle(self.tr("Export report"))
        self._defaults = defaults

        intro = QLabel(
            self.tr(
                "A report of where your data live and which laws may reach them: to keep, to"
                " send to a data-protection officer, or to hand out."
            ),
            self,
        )
        intro.setWordWrap(True)
        intro.setTextFormat(Qt.TextFormat.PlainText)

        self.format_combo = QComboBox(self)
        self.format_combo.setObjectName("reportFormat")
        for fmt, text in zip(FORMATS, self._format_texts(), strict=True):
            self.format_combo.addItem(text, fmt.value)
        self.format_combo.setCurrentIndex(FORMATS.index(defaults.format))

        self.paper_combo = QComboBox(self)
        self.paper_combo.setObjectName("reportPaper")
        self.paper_combo.addItem(self.tr("A4"), Paper.A4.value)
        self.paper_combo.addItem(self.tr("Letter"), Paper.LETTER.value)
        self.paper_combo.setCurrentIndex(0 if defaults.paper is Paper.A4 else 1)

        self.redact_box = QCheckBox(self.tr("Hide my addresses and names (for sharing)"), self)
        self.redact_box.setObjectName("reportRedact")
        self.redact_box.setChecked(defaults.redact)
        redact_note = QLabel(
            self.tr(
                "Hides IP addresses, your user and computer names, your accounts' names and"
                " addresses, and your private servers' names, in the text and on the map."
                " Countries, cities, companies and laws stay."
            ),
            self,
        )
        redact_note.setWordWrap(True)
        redact_note.setTextFormat(Qt.TextFormat.PlainText)
        redact_note.setObjectName("reportRedactNote")
        redact_note.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)

        self.name_field = QLineEdit(defaults.person or "", self)
        self.name_field.setObjectName("reportName")
        self.name_field.setMaxLength(MAX_NAME)
        self.name_field.setPlaceholderText(self.tr("Optional: printed on the first page"))
        self.machine_box = QCheckBox(self.tr("Include this computer's name"), self)
        self.machine_box.setObjectName("reportMachine")
        self.machine_box.setChecked(defaults.machine and not defaults.redact)

        self.path_field = QLineEdit(str(with_suffix(suggested, defaults.format)), self)
        self.path_field.setObjectName("reportPath")
        self.path_field.setMinimumWidth(380)
        browse = QPushButton(self.tr("Browse…"), self)
        browse.clicked.connect(self._browse)
        path_row = QHBoxLayout()
        path_row.addWidget(self.path_field, 1)
        path_row.addWidget(browse)

        form = QFormLayout()
        form.addRow(self.tr("Format"), self.format_combo)
        form.addRow(self.tr("Paper"), self.paper_combo)
        form.addRow(self.tr("For"), self.name_field)
        form.addRow("", self.machine_box)
        redact_column = QVBoxLayout()
        redact_column.setSpacing(2)
        redact_column.addWidget(self.redact_box)
        redact_note.setContentsMargins(24, 0, 0, 0)  # under the box's text, not its square
        redact_column.addWidget(redact_note)
        form.addRow("", redact_column)
        form.addRow(self.tr("File"), path_row)

        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel, self
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(buttons)

        self.format_combo.currentIndexChanged.connect(self._format_chosen)
        self.redact_box.toggled.connect(self._redact_toggled)
        self._format_chosen()
        self._redact_toggled(self.redact_box.isChecked())

    def _format_texts(self) -> tuple[str, ...]:
        return (
            self.tr("PDF: to print or send"),
            self.tr("HTML: one page to open in a browser"),
            self.tr("JSON: data for programs"),
            self.tr("CSV: a table for spreadsheets"),
        )

    @property
    def format(self) -> ReportFormat:
        return ReportFormat(self.format_combo.currentData())

    def _format_chosen(self, *_args: object) -> None:
        fmt = self.format
        self.paper_combo.setEnabled(fmt is ReportFormat.PDF)
        text = self.path_field.text().strip()
        if text:
            self.path_field.setText(str(with_suffix(Path(text), fmt)))

    def _redact_toggled(self, hidden: bool) -> None:
        """A shared report never names the computer."""
        if hidden:
            self.machine_box.setChecked(False)
        self.machine_box.setEnabled(not hidden)

    def request(self) -> ReportRequest | None:
        text = self.path_field.text().strip()
        if not text:
            return None
        fmt = self.format
        options = replace(
            self._defaults,
            format=fmt,
            paper=Paper(self.paper_combo.currentData()),
            redact=self.redact_box.isChecked(),
            person=self.name_field.text().strip() or None,
            machine=self.machine_box.isChecked() and not self.redact_box.isChecked(),
        )
        return ReportRequest(with_suffix(expand_home_leniently(text), fmt), options)

    def _browse(self) -> None:
        patterns = {
            ReportFormat.PDF: self.tr("PDF document (*.pdf)"),
            ReportFormat.HTML: self.tr("Web page (*.html)"),
            ReportFormat.JSON: self.tr("JSON data (*.json)"),
            ReportFormat.CSV: self.tr("CSV table (*.csv)"),
        }
        name, _ = QFileDialog.getSaveFileName(
            self, self.windowTitle(), self.path_field.text(), patterns[self.format]
        )
        if name:
            self.path_field.setText(str(with_suffix(Path(name), self.format)))


def open_with_system(path: Path) -> bool:
    """Open a written report in the system's viewer (PDF reader, browser, spreadsheet)."""
    return bool(QDesktopServices.openUrl(QUrl.fromLocalFile(str(path))))


def choose_report(
    parent: QWidget, suggested: Path, defaults: ReportOptions
) -> ReportRequest | None:
    """Ask the user (modal: the answer is needed before anything is made)."""
    dialog = ReportDialog(suggested, defaults, parent)
    try:
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return None
        return dialog.request()
    finally:
        dialog.deleteLater()
