"""Shared test set-up. Qt runs offscreen: CI has no display."""

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
# Never read or write the real user's settings or data from a test.
os.environ.setdefault("DATALOCATOR_NO_USER_DIRS", "1")

# Shared fixtures: tests/fixtures/, one module per real part (DNS server, mmdb files, netns hosts).
pytest_plugins = [
    "tests.fixtures.dns",
    "tests.fixtures.geo",
    "tests.fixtures.https",
    "tests.fixtures.netns",
]
