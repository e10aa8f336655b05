"""Join observed sockets with what we know of their remote ends.

Many sockets share a remote address (a browser opens several to one server), so each distinct
address is looked up once: one geo look-up and at most one PTR query per address per call.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from app.core.addresses import classify
from app.core.model import AddressScope, LocatedConnection, LocatedEndpoint, Observation

if TYPE_CHECKING:  # only types: the pipeline works with any locator and resolver passed in
    from app.core.dns.reverse import PtrAnswer, ReverseResolver
    from app.core.geo.locator import Locator

# Addresses whose PTR names say something: asking a resolver about loopback, multicast or
# documentation ranges only costs a round trip (or a time-out).
_PTR_SCOPES = frozenset({AddressScope.PUBLIC, AddressScope.LOCAL_NETWORK})


def worth_a_ptr_lookup(ip: str) -> bool:
    return classify(ip) in _PTR_SCOPES


def locate_connections(
    observations: Iterable[Observation],
    locator: Locator,
    reverse: ReverseResolver | None,
) -> list[LocatedConnection]:
    """One LocatedConnection per observation, in order; PTR names only when ``reverse`` is given.

    Blocking (DNS, at most the resolver's budget): call it off the GUI thread. Only confirmed
    PTR names may name the provider (see Locator.locate).
    """
    observations = list(observations)
    ips = list(dict.fromkeys(o.remote_ip for o in observations if o.remote_ip is not None))
    answers: dict[str, PtrAnswer] = {}
    if reverse is not None:  # one budget for the whole snapshot: a dead server costs seconds
        answers = reverse.answers_many(ip for ip in ips if worth_a_ptr_lookup(ip))
    located: dict[str, LocatedEndpoint] = {}
    for ip in ips:
        answer = answers.get(ip)
        located[ip] = (
            locator.locate(ip, answer.names, answer.confirmed)
            if answer is not None
            else locator.locate(ip)
        )
    return [
        LocatedConnection(
            observation=o,
            located=located[o.remote_ip] if o.remote_ip is not None else None,
        )
        for o in observations
    ]
