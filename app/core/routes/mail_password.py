"""The IMAP password lent for reading mail routes, kept only in the operating system's keyring.

A password must never land in a settings file, a log line, an error message or a command
line: it is asked once, kept under the service "DataLocator IMAP" and the user "user@host",
and deleted when the user asks. Which keyrings are trustworthy is decided as for the MaxMind
key (app.core.geo.secrets.usable_backend): a plaintext backend only when chosen explicitly.
"""

from __future__ import annotations

import logging

import keyring.errors
from keyring.backend import KeyringBackend

from app.core.geo.secrets import SecretStoreUnavailable, usable_backend
from app.core.i18n import TranslatableError, message

log = logging.getLogger(__name__)

SERVICE = "DataLocator IMAP"


class PasswordStoreUnavailable(TranslatableError):
    """No keyring we may trust with the password, or the keyring failed; never the password."""


def keyring_user(user: str, host: str) -> str:
    """The keyring's user name for a login on a server: ``user@host``."""
    return f"{user}@{host}"


def _store(backend: KeyringBackend | None) -> KeyringBackend:
    try:
        return usable_backend(backend)
    except SecretStoreUnavailable:
        raise PasswordStoreUnavailable(
            message(
                "no trustworthy system keyring is available to keep the mail password "
                "(install or unlock GNOME Keyring or KWallet, or choose a keyring backend "
                "with PYTHON_KEYRING_BACKEND)"
            )
        ) from None


def _failed(action: str, error: Exception) -> PasswordStoreUnavailable:
    # Keyring errors never contain the secret; keep only the class name to be sure.
    log.warning("the keyring could not %s the mail password (%s)", action, type(error).__name__)
    return PasswordStoreUnavailable(
        message("the system keyring failed ({error})", error=type(error).__name__)
    )


def stored_password(user: str, host: str, *, backend: KeyringBackend | None = None) -> str | None:
    """The password kept for ``user`` on ``host``, or None."""
    store = _store(backend)
    try:
        return store.get_password(SERVICE, keyring_user(user, host))
    except (keyring.errors.KeyringError, OSError) as error:
        raise _failed("read", error) from None


def store_password(
    user: str, host: str, password: str, *, backend: KeyringBackend | None = None
) -> None:
    """Keep the password in the keyring (after the server accepted it)."""
    store = _store(backend)
    try:
        store.set_password(SERVICE, keyring_user(user, host), password)
    except (keyring.errors.KeyringError, OSError, NotImplementedError) as error:
        raise _failed("save", error) from None
    log.info("mail password for %s kept in the keyring", keyring_user(user, host))


def forget_password(user: str, host: str, *, backend: KeyringBackend | None = None) -> bool:
    """Delete the kept password; True if there was one."""
    store = _store(backend)
    try:
        store.delete_password(SERVICE, keyring_user(user, host))
    except keyring.errors.PasswordDeleteError:
        return False
    except (keyring.errors.KeyringError, OSError) as error:
        raise _failed("delete", error) from None
    log.info("mail password for %s deleted from the keyring", keyring_user(user, host))
    return True
