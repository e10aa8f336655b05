"""Choosing a recording (a capture file made by `datalocator scan --record`) to replay."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from app.ui.qt import QCoreApplication, QFileDialog, QWidget

RecordingChooser = Callable[[QWidget], Path | None]


def choose_recording(parent: QWidget) -> Path | None:
    """Ask which capture file to replay (the standard file dialog); None when cancelled."""
    title = QCoreApplication.translate("Recording", "Replay a recording")
    kinds = QCoreApplication.translate(
        "Recording", "DataLocator recordings (*.jsonl);;All files (*)"
    )
    path, _filter = QFileDialog.getOpenFileName(parent, title, str(Path.home()), kinds)
    return Path(path) if path else None
