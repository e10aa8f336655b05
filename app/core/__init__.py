"""The Qt-free pipeline: connections → DNS → location → provider → jurisdiction → report data.

Nothing under this package may import PySide6; tests/core/test_no_qt.py enforces it.
"""
