"""Host name → addresses (A, then AAAA), from the system's resolver or the one the user named.

The one forward look-up of the app: `locate HOST` and the accounts' servers use it. A failure
is an answer too (`ForwardAnswer.problem`, in the reader's language later), never an exception:
a server that does not resolve is something to show, not a crash.
"""

from __future__ import annotations

from dataclasses import dataclass

import dns.exception
import dns.resolver

from app.core.addresses import normalise_ip
from app.core.i18n import Message, message, verbatim
from app.core.settings import parse_dns_server

DNS_LIFETIME_S = 5.0


@dataclass(frozen=True, slots=True)
class ForwardAnswer:
    name: str
    addresses: tuple[str, ...]  # canonical texts, A answers first, no duplicates
    problem: Message | None = None  # why there are none (None when there are)


def resolve_addresses(
    name: str, server: str | None = None, lifetime: float = DNS_LIFETIME_S
) -> ForwardAnswer:
    """The A and AAAA answers for ``name`` from ``server`` ("IP[:PORT]") or the system's
    resolver; no search domains (a configured server name is meant as it is)."""
    try:
        resolver = dns.resolver.Resolver(configure=server is None)
    except dns.exception.DNSException as error:
        why = message("no DNS configuration ({error})", error=verbatim(str(error)))
        return ForwardAnswer(name, (), why)
    if server is not None:
        host, port = parse_dns_server(server)
        resolver.nameservers = [host]
        resolver.port = port
    resolver.lifetime = lifetime
    found: list[str] = []
    reasons: list[str] = []
    for rdtype in ("A", "AAAA"):
        try:
            answer = resolver.resolve(name, rdtype, search=False)
        except dns.resolver.NXDOMAIN:
            return ForwardAnswer(name, (), message("no such domain"))
        except dns.resolver.NoAnswer:
            continue
        except dns.exception.DNSException as error:
            reasons.append(str(error) or type(error).__name__)
            continue
        found.extend(normalise_ip(rdata.address) for rdata in answer)
    if found:
        return ForwardAnswer(name, tuple(dict.fromkeys(found)))
    if reasons:  # dnspython's own words (a timeout, a refusal): kept as they are
        return ForwardAnswer(name, (), verbatim(reasons[0]))
    return ForwardAnswer(name, (), message("no address records"))
