"""The launcher names missing X11 libraries as Debian packages instead of letting Qt abort."""

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from app.ui.system_libraries import debian_package, missing_libraries, xcb_plugin


@pytest.mark.parametrize(
    ("soname", "package"),
    [
        ("libxcb-icccm.so.4", "libxcb-icccm4"),
        ("libxcb-render-util.so.0", "libxcb-render-util0"),
        ("libxkbcommon-x11.so.0", "libxkbcommon-x11-0"),
        ("libX11.so.6", "libx11-6"),
        ("libGL.so.1.7.0", "libgl1"),
    ],
)
def test_debian_package_names(soname: str, package: str) -> None:
    assert debian_package(soname) == package


@pytest.mark.skipif(shutil.which("ldd") is None, reason="ldd is not installed")
def test_missing_libraries_reads_ldd(tmp_path: Path) -> None:
    # A real shared object that links a library which does not exist anywhere.
    if shutil.which("cc") is None:
        pytest.skip("no C compiler to build a probe library")
    source = tmp_path / "probe.c"
    source.write_text("int probe(void) { return 0; }\n")
    needed = tmp_path / "libdatalocatorprobe.so.7"
    subprocess.run(
        ["cc", "-shared", "-fPIC", "-Wl,-soname,libdatalocatorprobe.so.7", "-o", needed, source],
        check=True,
    )
    plugin = tmp_path / "libplugin.so"
    subprocess.run(
        ["cc", "-shared", "-fPIC", "-o", plugin, source, "-Wl,--no-as-needed", str(needed)],
        check=True,
    )
    needed.unlink()  # now the loader cannot find it
    assert "libdatalocatorprobe.so.7" in missing_libraries(plugin)


def test_the_wheel_ships_the_xcb_plugin() -> None:
    plugin = xcb_plugin()
    assert plugin is not None
    assert plugin.name == "libqxcb.so"


def test_launcher_explains_missing_libraries_in_one_line(tmp_path: Path) -> None:
    """With DISPLAY set but a plugin whose libraries are absent, the app says so and exits 2."""
    env = {k: v for k, v in os.environ.items() if k not in {"QT_QPA_PLATFORM", "WAYLAND_DISPLAY"}}
    env["DISPLAY"] = ":99"
    hide = (
        "import app.ui.system_libraries as s;"
        "s.missing_libraries = lambda plugin=None: ['libxcb-icccm.so.4'];"
        "from app.cli import main; raise SystemExit(main([]))"
    )
    result = subprocess.run(
        [sys.executable, "-c", hide], capture_output=True, text=True, env=env, timeout=60
    )
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert "sudo apt-get install libxcb-icccm4" in lines[0]
