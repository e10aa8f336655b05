"""The MaxMind account ID and licence key, kept only in the operating system's keyring.

A licence key is a password: it must never land in a settings file, a log line or an error
message. If no trustworthy keyring is available we refuse with a message saying what to do —
we never quietly fall back to writing the key to disk in clear text. keyring picks the
plaintext file backend of keyrings.alt on its own when nothing better is installed; we accept
such a non-recommended backend only when the user chose it explicitly (PYTHON_KEYRING_BACKEND
or keyring's keyringrc.cfg) or the caller passes it in.
"""

from __future__ import annotations

import logging
import os
from dataclasses import dataclass, field

import keyring
import keyring.core
import keyring.errors
from keyring.backend import KeyringBackend
from keyring.backends import chainer, fail, null

from app.core.i18n import N_, Message, TranslatableError, message

log = logging.getLogger(__name__)

SERVICE = "DataLocator"
ACCOUNT_ID_USER = "maxmind-account-id"
LICENSE_KEY_USER = "maxmind-license-key"

_ADVICE = message(
    "install or unlock a system keyring (GNOME Keyring/KWallet via Secret Service, macOS "
    "Keychain or Windows Credential Locker), or choose a keyring backend explicitly with "
    "PYTHON_KEYRING_BACKEND"
)


class SecretStoreUnavailable(TranslatableError, RuntimeError):
    """No keyring we may trust with the licence key; the message says what to do."""


class CredentialsError(TranslatableError, ValueError):
    """Credentials typed wrong (a ValueError, as before); the message says how they look."""


@dataclass(frozen=True, slots=True)
class MaxMindCredentials:
    """Basic-auth credentials for MaxMind downloads. `repr` never shows the key."""

    account_id: str
    license_key: str = field(repr=False)

    def __post_init__(self) -> None:
        if not self.account_id.strip().isdigit():
            raise CredentialsError(
                message("the MaxMind account ID is a number (see 'My Account' on maxmind.com)")
            )
        if not self.license_key.strip() or any(c.isspace() for c in self.license_key.strip()):
            raise CredentialsError(message("the MaxMind licence key is empty or contains spaces"))
        object.__setattr__(self, "account_id", self.account_id.strip())
        object.__setattr__(self, "license_key", self.license_key.strip())


def _name(backend: KeyringBackend) -> str:
    cls = type(backend)
    return f"{cls.__module__}.{cls.__qualname__}"


def _priority(backend: KeyringBackend) -> float:
    try:
        return float(backend.priority)
    except Exception:  # noqa: BLE001 — a backend reports "not viable" by raising anything
        return -1.0


def _explicitly_chosen(backend: KeyringBackend) -> bool:
    """True when the user named this backend's class in keyring's own configuration."""
    wanted = os.environ.get("PYTHON_KEYRING_BACKEND", "").strip()
    if not wanted:
        try:
            configured = keyring.core.load_config()
        except Exception:  # a broken keyringrc must not crash us
            log.warning("keyring's configuration file could not be read", exc_info=True)
            return False
        return configured is not None and type(configured) is type(backend)
    return wanted == _name(backend)


def usable_backend(backend: KeyringBackend | None = None) -> KeyringBackend:
    """The keyring to use, or SecretStoreUnavailable with a clear reason.

    `backend=None` means keyring's current backend (auto-detected or set via set_keyring);
    a backend passed in explicitly counts as the caller's deliberate choice.
    """
    explicit = backend is not None
    current = backend if backend is not None else keyring.get_keyring()
    effective = current
    if isinstance(current, chainer.ChainerBackend):
        chained = list(current.backends)
        if not chained:
            raise SecretStoreUnavailable(
                message("No usable keyring backend was found; {advice}.", advice=_ADVICE)
            )
        effective = chained[0]  # the chainer writes to its first backend
    if isinstance(effective, fail.Keyring | null.Keyring):
        raise SecretStoreUnavailable(
            message(
                "No usable keyring backend was found ({backend}); {advice}.",
                backend=_name(effective),
                advice=_ADVICE,
            )
        )
    if _priority(effective) < 1 and not (explicit or _explicitly_chosen(effective)):
        raise SecretStoreUnavailable(
            message(
                "Only the non-recommended keyring backend {backend} is available, which may "
                "store secrets unencrypted; DataLocator will not put your licence key there "
                "unless you choose it explicitly. To fix: {advice}.",
                backend=_name(effective),
                advice=_ADVICE,
            )
        )
    return current


_ACTIONS = {
    "save": N_("The keyring could not save the MaxMind credentials ({error}); {advice}."),
    "read": N_("The keyring could not read the MaxMind credentials ({error}); {advice}."),
    "delete": N_("The keyring could not delete the MaxMind credentials ({error}); {advice}."),
}


def _keyring_failed(action: str, error: Exception) -> SecretStoreUnavailable:
    # Keyring errors never contain the secret itself, but keep only the class and text.
    return SecretStoreUnavailable(
        Message(
            _ACTIONS[action],
            (("error", f"{type(error).__name__}: {error}"), ("advice", _ADVICE)),
        )
    )


def store_maxmind_credentials(
    credentials: MaxMindCredentials, *, backend: KeyringBackend | None = None
) -> None:
    """Save both values in the keyring (service "DataLocator")."""
    store = usable_backend(backend)
    try:
        store.set_password(SERVICE, ACCOUNT_ID_USER, credentials.account_id)
        store.set_password(SERVICE, LICENSE_KEY_USER, credentials.license_key)
    except (keyring.errors.KeyringError, OSError, NotImplementedError) as error:
        raise _keyring_failed("save", error) from None
    log.info("MaxMind credentials saved in the keyring (%s)", _name(store))


def load_maxmind_credentials(*, backend: KeyringBackend | None = None) -> MaxMindCredentials | None:
    """The stored credentials, or None when none (or only half of them) are stored."""
    store = usable_backend(backend)
    try:
        account_id = store.get_password(SERVICE, ACCOUNT_ID_USER)
        license_key = store.get_password(SERVICE, LICENSE_KEY_USER)
    except (keyring.errors.KeyringError, OSError) as error:
        raise _keyring_failed("read", error) from None
    if not account_id or not license_key:
        return None
    try:
        return MaxMindCredentials(account_id, license_key)
    except ValueError:
        log.warning("the MaxMind credentials in the keyring are malformed; ignoring them")
        return None


def delete_maxmind_credentials(*, backend: KeyringBackend | None = None) -> bool:
    """Remove both values; True if anything was removed."""
    store = usable_backend(backend)
    removed = False
    for user in (ACCOUNT_ID_USER, LICENSE_KEY_USER):
        try:
            store.delete_password(SERVICE, user)
            removed = True
        except keyring.errors.PasswordDeleteError:
            continue
        except (keyring.errors.KeyringError, OSError) as error:
            raise _keyring_failed("delete", error) from None
    return removed
