"""Evolution's mail sources and GNOME Online Accounts, from fixture files in a temporary home
folder laid out as the two programs write them."""

from __future__ import annotations

from pathlib import Path

from app.core.accounts.gnome import EVOLUTION_SOURCES, GOA_ACCOUNTS, discover
from app.core.accounts.model import AccountKind, Security, ServerRole
from app.core.accounts.userdirs import UserDirs
from app.core.routes.account_routes import imap_login, imap_server
from app.core.routes.imap_headers import ImapTarget

EVOLUTION = {
    "acc-imap": """[Data Source]
DisplayName=Lea at work
Enabled=true
Parent=

[Mail Account]
BackendName=imapx
IdentityUid=id-lea

[Authentication]
Host=mail.example.org
Method=PLAIN
Port=993
User=lea

[Security]
Method=ssl-on-alternate-port
""",
    "id-lea": """[Data Source]
DisplayName=Lea
Parent=acc-imap

[Mail Identity]
Address=lea@example.org

[Mail Submission]
TransportUid=tr-lea
""",
    "tr-lea": """[Data Source]
DisplayName=Lea (SMTP)

[Mail Transport]
BackendName=smtp

[Authentication]
Host=smtp.example.org
Port=587

[Security]
Method=starttls-on-standard-port
""",
    "acc-local": """[Data Source]
DisplayName=On This Computer

[Mail Account]
BackendName=maildir
""",
    "acc-bad": """[Data Source]
DisplayName=Odd

[Mail Account]
BackendName=pop

[Authentication]
Host=pop.example.org\u202e.evil
""",
}

GOA = """[Account account_1_0]
Provider=google
Identity=lea.example@gmail.com
PresentationIdentity=lea.example@gmail.com
MailEnabled=true
CalendarEnabled=true

[Account account_2_0]
Provider=imap_smtp
Identity=camille
PresentationIdentity=camille@laposte.net
Enabled=true
ImapHost=imap.laposte.net
ImapUserName=camille
ImapUseSsl=true
SmtpHost=smtp.laposte.net
SmtpUseTls=true

[Account account_3_0]
Provider=owncloud
Identity=lea
PresentationIdentity=lea@cloud.example.fr
Uri=https://cloud.example.fr/remote.php/webdav
FilesEnabled=true

[Account account_4_0]
Provider=google
PresentationIdentity=calendar-only@gmail.com
MailEnabled=false
"""


def home_with(tmp_path: Path) -> Path:
    sources = tmp_path / EVOLUTION_SOURCES
    sources.mkdir(parents=True)
    for uid, text in EVOLUTION.items():
        (sources / f"{uid}.source").write_text(text, encoding="utf-8")
    goa = tmp_path / GOA_ACCOUNTS
    goa.parent.mkdir(parents=True)
    goa.write_text(GOA, encoding="utf-8")
    return tmp_path


def test_evolution_and_online_accounts(tmp_path: Path) -> None:
    accounts, problems = discover(UserDirs(home_with(tmp_path)))
    assert problems == ()
    by_key = {a.key: a for a in accounts}
    # Evolution: the IMAP account with its identity's address and its transport as transit;
    # the local one and the one with no usable host name are left out.
    work = by_key.pop("evolution:acc-imap")
    assert (work.client, work.name, work.address) == ("Evolution", "Lea at work", "lea@example.org")
    assert [(s.host, s.port, s.protocol, s.role) for s in work.servers] == [
        ("mail.example.org", 993, "imap", ServerRole.STORES),
        ("smtp.example.org", 587, "smtp", ServerRole.TRANSIT),
    ]
    # GNOME Online Accounts: Gmail's fixed servers, a generic IMAP account, a Nextcloud
    # (files); the account with mail turned off is not a mail account.
    gmail = by_key.pop("goa:account_1_0")
    assert gmail.address == "lea.example@gmail.com"
    assert [s.host for s in gmail.servers] == ["imap.gmail.com", "smtp.gmail.com"]
    laposte = by_key.pop("goa:account_2_0")
    assert [(s.host, s.role) for s in laposte.servers] == [
        ("imap.laposte.net", ServerRole.STORES),
        ("smtp.laposte.net", ServerRole.TRANSIT),
    ]
    cloud = by_key.pop("goa:account_3_0")
    assert cloud.kind is AccountKind.FILES
    assert [(s.host, s.protocol) for s in cloud.servers] == [("cloud.example.fr", "webdav")]
    assert by_key == {}


def test_security_and_login_names_lead_to_the_imap_login(tmp_path: Path) -> None:
    """What `accounts trace` and the window log in with: the client's own login name and
    encryption, else the address and TLS on 993."""
    accounts, _ = discover(UserDirs(home_with(tmp_path)))
    by_key = {a.key: a for a in accounts}
    work = by_key["evolution:acc-imap"]
    assert [(s.security, s.user) for s in work.servers] == [
        (Security.TLS, "lea"),
        (Security.STARTTLS, None),
    ]
    assert imap_login(work) == ImapTarget("mail.example.org", 993, Security.TLS, "lea")
    laposte = by_key["goa:account_2_0"]
    assert [(s.security, s.user) for s in laposte.servers] == [
        (Security.TLS, "camille"),
        (Security.STARTTLS, None),
    ]
    assert imap_login(laposte) == ImapTarget("imap.laposte.net", 993, Security.TLS, "camille")
    gmail = by_key["goa:account_1_0"]  # GOA's fixed servers name no user: the address logs in
    assert imap_login(gmail) == ImapTarget(
        "imap.gmail.com", 993, Security.TLS, "lea.example@gmail.com"
    )
    assert imap_server(by_key["goa:account_3_0"]) is None  # files: nothing to trace
    assert imap_login(by_key["goa:account_3_0"]) is None


def test_nothing_configured_is_no_problem(tmp_path: Path) -> None:
    assert discover(UserDirs(tmp_path)) == ((), ())


def test_a_garbled_source_is_named_and_the_others_still_read(tmp_path: Path) -> None:
    home = home_with(tmp_path)
    broken = home / EVOLUTION_SOURCES / "broken.source"
    broken.write_bytes(b"[Data Source\n\xff\x00DisplayName")
    accounts, problems = discover(UserDirs(home))
    assert [p.path for p in problems] == [broken]
    assert "evolution:acc-imap" in {a.key for a in accounts}
