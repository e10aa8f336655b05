"""MaxMind credentials through the real keyring API, with keyrings.alt file backends in tmp dirs."""

from __future__ import annotations

import configparser
from collections.abc import Iterator
from pathlib import Path

import keyring
import pytest
from keyring.backend import KeyringBackend
from keyring.backends import chainer, fail, null
from keyrings.alt.file import PlaintextKeyring

from app.core.geo.secrets import (
    ACCOUNT_ID_USER,
    LICENSE_KEY_USER,
    SERVICE,
    MaxMindCredentials,
    SecretStoreUnavailable,
    delete_maxmind_credentials,
    load_maxmind_credentials,
    store_maxmind_credentials,
    usable_backend,
)

KEY = "s3cretLicenceKey_0001"
CREDENTIALS = MaxMindCredentials("424242", KEY)
PLAINTEXT = "keyrings.alt.file.PlaintextKeyring"


@pytest.fixture(autouse=True)
def isolated_keyring(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """keyring's own config and data roots point into tmp; the global backend is restored."""
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    monkeypatch.delenv("PYTHON_KEYRING_BACKEND", raising=False)
    previous = keyring.get_keyring()
    yield
    keyring.set_keyring(previous)


def file_keyring(path: Path) -> PlaintextKeyring:
    backend = PlaintextKeyring()
    backend.file_path = str(path)
    return backend


def stored(path: Path) -> configparser.RawConfigParser:
    config = configparser.RawConfigParser()
    config.read(path, encoding="utf-8")
    return config


def test_round_trip_through_a_backend_the_user_chose(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PYTHON_KEYRING_BACKEND", PLAINTEXT)  # the user's explicit choice
    path = tmp_path / "keyring_pass.cfg"
    keyring.set_keyring(file_keyring(path))

    assert load_maxmind_credentials() is None
    store_maxmind_credentials(CREDENTIALS)

    assert load_maxmind_credentials() == CREDENTIALS
    assert keyring.get_password(SERVICE, LICENSE_KEY_USER) == KEY
    assert keyring.get_password(SERVICE, ACCOUNT_ID_USER) == "424242"
    assert stored(path).sections()  # it really went to the file backend in tmp
    assert delete_maxmind_credentials() is True
    assert load_maxmind_credentials() is None
    assert delete_maxmind_credentials() is False


def test_backend_passed_in_is_used_without_touching_the_global_one(tmp_path: Path) -> None:
    backend = file_keyring(tmp_path / "explicit.cfg")
    store_maxmind_credentials(CREDENTIALS, backend=backend)
    assert load_maxmind_credentials(backend=backend) == CREDENTIALS
    assert backend.get_password(SERVICE, LICENSE_KEY_USER) == KEY


def test_auto_detected_plaintext_backend_is_refused_not_silently_used(tmp_path: Path) -> None:
    path = tmp_path / "keyring_pass.cfg"
    keyring.set_keyring(file_keyring(path))  # what keyring picks when only keyrings.alt exists

    with pytest.raises(SecretStoreUnavailable, match="non-recommended keyring backend") as caught:
        store_maxmind_credentials(CREDENTIALS)

    assert PLAINTEXT in str(caught.value)
    assert "PYTHON_KEYRING_BACKEND" in str(caught.value)
    assert not path.exists()


class EmptyChainer(chainer.ChainerBackend):
    """A chainer that found no backend to chain (a machine with no keyring at all)."""

    backends = ()


@pytest.mark.parametrize(
    "backend", [fail.Keyring(), null.Keyring(), EmptyChainer()], ids=["fail", "null", "chainer"]
)
def test_no_usable_backend_gives_a_clear_error_for_every_operation(
    backend: KeyringBackend, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    keyring.set_keyring(backend)
    for operation in (
        lambda: store_maxmind_credentials(CREDENTIALS),
        load_maxmind_credentials,
        delete_maxmind_credentials,
    ):
        with pytest.raises(SecretStoreUnavailable, match="No usable keyring backend") as caught:
            operation()
        assert KEY not in str(caught.value)
    # Naming it explicitly does not make a backend that cannot store anything usable.
    monkeypatch.setenv(
        "PYTHON_KEYRING_BACKEND", f"{type(backend).__module__}.{type(backend).__qualname__}"
    )
    with pytest.raises(SecretStoreUnavailable):
        usable_backend()
    assert list(tmp_path.rglob("*.cfg")) == []  # nothing fell back to a file


def test_keyring_write_failure_is_reported_without_the_key(tmp_path: Path) -> None:
    blocker = tmp_path / "not-a-directory"
    blocker.write_text("x")
    backend = file_keyring(blocker / "keyring_pass.cfg")  # its folder cannot be created

    with pytest.raises(SecretStoreUnavailable, match="could not save") as caught:
        store_maxmind_credentials(CREDENTIALS, backend=backend)

    assert KEY not in str(caught.value)
    assert caught.value.__cause__ is None


def test_credentials_never_show_the_key_and_are_validated() -> None:
    assert KEY not in repr(CREDENTIALS)
    assert "424242" in repr(CREDENTIALS)
    assert MaxMindCredentials(" 424242 ", f" {KEY}\n") == CREDENTIALS
    with pytest.raises(ValueError, match="account ID is a number"):
        MaxMindCredentials("me@example.org", KEY)
    with pytest.raises(ValueError, match="licence key is empty"):
        MaxMindCredentials("424242", "  ")
