"""The desktop entry and AppStream metainfo validate with the freedesktop tools."""

import configparser
import shutil
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
DESKTOP = ROOT / "packaging/linux/org.datalocator.DataLocator.desktop"
METAINFO = ROOT / "packaging/linux/org.datalocator.DataLocator.metainfo.xml"
ICON = ROOT / "resources/icons/org.datalocator.DataLocator.svg"


def _run(tool: str, *args: str) -> subprocess.CompletedProcess[str]:
    if shutil.which(tool) is None:
        pytest.skip(f"{tool} is not installed (make test installs it as root with apt)")
    return subprocess.run([tool, *args], capture_output=True, text=True, check=False, timeout=60)


def test_desktop_entry_validates() -> None:
    result = _run("desktop-file-validate", str(DESKTOP))
    assert result.returncode == 0, result.stdout + result.stderr
    assert "error" not in result.stdout.lower()


def test_metainfo_validates() -> None:
    result = _run("appstreamcli", "validate", "--no-net", str(METAINFO))
    assert result.returncode == 0, result.stdout + result.stderr


def test_desktop_entry_launches_our_command_and_icon() -> None:
    entry = configparser.ConfigParser(interpolation=None)
    entry.optionxform = str  # type: ignore[assignment,method-assign]
    entry.read(DESKTOP, encoding="utf-8")
    section = entry["Desktop Entry"]
    pyproject = (ROOT / "pyproject.toml").read_text()
    assert f'{section["Exec"].split()[0]} = "app.cli:main"' in pyproject
    assert ICON.stem == section["Icon"]
    assert ET.parse(ICON).getroot().tag.endswith("svg")
    component = ET.parse(METAINFO).getroot()
    assert component.findtext("launchable") == DESKTOP.name
