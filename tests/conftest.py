"""Shared test set-up. Qt runs offscreen: CI has no display."""

import os
import stat
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
# Never read or write the real user's settings or data from a test.
os.environ.setdefault("DATALOCATOR_NO_USER_DIRS", "1")

# Shared fixtures: tests/fixtures/, one module per real part (DNS server, mmdb files, netns hosts).
pytest_plugins = [
    "tests.fixtures.dns",
    "tests.fixtures.geo",
    "tests.fixtures.https",
    "tests.fixtures.maxmind_suite",
    "tests.fixtures.netns",
    "tests.fixtures.router_chain",
    "tests.fixtures.delayed_hosts",  # after netns, whose helpers it uses
]


TESTS = Path(__file__).resolve().parent


def _netns_files() -> frozenset[str]:
    """The test files with tests that need network namespaces (marked `netns`)."""
    root = TESTS.parent
    return frozenset(
        str(path.relative_to(root))
        for path in TESTS.rglob("test_*.py")
        if "mark.netns" in path.read_text(encoding="utf-8")
    )


@pytest.hookimpl(optionalhook=True)
def pytest_xdist_make_scheduler(config: pytest.Config, log: Any) -> Any:
    """Under pytest-xdist (`make test`), each file's tests go to one worker (their module
    fixtures — a built wheel, a sampled city file — are made once), and the files with
    network-namespace tests all go to the same worker: they share one machine-wide lock, and
    the two-minute soak would hold it past another worker's time-out. (xdist's own
    `loadgroup` cannot say this under pytest 9: its node-id suffix is no longer read.)"""
    from xdist.scheduler import LoadScopeScheduling

    netns = _netns_files()

    class ByFileNetnsTogether(LoadScopeScheduling):  # type: ignore[misc]
        def _split_scope(self, nodeid: str) -> str:
            path = nodeid.split("::", 1)[0]
            return "netns" if path in netns else path

    return ByFileNetnsTogether(config, log)


@pytest.fixture(autouse=True)
def _dev_null_stays_a_device() -> Iterator[None]:
    """Tests run as root: one that replaced /dev/null (an atomic "save" onto it) would break
    every later program on the machine. Find it, put the device back, fail that test."""
    yield
    null = Path(os.devnull)
    if not stat.S_ISCHR(null.stat().st_mode):
        null.replace(null.with_name("null.replaced-by-a-test"))
        os.mknod(null, 0o666 | stat.S_IFCHR, os.makedev(1, 3))
        null.chmod(0o666)
        pytest.fail(f"{null} was replaced by a regular file during this test")


@pytest.fixture
def cli_env(tmp_path: Path) -> dict[str, str]:
    """The environment of `python -m app` run as a user would, with user folders in tmp and no
    settings (for tests that run the command line in a subprocess)."""
    # English whatever the machine's language (a test that wants French says so).
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith("DATALOCATOR_") and k not in ("LANGUAGE", "LC_ALL", "LC_MESSAGES")
    }
    env.update(
        LANG="C.UTF-8",
        DATALOCATOR_NO_USER_DIRS="1",
        HOME=str(tmp_path / "home"),
        XDG_CONFIG_HOME=str(tmp_path / "config"),
        XDG_DATA_HOME=str(tmp_path / "data"),
        XDG_CACHE_HOME=str(tmp_path / "cache"),
        PYTHONPATH=str(Path(__file__).resolve().parents[1]),
    )
    return env
