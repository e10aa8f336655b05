"""Where a mail domain's mail is kept, found with DNS alone (no autoconfig web request).

In order of trust: the service catalogue when the domain is a known service's (gmail.com); the
domain's SRV records (RFC 6186 `_imaps._tcp`…, RFC 8314 `_submissions._tcp`); the MX hosts when
they belong to a known service (a custom domain on Google Workspace keeps its mail at Google);
else a usual name (`imap.<domain>`, `mail.<domain>`) that answers, marked as a guess. The MX
hosts are always listed, as transit: mail arrives there, which is not always where it stays.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from app.core.accounts.catalogue import Service, ServiceCatalogue
from app.core.accounts.model import AccountServer, FoundBy, ServerRole
from app.core.dns.forward import Dns, RecordsAnswer
from app.core.i18n import Message, message

# (SRV owner label, protocol, role), the preferred (TLS) form of each first.
SRV_SERVICES = (
    ("_imaps._tcp", "imap", ServerRole.STORES),
    ("_imap._tcp", "imap", ServerRole.STORES),
    ("_pop3s._tcp", "pop3", ServerRole.STORES),
    ("_pop3._tcp", "pop3", ServerRole.STORES),
    ("_submissions._tcp", "smtp", ServerRole.TRANSIT),
    ("_submission._tcp", "smtp", ServerRole.TRANSIT),
)
GUESSES = (("imap", 993, "imap"), ("mail", 993, "imap"))
MX_PORT = 25


@dataclass(frozen=True, slots=True)
class MailDomain:
    domain: str
    servers: tuple[AccountServer, ...]
    service: Service | None  # the catalogue's service, when the domain or its MX is one
    problems: tuple[Message, ...]  # look-ups that failed (a timeout…), not "none published"


def mail_domain(domain: str, dns: Dns, catalogue: ServiceCatalogue) -> MailDomain:
    """The servers that keep and carry ``domain``'s mail (a checked host name)."""
    service = catalogue.by_mail_domain(domain)
    if service is not None:
        known = tuple(replace(s, found_by=FoundBy.CATALOGUE) for s in service.servers)
        return MailDomain(domain, known, service, ())
    problems: list[Message] = []
    servers: list[AccountServer] = []
    for label, protocol, role in SRV_SERVICES:
        answer = dns.services(f"{label}.{domain}")
        _note(answer, problems)
        if answer.problem is not None:  # DNS is failing (off, silent): ask no more
            return MailDomain(domain, tuple(servers), None, tuple(problems))
        servers += [
            AccountServer(t.host, t.port, protocol, role, FoundBy.SRV) for t in answer.targets
        ]
    mx = dns.mail_exchangers(domain)
    _note(mx, problems)
    servers += [
        AccountServer(t.host, MX_PORT, "smtp", ServerRole.TRANSIT, FoundBy.MX) for t in mx.targets
    ]
    if not any(s.role is ServerRole.STORES for s in servers):
        for target in mx.targets:
            service = catalogue.by_host(target.host)
            if service is not None and service.kind == "mail":
                servers += [
                    replace(s, found_by=FoundBy.CATALOGUE)
                    for s in service.servers
                    if s.role is ServerRole.STORES
                ]
                break
    if not any(s.role is ServerRole.STORES for s in servers) and not problems:
        for prefix, port, protocol in GUESSES:
            name = f"{prefix}.{domain}"
            if dns.addresses(name).addresses:
                servers.append(
                    AccountServer(name, port, protocol, ServerRole.STORES, FoundBy.GUESS)
                )
                break
    return MailDomain(domain, tuple(dict.fromkeys(servers)), service, tuple(problems))


def _note(answer: RecordsAnswer, problems: list[Message]) -> None:
    if answer.problem is not None:
        problems.append(message("{name}: {reason}", name=answer.name, reason=answer.problem))
