"""Mail routes from an IMAP account, against a real Dovecot on loopback (tests/fixtures/dovecot.py):
only the headers of the last N messages, read-only and unseen afterwards, grouped by sender
and located with the embedded databases; every failure said in words; the password only in the
keyring (a file keyring in tmp here), never in an error, a log line or argv."""

from __future__ import annotations

import imaplib
import json
import logging
import os
import socket
import ssl
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from keyrings.alt.file import PlaintextKeyring

from app.core.accounts.model import Security
from app.core.geo.locator import Locator
from app.core.routes.account_routes import account_routes, countries_crossed
from app.core.routes.imap_headers import (
    ImapAuthenticationFailed,
    ImapCancelled,
    ImapCertificateUntrusted,
    ImapError,
    ImapHostnameMismatch,
    ImapNotImap,
    ImapTarget,
    ImapTimeout,
    ImapUnreachable,
    fetch_headers,
    imap_target,
    sender_domain,
)
from app.core.routes.mail_password import (
    SERVICE,
    PasswordStoreUnavailable,
    forget_password,
    store_password,
    stored_password,
)
from tests.fixtures.cli import run_datalocator, without_stale_note
from tests.fixtures.dovecot import MAIL, Dovecot, dovecot, free_port, thunderbird_home
from tests.fixtures.file_keyring import file_keyring

__all__ = ["dovecot", "file_keyring"]  # the fixtures, used by name


def _tls(dv: Dovecot, host: str = "localhost") -> ImapTarget:
    return ImapTarget(host, dv.imaps_port, Security.TLS, dv.user)


def _flags(dv: Dovecot) -> list[bytes]:
    """Every message's flags, read on a second connection."""
    context = ssl.create_default_context(cafile=str(dv.cafile))
    with imaplib.IMAP4_SSL("localhost", dv.imaps_port, ssl_context=context, timeout=10) as imap:
        imap.login(dv.user, dv.password)
        imap.select("INBOX", readonly=True)
        status, data = imap.fetch("1:*", "(FLAGS)")
        assert status == "OK"
        return [line for line in data if isinstance(line, bytes)]


# --- reading the headers --------------------------------------------------------------------


def test_last_messages_headers_only_and_still_unseen(dovecot: Dovecot) -> None:
    fetched = fetch_headers(_tls(dovecot), dovecot.password, last=5, cafile=dovecot.cafile)
    total = len(dovecot.messages)
    assert [f.sequence for f in fetched] == list(range(total - 4, total + 1))
    assert [f.sender_domain for f in fetched] == [d for _, d in dovecot.messages[-5:]]
    for one, (file, _) in zip(fetched, dovecot.messages[-5:], strict=True):
        names = {
            line.split(b":")[0].lower() for line in one.headers.splitlines() if line[:1].isalpha()
        }
        assert names <= {b"received", b"from", b"date"} and b"received" in names
        original = (MAIL / file).read_bytes()
        assert b"Subject" in original and b"Subject" not in one.headers  # only the 3 fields
    flags = _flags(dovecot)
    assert len(flags) == total
    assert not any(b"\\Seen" in line for line in flags)


def test_starttls_on_the_plain_port(dovecot: Dovecot) -> None:
    target = ImapTarget("localhost", dovecot.imap_port, Security.STARTTLS, dovecot.user)
    fetched = fetch_headers(target, dovecot.password, last=2, cafile=dovecot.cafile)
    assert [f.sender_domain for f in fetched] == [d for _, d in dovecot.messages[-2:]]


def test_cancel_between_messages(dovecot: Dovecot) -> None:
    calls = []

    def cancel() -> bool:
        calls.append(1)
        return len(calls) > 2

    with pytest.raises(ImapCancelled):
        fetch_headers(_tls(dovecot), dovecot.password, cafile=dovecot.cafile, cancel=cancel)
    assert len(calls) == 3


def test_routes_grouped_by_sender_and_located(dovecot: Dovecot, embedded: Locator) -> None:
    fetched = fetch_headers(_tls(dovecot), dovecot.password, last=5, cafile=dovecot.cafile)
    routes = account_routes(fetched, embedded)
    expected = list(dict.fromkeys(d for _, d in dovecot.messages[-5:]))
    assert [domain for domain, _ in routes.groups] == expected
    assert routes.messages == 5
    assert len(routes.routes_of("gmail.com")) == 2
    # Countries from the operators' published ranges (tests/data/mail/README.md):
    # Microsoft 40.92.18.101 US; OVH 188.165.51.139 FR. Google's 209.85.220.41 is in its
    # front-end list and placed only at Google's home: no country is claimed for it.
    assert countries_crossed(routes.routes_of("gmail.com")) == ()
    assert "US" in countries_crossed(routes.routes_of("outlook.com"))
    assert countries_crossed(routes.routes_of("example.fr")) == ("FR",)
    (gmail_route, _) = routes.routes_of("gmail.com")
    google = next(hop for hop in gmail_route.hops if hop.ip == "209.85.220.41")
    assert google.company == "Google"


def test_sender_domain_of_a_header_block() -> None:
    assert sender_domain(b"From: Ivan <Ivan@Gmail.COM>\r\n\r\n") == "gmail.com"
    assert sender_domain(b"From: undisclosed-recipients:;\r\n\r\n") is None
    assert sender_domain(b"Date: Mon, 1 Jan 2024 00:00:00 +0000\r\n\r\n") is None


def test_account_settings_choose_tls_or_starttls() -> None:
    assert imap_target("h", None, None, "u") == ImapTarget("h", 993, Security.TLS, "u")
    assert imap_target("h", 143, None, "u").security is Security.STARTTLS
    assert imap_target("h", None, Security.STARTTLS, "u").port == 143
    # an account set to no encryption is still never logged in to in clear
    assert imap_target("h", 143, Security.NONE, "u").security is Security.STARTTLS


# --- every failure in words, never with the password -----------------------------------------


def _assert_secret_free(error: ImapError, secret: str, caplog: pytest.LogCaptureFixture) -> None:
    assert secret not in str(error) and secret not in repr(error.args)
    assert all(secret not in record.getMessage() for record in caplog.records)


def test_wrong_password(dovecot: Dovecot, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
    secret = "wrong-Secret-4711"
    with pytest.raises(ImapAuthenticationFailed) as caught:
        fetch_headers(_tls(dovecot), secret, cafile=dovecot.cafile)
    assert "refused the user name lea@example.test or its password" in str(caught.value)
    _assert_secret_free(caught.value, secret, caplog)


def test_untrusted_certificate(dovecot: Dovecot, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
    logged_before = len(dovecot.log.read_text())  # the server is shared by the module's tests
    with pytest.raises(ImapCertificateUntrusted) as caught:
        fetch_headers(_tls(dovecot), dovecot.password, cafile=dovecot.other_cafile)
    assert "is not trusted" in str(caught.value)
    _assert_secret_free(caught.value, dovecot.password, caplog)
    assert "Login: user=" not in dovecot.log.read_text()[logged_before:]  # nothing was sent


def test_hostname_mismatch(dovecot: Dovecot) -> None:
    """The certificate is for localhost only: by address the name does not match."""
    with pytest.raises(ImapHostnameMismatch) as caught:
        fetch_headers(_tls(dovecot, "127.0.0.1"), dovecot.password, cafile=dovecot.cafile)
    assert "made for another name" in str(caught.value)


def test_starttls_certificate_checked_too(dovecot: Dovecot) -> None:
    target = ImapTarget("localhost", dovecot.imap_port, Security.STARTTLS, dovecot.user)
    with pytest.raises(ImapCertificateUntrusted):
        fetch_headers(target, dovecot.password, cafile=dovecot.other_cafile)


@contextmanager
def _loopback_server(greeting: bytes | None, wait_s: float) -> Iterator[tuple[int, list[bytes]]]:
    """A server on 127.0.0.1 that says ``greeting`` (None: nothing) to each connection and keeps
    what it receives, reading with ``wait_s`` between looks, until the test ends."""
    server = socket.create_server(("127.0.0.1", 0))
    received: list[bytes] = []
    stop = threading.Event()

    def serve() -> None:
        server.settimeout(0.1)
        while not stop.is_set():
            try:
                conn, _ = server.accept()
            except TimeoutError:
                continue
            with conn:
                if greeting is not None:
                    conn.sendall(greeting)
                conn.settimeout(wait_s)
                while not stop.is_set():
                    try:
                        data = conn.recv(4096)
                    except TimeoutError:
                        continue
                    except OSError:
                        break
                    if not data:
                        break
                    received.append(data)

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    try:
        yield server.getsockname()[1], received
    finally:
        stop.set()
        thread.join(5)
        server.close()


@pytest.fixture
def silent_server() -> Iterator[tuple[int, list[bytes]]]:
    """A listening socket that accepts and never says anything; what it received is kept."""
    with _loopback_server(None, 0.1) as server:
        yield server


@pytest.mark.parametrize("security", [Security.TLS, Security.STARTTLS])
def test_time_out(silent_server: tuple[int, list[bytes]], security: Security) -> None:
    port, _ = silent_server
    target = ImapTarget("127.0.0.1", port, security, "lea")
    with pytest.raises(ImapTimeout) as caught:
        fetch_headers(target, "pw", timeout=0.5)
    assert "did not answer in time" in str(caught.value)


def test_refused_port() -> None:
    target = ImapTarget("127.0.0.1", free_port(), Security.TLS, "lea")
    with pytest.raises(ImapUnreachable) as caught:
        fetch_headers(target, "pw", timeout=5)
    assert "refused the connection" in str(caught.value)


def test_no_such_host() -> None:
    target = ImapTarget("no-such-host.invalid", 993, Security.TLS, "lea")
    with pytest.raises(ImapUnreachable) as caught:
        fetch_headers(target, "pw", timeout=5)
    assert "no such host" in str(caught.value)


@pytest.fixture
def ssh_server() -> Iterator[tuple[int, list[bytes]]]:
    """A socket that greets every connection as an SSH server does, and keeps what it got."""
    with _loopback_server(b"SSH-2.0-OpenSSH_9.2p1 Debian-2\r\n", 0.1) as server:
        yield server


@pytest.mark.parametrize("security", [Security.TLS, Security.STARTTLS])
def test_not_an_imap_server(ssh_server: tuple[int, list[bytes]], security: Security) -> None:
    port, received = ssh_server
    secret = "ssh-Secret-99"
    with pytest.raises(ImapNotImap) as caught:
        fetch_headers(ImapTarget("127.0.0.1", port, security, "lea"), secret, timeout=5)
    assert str(port) in str(caught.value)
    assert secret.encode() not in b"".join(received)


# --- the password in the keyring ----------------------------------------------------------------


def test_password_kept_read_and_forgotten(file_keyring: PlaintextKeyring) -> None:
    kept = {"backend": file_keyring}
    assert stored_password("lea@example.test", "localhost", **kept) is None
    store_password("lea@example.test", "localhost", "s3cret", **kept)
    assert file_keyring.get_password(SERVICE, "lea@example.test@localhost") == "s3cret"
    assert stored_password("lea@example.test", "localhost", **kept) == "s3cret"
    assert forget_password("lea@example.test", "localhost", **kept) is True
    assert stored_password("lea@example.test", "localhost", **kept) is None
    assert forget_password("lea@example.test", "localhost", **kept) is False


def test_plaintext_keyring_only_when_chosen(
    file_keyring: PlaintextKeyring, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The process's keyring is the plaintext file: refused unless the user named it."""
    monkeypatch.delenv("PYTHON_KEYRING_BACKEND", raising=False)
    monkeypatch.setenv("XDG_CONFIG_HOME", str(Path(file_keyring.file_path).parent / "cfg"))
    with pytest.raises(PasswordStoreUnavailable) as caught:
        store_password("lea@example.test", "localhost", "s3cret")
    assert "s3cret" not in str(caught.value)
    assert not Path(file_keyring.file_path).exists()
    monkeypatch.setenv("PYTHON_KEYRING_BACKEND", "keyrings.alt.file.PlaintextKeyring")
    store_password("lea@example.test", "localhost", "s3cret")
    assert stored_password("lea@example.test", "localhost") == "s3cret"
    assert forget_password("lea@example.test", "localhost") is True


# --- the command line, in a subprocess ----------------------------------------------------------


@pytest.fixture
def cli_home(cli_env: dict[str, str], dovecot: Dovecot, tmp_path: Path) -> dict[str, str]:
    """A home with Thunderbird's IMAPS account on the test Dovecot; the throw-away CA trusted
    through SSL_CERT_FILE and a plaintext keyring in tmp chosen explicitly."""
    thunderbird_home(dovecot, tmp_path / "home")
    env = {k: v for k, v in cli_env.items() if k != "DATALOCATOR_NO_USER_DIRS"}
    resources = os.environ.get("DATALOCATOR_RESOURCES")
    if resources:
        env["DATALOCATOR_RESOURCES"] = resources
    env.update(
        SSL_CERT_FILE=str(dovecot.cafile),
        PYTHON_KEYRING_BACKEND="keyrings.alt.file.PlaintextKeyring",
    )
    return env


def _kept(env: dict[str, str], dv: Dovecot) -> str | None:
    """The password the subprocess kept in its file keyring, if any."""
    backend = PlaintextKeyring()
    backend.file_path = str(Path(env["XDG_DATA_HOME"]) / "python_keyring" / "keyring_pass.cfg")
    return backend.get_password(SERVICE, f"{dv.user}@localhost")


def _trace(env: dict[str, str], *more: str, stdin: str = "") -> tuple[int, str, str]:
    done = run_datalocator("accounts", "trace", *more, env=env, stdin=stdin)
    return done.returncode, done.stdout, without_stale_note(done.stderr)


def test_cli_trace_in_english_then_kept_password_then_forgotten(
    cli_home: dict[str, str], dovecot: Dovecot
) -> None:
    code, out, err = _trace(
        cli_home, dovecot.user, "--last", "3", "--password-stdin", stdin=dovecot.password + "\n"
    )
    assert code == 0, err
    lines = out.splitlines()
    assert lines[0] == (
        "DataLocator will log in to localhost over TLS and read only the headers of your last 3 "
        "messages; nothing is changed or stored except the password, in your system keyring."
    )
    assert lines[1] == "3 messages read from localhost, by sender:"
    assert "outlook.com (1 message)" in lines
    assert "example.fr (1 message)" in lines
    at = lines.index("gmail.com (1 message)")
    # Google's server is placed only at Google's home: no country, Google's law still.
    assert lines[at + 1] == "  No country could be told for these messages."
    assert lines[at + 2].startswith("    Route of message 1 from gmail.com, oldest first")
    assert "       unknown — Google — US law reach" in lines
    assert dovecot.password not in out + err
    assert _kept(cli_home, dovecot) == dovecot.password  # kept, after the server took it

    # The second time it needs no password: none on stdin, not a terminal.
    code, out, err = _trace(cli_home, "Lea", "--last", "1", "--json")
    assert code == 0, err
    record = json.loads(out)
    assert err.startswith("DataLocator will log in to localhost")
    assert (record["host"], record["port"], record["security"]) == (
        "localhost",
        dovecot.imaps_port,
        "tls",
    )
    assert record["messages_read"] == 1
    (sender,) = record["senders"]
    assert (sender["domain"], sender["countries"], sender["leaves_eu"]) == (
        "gmail.com",
        [],  # Google's server: no country claimed (see above)
        False,
    )
    assert [hop["from_ip"] for hop in sender["messages"][0]["hops"]][1] == "209.85.220.41"

    code, out, _ = _trace(cli_home, dovecot.user, "--forget-password")
    assert code == 0
    assert (
        out == "The password for lea@example.test@localhost was deleted from the system keyring.\n"
    )
    assert _kept(cli_home, dovecot) is None
    code, out, err = _trace(cli_home, dovecot.user)
    assert code == 2
    assert "no password kept for lea@example.test@localhost" in err


def test_cli_wrong_password_in_french_never_shown(
    cli_home: dict[str, str], dovecot: Dovecot
) -> None:
    secret = "Not-The-Password-123"
    done = run_datalocator(
        "--lang",
        "fr",
        "accounts",
        "trace",
        dovecot.user,
        "--password-stdin",
        env=cli_home,
        stdin=secret + "\n",
    )
    assert done.returncode == 2
    assert done.stdout.startswith("DataLocator va se connecter à localhost")
    assert "a refusé le nom d’utilisateur lea@example.test ou son mot de passe" in done.stderr
    assert secret not in done.stdout + done.stderr
    assert _kept(cli_home, dovecot) is None  # a refused password is not kept


def test_cli_french_routes(cli_home: dict[str, str], dovecot: Dovecot) -> None:
    done = run_datalocator(
        "--lang",
        "fr",
        "accounts",
        "trace",
        dovecot.user,
        "--last",
        "2",
        "--password-stdin",
        env=cli_home,
        stdin=dovecot.password + "\n",
    )
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert lines[1] == "2 messages lus sur localhost, par expéditeur :"
    at = lines.index("example.fr (1 message)")
    assert lines[at + 1] == "  Pays traversés : France"


def test_cli_unknown_account(cli_home: dict[str, str]) -> None:
    code, _, err = _trace(cli_home, "nobody@example.test")
    assert code == 2
    assert "no account is 'nobody@example.test'" in err
