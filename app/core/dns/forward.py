"""Host names → addresses (A, then AAAA), and a mail domain's MX and SRV records, from the
system's resolver or the one the user named.

The forward look-ups of the app: `locate HOST`, the accounts' servers and the mail addresses
the user types use them. A failure is an answer too (a `problem`, in the reader's language
later), never an exception: a server that does not resolve is something to show, not a crash.
"""

from __future__ import annotations

import errno
import time
from dataclasses import dataclass
from typing import Protocol

import dns.exception
import dns.name
import dns.resolver

from app.core.addresses import normalise_ip
from app.core.i18n import Message, message
from app.core.settings import parse_dns_server

DNS_LIFETIME_S = 5.0


@dataclass(frozen=True, slots=True)
class ForwardAnswer:
    name: str
    addresses: tuple[str, ...]  # canonical texts, A answers first, no duplicates
    problem: Message | None = None  # why there are none (None when there are)
    canonical: str | None = None  # where a CNAME chain led, when it led elsewhere


@dataclass(frozen=True, slots=True)
class ServiceTarget:
    """One MX or SRV answer: the host it names, its port (SRV) and its preference."""

    host: str  # lower case, no trailing dot
    port: int | None
    priority: int


@dataclass(frozen=True, slots=True)
class RecordsAnswer:
    name: str
    targets: tuple[ServiceTarget, ...]  # in order of preference
    problem: Message | None = None  # why there are none (None for "none published")


class Dns(Protocol):
    """What the accounts need from DNS; `DnsClient` asks a resolver, `NoDns` asks nothing."""

    def addresses(self, name: str) -> ForwardAnswer: ...
    def mail_exchangers(self, domain: str) -> RecordsAnswer: ...
    def services(self, name: str) -> RecordsAnswer: ...


@dataclass(frozen=True, slots=True)
class DnsClient:
    """The system's resolver, or ``server`` ("IP[:PORT]"); no search domains (a configured
    server name is meant as it is)."""

    server: str | None = None
    lifetime: float = DNS_LIFETIME_S

    def addresses(self, name: str) -> ForwardAnswer:
        return resolve_addresses(name, self.server, self.lifetime)

    def mail_exchangers(self, domain: str) -> RecordsAnswer:
        """The MX hosts of ``domain``, best first; a null MX (RFC 7505) means none."""
        answer, problem = _query(domain, "MX", self.server, self.lifetime)
        if answer is None:
            return RecordsAnswer(domain, (), problem)
        targets = [
            ServiceTarget(_host(rdata.exchange), None, rdata.preference)
            for rdata in answer
            if rdata.exchange != dns.name.root
        ]
        return RecordsAnswer(domain, tuple(sorted(targets, key=lambda t: t.priority)))

    def services(self, name: str) -> RecordsAnswer:
        """The SRV targets of ``name`` (RFC 2782), best first; a target "." (RFC 6186: the
        service is not offered) gives none."""
        answer, problem = _query(name, "SRV", self.server, self.lifetime, absent_ok=True)
        if answer is None:
            return RecordsAnswer(name, (), problem)
        targets = [
            ServiceTarget(_host(rdata.target), rdata.port, rdata.priority)
            for rdata in answer
            if rdata.target != dns.name.root
        ]
        return RecordsAnswer(name, tuple(sorted(targets, key=lambda t: t.priority)))


@dataclass(frozen=True, slots=True)
class NoDns:
    """DNS turned off by the user: every question answered with that reason."""

    reason: Message

    def addresses(self, name: str) -> ForwardAnswer:
        return ForwardAnswer(name, (), self.reason)

    def mail_exchangers(self, domain: str) -> RecordsAnswer:
        return RecordsAnswer(domain, (), self.reason)

    def services(self, name: str) -> RecordsAnswer:
        return RecordsAnswer(name, (), self.reason)


_NO_ROUTE = frozenset({errno.ENETUNREACH, errno.EHOSTUNREACH, errno.ENETDOWN, errno.EADDRNOTAVAIL})


def dns_problem(error: dns.exception.DNSException) -> Message:
    """What went wrong, in plain words (dnspython's own text names servers, classes and
    seconds): no answer in time, no network, a refusal, or no DNS configured. "No such name"
    is not a problem of the server and is said where NXDOMAIN is caught."""
    if isinstance(error, dns.exception.Timeout):
        return message("the DNS server did not answer")
    if isinstance(error, dns.resolver.NoResolverConfiguration):
        return message("no DNS server is configured on this computer")
    if isinstance(error, dns.resolver.NoNameservers):
        failures = [entry[3] for entry in error.kwargs.get("errors") or () if len(entry) > 3]
        if any(isinstance(e, OSError) and e.errno in _NO_ROUTE for e in failures):
            return message("no network: the DNS server cannot be reached")
        if any(isinstance(e, ConnectionRefusedError) for e in failures):
            return message("the DNS server refused the connection")
        return message("the DNS server refused to answer")
    return message("the DNS look-up failed")


def _host(name: dns.name.Name) -> str:
    return name.to_text(omit_final_dot=True).lower()


def _resolver(server: str | None, lifetime: float) -> dns.resolver.Resolver:
    resolver = dns.resolver.Resolver(configure=server is None)
    if server is not None:
        host, port = parse_dns_server(server)
        resolver.nameservers = [host]
        resolver.port = port
    resolver.lifetime = lifetime
    return resolver


def _query(
    name: str, rdtype: str, server: str | None, lifetime: float, absent_ok: bool = False
) -> tuple[dns.resolver.Answer | None, Message | None]:
    """The answer, or None and why; "no records of that type" is None without a problem, and
    so is "no such name" when ``absent_ok`` (an SRV owner exists only where one is published)."""
    try:
        return _resolver(server, lifetime).resolve(name, rdtype, search=False), None
    except dns.resolver.NXDOMAIN:
        return None, None if absent_ok else message("no such domain")
    except dns.resolver.NoAnswer:
        return None, None
    except dns.exception.DNSException as error:
        return None, dns_problem(error)


def resolve_addresses(
    name: str, server: str | None = None, lifetime: float = DNS_LIFETIME_S
) -> ForwardAnswer:
    """The A and AAAA answers for ``name`` from ``server`` ("IP[:PORT]") or the system's
    resolver; no search domains (a configured server name is meant as it is)."""
    try:
        resolver = _resolver(server, lifetime)
    except dns.exception.DNSException as error:
        why = dns_problem(error)
        return ForwardAnswer(name, (), why)
    found: list[str] = []
    reasons: list[Message] = []
    canonical: str | None = None
    deadline = time.monotonic() + lifetime  # one budget for both questions
    for rdtype in ("A", "AAAA"):
        resolver.lifetime = max(0.05, deadline - time.monotonic())
        try:
            answer = resolver.resolve(name, rdtype, search=False)
        except dns.resolver.NXDOMAIN:
            return ForwardAnswer(name, (), message("no such domain"))
        except dns.resolver.NoAnswer:
            continue
        except dns.exception.Timeout as error:  # the other question would wait as long
            reasons.append(dns_problem(error))
            break
        except dns.exception.DNSException as error:
            reasons.append(dns_problem(error))
            continue
        found.extend(normalise_ip(rdata.address) for rdata in answer)
        target = _host(answer.canonical_name)
        if target != name.rstrip(".").lower():
            canonical = target
    if found:
        return ForwardAnswer(name, tuple(dict.fromkeys(found)), canonical=canonical)
    if reasons:
        return ForwardAnswer(name, (), reasons[0])
    return ForwardAnswer(name, (), message("no address records"))
