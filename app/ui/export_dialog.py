"""Asking where to save the map, and at what size.

`choose_export(parent, format, suggested)` shows a small dialog (file name with a Browse… button,
width × height) and returns an `ExportRequest`, or None when cancelled. The window takes the
chooser as a parameter, so tests hand it a request without any modal dialog.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path

from app.core.paths import expand_home_leniently
from app.ui.qt import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

MIN_SIDE = 200
MAX_SIDE = 8000
DEFAULT_SIZE = (1920, 1080)
PRESETS = ((1280, 720), (1920, 1080), (2560, 1440), (3840, 2160))


class ExportFormat(StrEnum):
    PNG = "png"
    SVG = "svg"


@dataclass(frozen=True, slots=True)
class ExportRequest:
    path: Path
    width: int
    height: int


ExportChooser = Callable[[QWidget, ExportFormat, Path], "ExportRequest | None"]


def with_suffix(path: Path, fmt: ExportFormat) -> Path:
    """The path with the format's extension ("map" → "map.png"; "map.PNG" is kept)."""
    if path.suffix.lower() == f".{fmt.value}":
        return path
    return path.with_name(path.name + f".{fmt.value}")


class ExportDialog(QDialog):
    def __init__(
        self,
        fmt: ExportFormat,
        suggested: Path,
        parent: QWidget | None = None,
        *,
        size: tuple[int, int] = DEFAULT_SIZE,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("exportDialog")
        self._format = fmt
        title = (
            self.tr("Export map as PNG")
            if fmt is ExportFormat.PNG
            else self.tr("Export map as SVG")
        )
        self.setWindowTitle(title)

        self.path_field = QLineEdit(str(with_suffix(suggested, fmt)), self)
        self.path_field.setMinimumWidth(360)
        browse = QPushButton(self.tr("Browse…"), self)
        browse.clicked.connect(self._browse)
        path_row = QHBoxLayout()
        path_row.addWidget(self.path_field, 1)
        path_row.addWidget(browse)

        self.width_box = _side_box(size[0], self)
        self.height_box = _side_box(size[1], self)
        self.presets = QComboBox(self)
        self.presets.addItem(self.tr("Custom"))
        for width, height in PRESETS:
            self.presets.addItem(f"{width} × {height}")
        self._show_preset()
        self.presets.currentIndexChanged.connect(self._preset_chosen)
        self.width_box.valueChanged.connect(self._show_preset)
        self.height_box.valueChanged.connect(self._show_preset)
        size_row = QHBoxLayout()
        size_row.addWidget(self.width_box)
        size_row.addWidget(QLabel("×", self))
        size_row.addWidget(self.height_box)
        size_row.addWidget(self.presets)
        size_row.addStretch(1)

        form = QFormLayout()
        form.addRow(self.tr("File"), path_row)
        form.addRow(self.tr("Size (pixels)"), size_row)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel, self
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(buttons)

    def request(self) -> ExportRequest | None:
        text = self.path_field.text().strip()
        if not text:
            return None
        return ExportRequest(
            with_suffix(expand_home_leniently(text), self._format),
            self.width_box.value(),
            self.height_box.value(),
        )

    def _preset_chosen(self, index: int) -> None:
        if index > 0:  # item 0 is "Custom", then PRESETS in order
            width, height = PRESETS[index - 1]
            self.width_box.setValue(width)
            self.height_box.setValue(height)
        else:  # "Custom" for a preset's size: the list keeps telling which it is
            self._show_preset()

    def _show_preset(self) -> None:
        """The preset the typed size matches, or "Custom": the list always tells the size."""
        size = (self.width_box.value(), self.height_box.value())
        blocked = self.presets.blockSignals(True)  # showing a preset is not choosing one
        try:
            self.presets.setCurrentIndex(PRESETS.index(size) + 1 if size in PRESETS else 0)
        finally:
            self.presets.blockSignals(blocked)

    def _browse(self) -> None:
        pattern = (
            self.tr("PNG image (*.png)")
            if self._format is ExportFormat.PNG
            else self.tr("SVG drawing (*.svg)")
        )
        name, _ = QFileDialog.getSaveFileName(
            self, self.windowTitle(), self.path_field.text(), pattern
        )
        if name:
            self.path_field.setText(str(with_suffix(Path(name), self._format)))


def _side_box(value: int, parent: QWidget) -> QSpinBox:
    box = QSpinBox(parent)
    box.setRange(MIN_SIDE, MAX_SIDE)
    box.setValue(value)
    box.setSingleStep(10)
    return box


def choose_export(parent: QWidget, fmt: ExportFormat, suggested: Path) -> ExportRequest | None:
    """Ask the user (modal: the answer is needed before anything is written)."""
    dialog = ExportDialog(fmt, suggested, parent)
    try:
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return None
        return dialog.request()
    finally:
        dialog.deleteLater()
