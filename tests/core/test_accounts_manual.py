"""Accounts added by hand: what a person types is checked, a mail domain's servers are found
with DNS only (a real DNS server on 127.0.0.1 serving fixture MX/SRV/A zones), and nothing
secret is ever kept."""

from __future__ import annotations

import pytest

from app.core.accounts.catalogue import ServiceCatalogue
from app.core.accounts.entries import EntryError, EntryKind, mail_entry, parse_entry, url_entry
from app.core.accounts.mail_domain import mail_domain
from app.core.accounts.manual import entry_account
from app.core.accounts.model import FoundBy, ServerRole
from app.core.dns.forward import DnsClient, NoDns
from app.core.i18n import message, translations
from tests.fixtures.dns import DnsTestServer

NO_DNS = NoDns(message("DNS is turned off in the settings"))


@pytest.fixture(scope="module")
def catalogue() -> ServiceCatalogue:
    return ServiceCatalogue.load()


def client(server: DnsTestServer, lifetime: float = 3.0) -> DnsClient:
    return DnsClient(f"{server.host}:{server.port}", lifetime)


@pytest.mark.parametrize(
    ("typed", "kept"),
    [
        ("lea@example.org", "mail:lea@example.org"),
        ("  Lea.Martin@EXAMPLE.ORG ", "mail:Lea.Martin@example.org"),
        ("lea@exämple.org", "mail:lea@xn--exmple-cua.org"),
    ],
)
def test_a_mail_address_is_kept_with_its_domain_in_lower_case(typed: str, kept: str) -> None:
    entry = mail_entry(typed)
    assert entry.text == kept
    assert parse_entry(entry.text) == entry


@pytest.mark.parametrize(
    "typed",
    [
        "lea",
        "lea@",
        "@example.org",
        "lea@localhost",
        "lea@192.0.2.1",
        "a b@example.org",
        "<x>@example.org",
        "lea@exa mple.org",
        "lea@-bad.org",
        "x" * 65 + "@example.org",
        "lea@example.org\nBcc: all@example.org",
    ],
)
def test_what_is_not_a_mail_address_is_refused_in_words(typed: str) -> None:
    with pytest.raises(EntryError) as raised:
        mail_entry(typed)
    assert "is not an e-mail address" in raised.value.text(translations("en"))
    assert "n’est pas une adresse" in raised.value.text(translations("fr"))


def test_a_url_keeps_its_server_and_path_but_never_a_password() -> None:
    entry = url_entry("https://lea:hunter2@Cloud.Example.org:8443/remote.php/dav")
    assert entry.kind is EntryKind.URL
    assert entry.value == "https://cloud.example.org:8443/remote.php/dav"
    assert "hunter2" not in repr(entry) and "lea" not in entry.value
    assert url_entry("nas.example.org").value == "https://nas.example.org"


@pytest.mark.parametrize(
    "typed",
    [
        "javascript:alert(1)",
        "file:///etc/passwd",
        "https://",
        "https://exa mple.org/",
        "ftp://files.example.org",
        "https://example.org:99999/",
    ],
)
def test_what_names_no_web_server_is_refused(typed: str) -> None:
    with pytest.raises(EntryError):
        url_entry(typed)


def test_srv_records_say_where_mail_is_kept_and_mx_where_it_arrives(
    dns_server: DnsTestServer, catalogue: ServiceCatalogue
) -> None:
    dns_server.add("_imaps._tcp.example.test", "SRV", "0 1 993 imap.example.test.")
    dns_server.add("_submission._tcp.example.test", "SRV", "0 1 587 smtp.example.test.")
    dns_server.add("_pop3s._tcp.example.test", "SRV", "0 0 0 .")  # RFC 6186: not offered
    dns_server.add("example.test", "MX", "20 mx2.example.test.")
    dns_server.add("example.test", "MX", "10 mx1.example.test.")
    found = mail_domain("example.test", client(dns_server), catalogue)
    assert found.problems == ()
    assert found.service is None
    assert [(s.host, s.port, s.protocol, s.role, s.found_by) for s in found.servers] == [
        ("imap.example.test", 993, "imap", ServerRole.STORES, FoundBy.SRV),
        ("smtp.example.test", 587, "smtp", ServerRole.TRANSIT, FoundBy.SRV),
        ("mx1.example.test", 25, "smtp", ServerRole.TRANSIT, FoundBy.MX),
        ("mx2.example.test", 25, "smtp", ServerRole.TRANSIT, FoundBy.MX),
    ]
    # Nothing was guessed: the domain said where its mail is.
    assert ("imap.example.test", "A") not in dns_server.queries


def test_a_custom_domain_whose_mx_is_a_known_service_keeps_its_mail_there(
    dns_server: DnsTestServer, catalogue: ServiceCatalogue
) -> None:
    dns_server.add("family.test", "MX", "1 aspmx.l.google.com.")
    found = mail_domain("family.test", client(dns_server), catalogue)
    gmail = catalogue.by_host("aspmx.l.google.com")
    assert gmail is not None and gmail.kind == "mail"
    stores = [s for s in found.servers if s.role is ServerRole.STORES]
    assert stores and all(s.found_by is FoundBy.CATALOGUE for s in stores)
    assert {s.host for s in stores} == {
        s.host for s in gmail.servers if s.role is ServerRole.STORES
    }


def test_a_known_mail_domain_needs_no_dns(
    dns_server: DnsTestServer, catalogue: ServiceCatalogue
) -> None:
    service = catalogue.by_mail_domain("gmail.com")
    assert service is not None
    account = entry_account(mail_entry("lea@gmail.com"), client(dns_server), catalogue)
    assert account.service == service.id
    assert dns_server.queries == []
    assert {s.host for s in account.servers} == {s.host for s in service.servers}


def test_without_srv_a_usual_name_that_answers_is_a_guess_said_as_such(
    dns_server: DnsTestServer, catalogue: ServiceCatalogue
) -> None:
    dns_server.add("small.test", "MX", "10 mx.hoster.test.")
    dns_server.add("imap.small.test", "A", "51.38.0.1")
    found = mail_domain("small.test", client(dns_server), catalogue)
    assert [(s.host, s.found_by) for s in found.servers if s.role is ServerRole.STORES] == [
        ("imap.small.test", FoundBy.GUESS)
    ]


def test_a_domain_that_does_not_exist_is_said_and_nothing_is_guessed(
    dns_server: DnsTestServer, catalogue: ServiceCatalogue
) -> None:
    found = mail_domain("nowhere.test", client(dns_server), catalogue)
    assert found.servers == ()
    assert [p.text(translations("en")) for p in found.problems] == ["nowhere.test: no such domain"]
    assert ("imap.nowhere.test", "A") not in dns_server.queries


def test_a_silent_dns_server_gives_a_problem_per_question_not_a_hang(
    black_hole_dns: DnsTestServer, catalogue: ServiceCatalogue
) -> None:
    account = entry_account(mail_entry("lea@example.test"), client(black_hole_dns, 0.3), catalogue)
    assert account.servers == ()
    assert account.problems
    assert all("example.test" in p.text(translations("en")) for p in account.problems)


def test_a_cname_chain_is_followed_and_said(dns_server: DnsTestServer) -> None:
    dns_server.add("mail.example.test", "CNAME", "ghs.hoster.test.")
    dns_server.add("ghs.hoster.test", "A", "51.38.0.1")
    answer = client(dns_server).addresses("mail.example.test")
    assert answer.addresses == ("51.38.0.1",)
    assert answer.canonical == "ghs.hoster.test"


def test_a_service_entry_takes_the_catalogue_servers(catalogue: ServiceCatalogue) -> None:
    service = catalogue.services[0]
    entry = parse_entry(f"service:{service.id}")
    account = entry_account(entry, NO_DNS, catalogue)
    assert account.service == service.id and account.name == service.name
    assert all(s.found_by is FoundBy.CATALOGUE for s in account.servers)
    gone = entry_account(parse_entry("service:no-such-service"), NO_DNS, catalogue)
    assert gone.servers == () and gone.problems
