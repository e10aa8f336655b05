"""Choosing a recording (a capture file made by `datalocator scan --record` or the window's
"Record session…") to replay, and where to record one."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from app.ui.qt import QCoreApplication, QFileDialog, QWidget

RecordingChooser = Callable[[QWidget], Path | None]
CaptureChooser = Callable[[QWidget, Path], Path | None]


def choose_recording(parent: QWidget) -> Path | None:
    """Ask which capture file to replay (the standard file dialog); None when cancelled."""
    title = QCoreApplication.translate("Recording", "Replay a recording")
    kinds = QCoreApplication.translate(
        "Recording", "DataLocator recordings (*.jsonl);;All files (*)"
    )
    path, _filter = QFileDialog.getOpenFileName(parent, title, str(Path.home()), kinds)
    return Path(path) if path else None


def choose_capture_file(parent: QWidget, suggested: Path) -> Path | None:
    """Ask where to record this session (a .jsonl capture); None when cancelled."""
    title = QCoreApplication.translate("Recording", "Record this session")
    kinds = QCoreApplication.translate("Recording", "DataLocator recordings (*.jsonl)")
    path, _filter = QFileDialog.getSaveFileName(parent, title, str(suggested), kinds)
    if not path:
        return None
    chosen = Path(path)
    return chosen if chosen.suffix.lower() == ".jsonl" else chosen.with_name(chosen.name + ".jsonl")
