"""KMail's accounts from the KConfig files KMail and Akonadi write in ``~/.config`` (an IMAP and
a POP3 resource, their names, identities and transports); the secrets in them are never kept."""

from __future__ import annotations

from pathlib import Path

from app.core.accounts.kde import MAX_RESOURCES, discover
from app.core.accounts.model import Account, AccountKind, ServerRole
from app.core.accounts.userdirs import UserDirs
from app.core.i18n import translations

SECRET = "kwallet-less-p4ssw0rd"

IMAP = f"""[cache]
AccountIdentity=1402338273
DisconnectedModeEnabled=true
IntervalCheckTime=5
UseDefaultIdentity=false

[network]
Authentication=7
ImapServer=imap.example.org
ImapPort=993
Safety=SSL
UserName=lea@example.org
Password={SECRET}

[siever]
SieveSupport=true
"""

POP3 = f"""[General]
authenticationMethod=7
host=pop.free.fr
login=camille
password={SECRET}
storePassword=true
useSSL=true
targetCollection=12
"""

IMAP_OLD_STYLE = """[network]
ImapServer=mail.example.net:1993
Safety=STARTTLS
UserName=old
"""

AGENT_IMAP = """[Agent]
Name=Lea at work
DesiredOnlineState=true
"""

IDENTITIES = f"""[Default]
Default Identity=987654321

[Identity #0]
Email Address=camille@free.fr
Identity=Camille
Name=Camille Martin
Transport=
uoid=987654321

[Identity #1]
Email Address=lea@example.org
Identity=Work
Name=Léa Dupont
PGP Signing Key={SECRET}
Transport=1122334455
uoid=1402338273
"""

TRANSPORTS = f"""[General]
default-transport=555666777

[Transport 1122334455]
auth=true
authtype=PLAIN
encryption=TLS
host=smtp.example.org
id=1122334455
name=Work SMTP
port=587
user=lea@example.org
password={SECRET}
storepass=true

[Transport 555666777]
encryption=SSL
host=smtp.free.fr
id=555666777
name=Free
port=465
user=camille

[Transport 42]
id=42
identifier=akonadi_ewsmta_resource_0
name=Exchange
"""


def kde_home(tmp_path: Path, config: str = ".config") -> Path:
    folder = tmp_path / config
    (folder / "akonadi").mkdir(parents=True)
    for name, text in (
        ("akonadi_imap_resource_0rc", IMAP),
        ("akonadi_pop3_resource_1rc", POP3),
        ("akonadi/agent_config_akonadi_imap_resource_0", AGENT_IMAP),
        ("emailidentities", IDENTITIES),
        ("mailtransports", TRANSPORTS),
        ("akonadi_maildir_resource_0rc", "[General]\nPath=/home/lea/.local/share/local-mail/\n"),
        ("kmail2rc", f"[General]\nfirst-start=false\nsecret={SECRET}\n"),
    ):
        (folder / name).write_text(text, encoding="utf-8")
    return tmp_path


def servers(account: Account) -> list[tuple[str, int | None, str, ServerRole]]:
    return [(s.host, s.port, s.protocol, s.role) for s in account.servers]


def test_imap_and_pop3_resources_with_their_identities_and_transports(tmp_path: Path) -> None:
    home = kde_home(tmp_path)
    accounts, problems = discover(UserDirs(home))
    assert problems == ()
    imap, pop = accounts  # no local maildir resource
    assert (imap.client, imap.kind, imap.name, imap.address) == (
        "KMail",
        AccountKind.MAIL,
        "Lea at work",  # the name from Akonadi's agent config
        "lea@example.org",  # its own identity, not the default one
    )
    assert servers(imap) == [
        ("imap.example.org", 993, "imap", ServerRole.STORES),
        ("smtp.example.org", 587, "smtp", ServerRole.TRANSIT),  # the identity's transport
    ]
    assert imap.source == home / ".config" / "akonadi_imap_resource_0rc"
    assert (pop.name, pop.address) == ("pop.free.fr", "camille@free.fr")  # default identity
    assert servers(pop) == [
        ("pop.free.fr", 110, "pop3", ServerRole.STORES),  # pop3resource.kcfg's default port
        ("smtp.free.fr", 465, "smtp", ServerRole.TRANSIT),  # the default transport
    ]
    assert len({a.key for a in accounts}) == 2
    assert SECRET not in repr(accounts)


def test_host_and_port_in_one_value_and_no_transports(tmp_path: Path) -> None:
    config = tmp_path / ".config"
    config.mkdir()
    (config / "akonadi_imap_resource_3rc").write_text(IMAP_OLD_STYLE, encoding="utf-8")
    (accounts, problems) = discover(UserDirs(tmp_path))
    assert problems == ()
    (account,) = accounts
    assert (account.name, account.address) == ("mail.example.net", None)
    assert servers(account) == [("mail.example.net", 1993, "imap", ServerRole.STORES)]


def test_the_flatpak_configuration_folder(tmp_path: Path) -> None:
    kde_home(tmp_path, ".var/app/org.kde.kmail2/config")
    accounts, problems = discover(UserDirs(tmp_path))
    assert problems == () and len(accounts) == 2


def test_hostile_host_names_give_no_server(tmp_path: Path) -> None:
    config = tmp_path / ".config"
    config.mkdir()
    (config / "akonadi_imap_resource_0rc").write_text(
        "[network]\nImapServer=imap.example.org; rm -rf /\n", encoding="utf-8"
    )
    (config / "akonadi_pop3_resource_0rc").write_text(
        "[General]\nhost=pop.example.org\u202e.evil\n", encoding="utf-8"
    )
    assert discover(UserDirs(tmp_path)) == ((), ())


def test_a_broken_transports_file_is_named_and_the_accounts_kept(tmp_path: Path) -> None:
    home = kde_home(tmp_path)
    (home / ".config" / "mailtransports").write_bytes(b"[Transport 1\nhost=x\n\xff")
    accounts, problems = discover(UserDirs(home))
    assert [p.path.name for p in problems] == ["mailtransports"]
    assert [len(a.servers) for a in accounts] == [1, 1]  # no SMTP server, the stores kept


def test_the_number_of_resources_read_is_bounded(tmp_path: Path) -> None:
    config = tmp_path / ".config"
    config.mkdir()
    for number in range(MAX_RESOURCES + 5):
        (config / f"akonadi_imap_resource_{number}rc").write_text(
            f"[network]\nImapServer=imap{number}.example.org\n", encoding="utf-8"
        )
    accounts, problems = discover(UserDirs(tmp_path))
    assert len(accounts) == MAX_RESOURCES
    (problem,) = problems
    assert problem.path == config
    assert problem.reason.text(translations("en")) == f"more than {MAX_RESOURCES} files"
