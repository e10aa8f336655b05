"""The `Received:` headers of the user's last messages, read from their IMAP server.

The user lends us their password for one look, so the look is as small as IMAP allows: TLS
with a verified certificate before anything is said (IMAPS, or STARTTLS where the account says
so — never a login in clear), the inbox opened read-only (EXAMINE), and for the last N
messages only ``BODY.PEEK[HEADER.FIELDS (RECEIVED FROM DATE)]``: no body, and PEEK so no
message becomes \\Seen. Every failure is said in the user's words (`ImapError` subclasses);
none of them carries the password. Blocking: call it off the GUI thread; ``cancel`` is checked
between messages.
"""

from __future__ import annotations

import email.parser
import email.policy
import imaplib
import logging
import re
import socket
import ssl
from collections.abc import Callable
from dataclasses import dataclass, field
from email.utils import getaddresses
from pathlib import Path
from typing import Any

from app.core.accounts.model import Security
from app.core.i18n import TranslatableError, message

log = logging.getLogger(__name__)

IMAPS_PORT = 993
IMAP_PORT = 143
DEFAULT_LAST = 20
DEFAULT_TIMEOUT = 15.0  # seconds per network operation
MAX_LAST = 500
MAX_LITERAL = 256 * 1024  # a header block larger than this is a hostile server, not a message
_HEADER_FIELDS = "(BODY.PEEK[HEADER.FIELDS (RECEIVED FROM DATE)])"
_EXISTS = re.compile(rb"^\d+$")
# OpenSSL's X509_V_ERR_HOSTNAME_MISMATCH and X509_V_ERR_IP_ADDRESS_MISMATCH.
_NAME_MISMATCH_CODES = frozenset({62, 64})


class ImapError(TranslatableError):
    """Reading the headers failed; the message says why in the user's words."""


class ImapAuthenticationFailed(ImapError):
    """The server refused the user name or password."""


class ImapCertificateUntrusted(ImapError):
    """The server's certificate is not signed by an authority this computer trusts."""


class ImapHostnameMismatch(ImapError):
    """The certificate is trusted but made for another name than the server's."""


class ImapTimeout(ImapError):
    """The server did not answer in time."""


class ImapUnreachable(ImapError):
    """No such host, or the connection was refused."""


class ImapNotImap(ImapError):
    """Something answers on the port, but not an IMAP server (or not over TLS)."""


class ImapNoStartTls(ImapError):
    """A plain port whose server does not offer STARTTLS: we will not log in in clear."""


class ImapMailboxMissing(ImapError):
    """The inbox cannot be opened."""


class ImapCancelled(ImapError):
    """The user stopped the reading."""


@dataclass(frozen=True, slots=True)
class ImapTarget:
    """Where to log in: ``security`` is TLS (IMAPS) or STARTTLS; never plain."""

    host: str
    port: int
    security: Security
    user: str


@dataclass(frozen=True, slots=True)
class FetchedHeaders:
    """One message's header block (Received, From, Date only) and its sender's domain.

    ``sender_domain`` is the domain of the From: address in lower case (untrusted data, as
    the whole block), None when the From: gives none.
    """

    sequence: int
    sender_domain: str | None
    headers: bytes = field(repr=False)


def imap_target(host: str, port: int | None, security: Security | None, user: str) -> ImapTarget:
    """The target an account's settings give: port 143 (or STARTTLS said) upgrades with
    STARTTLS; anything else is TLS from the start (993 by default). An account set to no
    encryption is tried with STARTTLS: the password never goes in clear."""
    if security is Security.TLS:
        return ImapTarget(host, port or IMAPS_PORT, Security.TLS, user)
    if security in (Security.STARTTLS, Security.NONE) or port == IMAP_PORT:
        return ImapTarget(host, port or IMAP_PORT, Security.STARTTLS, user)
    return ImapTarget(host, port or IMAPS_PORT, Security.TLS, user)


def fetch_headers(
    target: ImapTarget,
    password: str,
    *,
    last: int = DEFAULT_LAST,
    timeout: float = DEFAULT_TIMEOUT,
    cafile: Path | None = None,
    cancel: Callable[[], bool] | None = None,
) -> tuple[FetchedHeaders, ...]:
    """The header blocks of the inbox's last ``last`` messages, oldest first."""
    last = max(1, min(last, MAX_LAST))
    context = ssl.create_default_context(cafile=str(cafile) if cafile else None)
    connection = _connect(target, context, timeout)
    try:
        _login(connection, target, password)
        count = _examine_inbox(connection, target)
        fetched = []
        for sequence in range(max(1, count - last + 1), count + 1):
            if cancel is not None and cancel():
                raise ImapCancelled(message("stopped before all the headers were read"))
            fetched.append(_fetch_one(connection, target, sequence))
        log.info("read the headers of %d messages from %s", len(fetched), target.host)
        return tuple(fetched)
    finally:
        _logout(connection)


# --- connection -----------------------------------------------------------------------------


class _Bounded:
    """Refuses a literal larger than MAX_LITERAL before reading it into memory."""

    def read(self, size: int) -> bytes:
        if size > MAX_LITERAL:
            raise imaplib.IMAP4.abort(f"a literal of {size} bytes is more than a header block")
        return imaplib.IMAP4.read(self, size)  # type: ignore[arg-type]


class _Imap(_Bounded, imaplib.IMAP4):
    pass


class _ImapSsl(_Bounded, imaplib.IMAP4_SSL):
    pass


def _connect(target: ImapTarget, context: ssl.SSLContext, timeout: float) -> imaplib.IMAP4:
    where = f"{target.host}:{target.port}"
    try:
        if target.security is Security.TLS:
            return _ImapSsl(target.host, target.port, ssl_context=context, timeout=timeout)
        connection = _Imap(target.host, target.port, timeout=timeout)
    except ssl.SSLCertVerificationError as error:
        raise _certificate_error(error, target) from None
    except ssl.SSLError as error:
        log.info("TLS with %s failed: %s", where, error)
        raise ImapNotImap(
            message(
                "{server} does not speak IMAP over TLS (the TLS handshake failed: {reason})",
                server=where,
                reason=error.reason or type(error).__name__,
            )
        ) from None
    except imaplib.IMAP4.error as error:
        raise _not_imap(where, error) from None
    except OSError as error:
        raise _network_error(error, target) from None
    try:
        if "STARTTLS" not in connection.capabilities:
            raise ImapNoStartTls(
                message(
                    "{server} does not offer STARTTLS: DataLocator will not send your password "
                    "without encryption",
                    server=where,
                )
            )
        connection.starttls(ssl_context=context)
    except ImapError:
        _close(connection)
        raise
    except ssl.SSLCertVerificationError as error:
        _close(connection)
        raise _certificate_error(error, target) from None
    except (imaplib.IMAP4.error, ssl.SSLError) as error:
        _close(connection)
        raise ImapNotImap(
            message("{server}: STARTTLS failed ({reason})", server=where, reason=str(error)[:200])
        ) from None
    except OSError as error:
        _close(connection)
        raise _network_error(error, target) from None
    return connection


def _certificate_error(error: ssl.SSLCertVerificationError, target: ImapTarget) -> ImapError:
    log.info("certificate of %s refused: %s", target.host, error.verify_message)
    if error.verify_code in _NAME_MISMATCH_CODES:
        return ImapHostnameMismatch(
            message(
                "the certificate of {server} is made for another name: it may not be your "
                "mail server (nothing was sent)",
                server=target.host,
            )
        )
    return ImapCertificateUntrusted(
        message(
            "the certificate of {server} is not trusted ({reason}): nothing was sent",
            server=target.host,
            reason=error.verify_message or "?",
        )
    )


def _network_error(error: OSError, target: ImapTarget) -> ImapError:
    where = f"{target.host}:{target.port}"
    if isinstance(error, TimeoutError | socket.timeout):
        return ImapTimeout(message("{server} did not answer in time", server=where))
    if isinstance(error, socket.gaierror):
        return ImapUnreachable(message("no such host: {server}", server=target.host))
    if isinstance(error, ConnectionRefusedError):
        return ImapUnreachable(message("{server} refused the connection", server=where))
    return ImapUnreachable(
        message("cannot reach {server} ({reason})", server=where, reason=error.strerror or "?")
    )


def _not_imap(where: str, error: imaplib.IMAP4.error) -> ImapError:
    log.info("%s did not greet as an IMAP server: %s", where, str(error)[:200])
    return ImapNotImap(message("{server} is not an IMAP server", server=where))


def _login(connection: imaplib.IMAP4, target: ImapTarget, password: str) -> None:
    try:
        if target.user.isascii() and password.isascii():
            connection.login(target.user, password)
        else:  # LOGIN is ASCII only; SASL PLAIN carries UTF-8
            plain = f"\0{target.user}\0{password}".encode()
            connection.authenticate("PLAIN", lambda _challenge: plain)
    except imaplib.IMAP4.abort as error:
        raise _lost(target, error) from None
    except imaplib.IMAP4.error:
        raise ImapAuthenticationFailed(
            message(
                "{server} refused the user name {user} or its password",
                server=target.host,
                user=target.user,
            )
        ) from None
    except OSError as error:
        raise _network_error(error, target) from None


def _answer(
    target: ImapTarget, command: Callable[[], tuple[str, list[Any]]]
) -> tuple[str, list[Any]]:
    """A command's status and data: a refusal is "NO" for the caller to say in its words; a
    dropped connection or a network failure is said here."""
    try:
        return command()
    except imaplib.IMAP4.abort as error:
        raise _lost(target, error) from None
    except imaplib.IMAP4.error:
        return "NO", []
    except OSError as error:
        raise _network_error(error, target) from None


def _examine_inbox(connection: imaplib.IMAP4, target: ImapTarget) -> int:
    status, data = _answer(target, lambda: connection.select("INBOX", readonly=True))  # EXAMINE
    count = data[0] if data else None
    if status != "OK" or not isinstance(count, bytes) or not _EXISTS.match(count):
        raise ImapMailboxMissing(
            message(
                "the inbox of {user} on {server} cannot be opened",
                user=target.user,
                server=target.host,
            )
        )
    return int(count)


def _fetch_one(connection: imaplib.IMAP4, target: ImapTarget, sequence: int) -> FetchedHeaders:
    status, data = _answer(target, lambda: connection.fetch(str(sequence), _HEADER_FIELDS))
    block = b"".join(
        part[1] for part in data if isinstance(part, tuple) and isinstance(part[1], bytes)
    )
    if status != "OK":
        log.info("message %d of %s could not be fetched", sequence, target.host)
    return FetchedHeaders(sequence, sender_domain(block), block)


def _lost(target: ImapTarget, error: imaplib.IMAP4.abort) -> ImapError:
    log.info("connection to %s lost: %s", target.host, str(error)[:200])
    return ImapNotImap(message("{server} ended the connection unexpectedly", server=target.host))


def _logout(connection: imaplib.IMAP4) -> None:
    try:
        connection.logout()
    except (imaplib.IMAP4.error, OSError):
        _close(connection)


def _close(connection: imaplib.IMAP4) -> None:
    try:
        connection.shutdown()
    except OSError:
        log.debug("closing the IMAP connection failed", exc_info=True)


def sender_domain(headers: bytes) -> str | None:
    """The From: address's domain in lower case, or None."""
    parsed = email.parser.BytesHeaderParser(policy=email.policy.compat32).parsebytes(headers)
    value = parsed.get("From")
    if value is None:
        return None
    for _, address in getaddresses([str(value)]):
        domain = address.rpartition("@")[2].strip().strip(".").lower()
        if "@" in address and domain:
            return domain[:255]
    return None
