"""The core must run without Qt: import every app.core module with PySide6 made unimportable."""

import re
import subprocess
import sys
from pathlib import Path

import app.core

CHECK = r"""
import importlib, pkgutil, sys

class NoQt:
    def find_spec(self, name, path=None, target=None):
        if name == "PySide6" or name.startswith(("PySide6.", "shiboken6")):
            raise ImportError("Qt imported from app.core: " + name)
        return None

sys.meta_path.insert(0, NoQt())
import app.core
names = [m.name for m in pkgutil.walk_packages(app.core.__path__, "app.core.")]
for name in names:
    importlib.import_module(name)
assert not any(m.startswith("PySide6") for m in sys.modules), "PySide6 got imported"
print(len(names))
"""


def test_every_core_module_imports_without_qt() -> None:
    result = subprocess.run(
        [sys.executable, "-c", CHECK], capture_output=True, text=True, check=False, timeout=60
    )
    assert result.returncode == 0, result.stderr
    modules = sorted(Path(app.core.__path__[0]).rglob("*.py"))
    # Every module file was walked (not just the package itself).
    assert int(result.stdout.strip()) >= len(modules) - 1


QT_IMPORT = re.compile(r"^\s*(from|import)\s+(PySide6|shiboken6)", re.MULTILINE)


def test_only_app_ui_imports_pyside6() -> None:
    root = Path(app.core.__path__[0]).parent
    offenders = [
        str(path.relative_to(root))
        for path in root.rglob("*.py")
        if "ui" not in path.relative_to(root).parts[:1] and QT_IMPORT.search(path.read_text())
    ]
    assert offenders == []
