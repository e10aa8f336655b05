"""The desktop window (PySide6). Only this package imports Qt, and only through app.ui.qt."""
