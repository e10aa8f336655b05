"""The one place that turns "reverse DNS on or off, which server" into a resolver, for the
command line and the window alike."""

from __future__ import annotations

import logging

from app.core.dns.reverse import ReverseResolver
from app.core.settings import parse_dns_server

log = logging.getLogger(__name__)


def make_resolver(reverse_dns: bool, dns_server: str | None = None) -> ReverseResolver | None:
    """None when reverse DNS is off; the system's resolver, or ``dns_server`` ("IP[:PORT]").

    ValueError for a server text that does not parse (the settings and the CLI check it first,
    so the user sees their own message).
    """
    if not reverse_dns:
        return None
    if dns_server is None:
        return ReverseResolver()
    host, port = parse_dns_server(dns_server)
    return ReverseResolver(nameservers=[host], port=port)
