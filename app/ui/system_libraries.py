"""Which system libraries Qt's X11 plugin lacks on this machine, named as Debian packages.

PySide6 wheels bundle Qt but not the X11 helper libraries (xcb-cursor, xcb-icccm…). Without them
Qt aborts with a trace on start-up; `make run` installs them when it can, and the launcher says
what is missing in one line instead of crashing.
`python -m app.ui.system_libraries` prints the missing package names, space-separated.
"""

from __future__ import annotations

import ctypes.util
import re
import shutil
import subprocess
import sys
from importlib.util import find_spec
from pathlib import Path

_NOT_FOUND = re.compile(r"^\s*(\S+\.so(?:\.\d+)*) => not found", re.MULTILINE)
# Qt 6.5+ loads this one at run time rather than linking it, so ldd does not list it.
_RUNTIME_LIBRARIES = {"xcb-cursor": "libxcb-cursor.so.0"}


def xcb_plugin() -> Path | None:
    """The xcb platform plugin shipped in the PySide6 wheel, located without importing Qt."""
    spec = find_spec("PySide6")
    if spec is None or not spec.submodule_search_locations:
        return None
    plugin = Path(next(iter(spec.submodule_search_locations))) / "Qt/plugins/platforms/libqxcb.so"
    return plugin if plugin.exists() else None


def debian_package(soname: str) -> str:
    """Debian's name for the package holding a shared library: libfoo.so.4 → libfoo4,
    libfoo2.so.1 → libfoo2-1 (a hyphen when the name already ends with a digit)."""
    match = re.fullmatch(r"(.+?)\.so\.(\d+)(?:\.\d+)*", soname.lower())
    if match is None:
        return soname.lower().removesuffix(".so")
    name, major = match.groups()
    return f"{name}-{major}" if name[-1].isdigit() else f"{name}{major}"


def missing_libraries(plugin: Path | None = None) -> list[str]:
    """Shared libraries the xcb plugin needs and the dynamic loader cannot find."""
    if not sys.platform.startswith("linux"):
        return []
    plugin = plugin or xcb_plugin()
    ldd = shutil.which("ldd")
    if plugin is None or ldd is None:
        return []
    result = subprocess.run(
        [ldd, str(plugin)], capture_output=True, text=True, check=False, timeout=30
    )
    missing = dict.fromkeys(_NOT_FOUND.findall(result.stdout))
    for short, soname in _RUNTIME_LIBRARIES.items():
        if ctypes.util.find_library(short) is None:
            missing[soname] = None
    return list(missing)


def missing_packages(plugin: Path | None = None) -> list[str]:
    return [debian_package(name) for name in missing_libraries(plugin)]


if __name__ == "__main__":
    sys.stdout.write(" ".join(missing_packages()) + "\n")
