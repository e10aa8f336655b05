"""The window's Anonymise switch, without a window: what each value becomes, the same token for
the same value, and the catch-all that takes addresses, e-mails and names out of any text."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest

from app.core.accounts.catalogue import ServiceCatalogue
from app.core.accounts.model import Account, AccountKind, AccountServer, ServerRole
from app.core.accounts.placing import PlacedAccount
from app.core.anonymise import (
    AS_IS,
    MIN_NAME,
    Anonymiser,
    OwnNamesHidden,
    own_names,
    shown_endpoint,
)
from app.core.model import Endpoint
from app.core.providers import ProviderRegistry


@pytest.fixture(scope="module")
def catalogue() -> ServiceCatalogue:
    return ServiceCatalogue.load()


@pytest.fixture(scope="module")
def registry() -> ProviderRegistry:
    return ProviderRegistry.load()


def hider(catalogue: ServiceCatalogue, registry: ProviderRegistry) -> Anonymiser:
    return Anonymiser(catalogue, registry, ["alice"], ["alice-laptop"])


def placed(name: str, address: str | None, service: str | None, kind: AccountKind) -> PlacedAccount:
    server = AccountServer("imap.alice-home.example", 993, "imap", ServerRole.STORES)
    account = Account(
        f"tb:{name}", kind, "Thunderbird", name, address, (server,), Path("/x"), service
    )
    return PlacedAccount(account, ())


def test_values_become_tokens_the_same_value_the_same_token(
    catalogue: ServiceCatalogue, registry: ProviderRegistry
) -> None:
    shown = hider(catalogue, registry)
    assert shown.ip("51.38.112.20") == "[IP 1]"
    assert shown.ip("2a00:1450:400b:c01::6c") == "[IP 2]"
    assert shown.ip("51.38.112.20") == "[IP 1]"
    assert shown.host("imap.gmail.com") == "imap.gmail.com"  # documented for everyone
    assert shown.host("vps-5f3c2a.vps.ovh.net") == "*.ovh.net"  # whose VPS: hidden
    assert shown.host("nas.alice-home.example") == "[host 1]"
    assert shown.host("nas.alice-home.example") == "[host 1]"


def test_any_text_loses_addresses_e_mails_and_the_computers_names(
    catalogue: ServiceCatalogue, registry: ProviderRegistry
) -> None:
    shown = hider(catalogue, registry)
    text = (
        "alice-laptop (alice) wrote to bob@example.org from 192.168.1.23:51002 via "
        "[2a01:e0a::23]:443 at 09:00:00, Python 3.11.7"
    )
    said = shown.text(text)
    for private in ("alice", "bob@example.org", "192.168.1.23", "2a01:e0a::23"):
        assert private not in said
    assert said.startswith("[computer] ([user]) wrote to [e-mail 1] from [IP 1]:51002")
    assert "09:00:00" in said and "3.11.7" in said  # times and versions are not addresses
    assert shown.text("bob@example.org") == "[e-mail 1]"


def test_accounts_are_named_by_their_service_and_hidden_inside_text(
    catalogue: ServiceCatalogue, registry: ProviderRegistry
) -> None:
    shown = hider(catalogue, registry)
    gmail = placed("Alice perso", "alice.private@gmail.com", "gmail", AccountKind.MAIL)
    work = placed("Work box", "a.b@corp.example", None, AccountKind.MAIL)
    photos = placed("Family photos", None, None, AccountKind.FILES)
    shown.learn_accounts([gmail, work, photos])
    assert shown.account("alice.private@gmail.com") == "Gmail"
    assert shown.account("a.b@corp.example") == "[mail account 2]"
    assert shown.account("Family photos") == "[files account 3]"
    said = shown.text("Your mail a.b@corp.example (Work box) is stored by OVHcloud in France.")
    assert said == "Your mail [mail account 2] ([mail account 2]) is stored by OVHcloud in France."
    assert shown.text("Networking at work") == "Networking at work"  # whole words only


def test_an_endpoint_keeps_which_names_are_confirmed(
    catalogue: ServiceCatalogue, registry: ProviderRegistry
) -> None:
    shown = hider(catalogue, registry)
    endpoint = Endpoint("51.38.112.20", ("nas.alice.example", "x.ovh.net"), ("x.ovh.net",))
    assert shown_endpoint(endpoint, shown) == Endpoint(
        "[IP 1]", ("[host 1]", "*.ovh.net"), ("*.ovh.net",)
    )
    assert shown_endpoint(endpoint, AS_IS) is endpoint


def test_as_is_changes_nothing() -> None:
    assert not AS_IS.hiding
    assert AS_IS.text("alice@example.org 192.0.2.1") == "alice@example.org 192.0.2.1"
    assert (AS_IS.ip("192.0.2.1"), AS_IS.host("a.example"), AS_IS.account("x")) == (
        "192.0.2.1",
        "a.example",
        "x",
    )


def test_tokens_hold_across_threads(
    catalogue: ServiceCatalogue, registry: ProviderRegistry
) -> None:
    """The table formats rows off the GUI thread: one address, one token, whoever asks."""
    shown = hider(catalogue, registry)
    addresses = [f"203.0.113.{n}" for n in range(1, 101)]
    seen: list[dict[str, str]] = []

    def work() -> None:
        seen.append({ip: shown.ip(ip) for ip in addresses})

    threads = [threading.Thread(target=work) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert all(tokens == seen[0] for tokens in seen)
    assert len(set(seen[0].values())) == len(addresses)


def test_this_computers_names_are_read_from_the_system() -> None:
    import getpass
    import socket

    users, machines = own_names()
    if len(getpass.getuser()) >= MIN_NAME:
        assert getpass.getuser() in users
    host = socket.gethostname()
    if len(host) >= MIN_NAME:
        assert host in machines
    assert all(len(name) >= MIN_NAME for name in (*users, *machines))


def test_a_demo_hides_only_this_computers_names() -> None:
    """The persona's addresses and e-mails are made up and shown; the trainer's names are not."""
    shown = OwnNamesHidden(["alice"], ["alice-laptop", "vm"])
    said = shown.text("/home/alice/Documents on alice-laptop: lea.martin.demo@gmail.com 51.38.0.1")
    assert said == "/home/[user]/Documents on [computer]: lea.martin.demo@gmail.com 51.38.0.1"
    assert shown.text("VMware") == "VMware"  # a two-letter name is not hidden inside words
    assert not shown.hiding and shown.ip("51.38.0.1") == "51.38.0.1"
