"""Where the map shows the user's accounts: one pin per account and place its data are stored
in (its storing servers' located addresses), drawn unlike connection marks so a person sees
"my mail is here, my photos are there" at once. Qt-free; the map scene places them."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from app.core.accounts.links import account_label
from app.core.accounts.model import AccountKind
from app.core.accounts.placing import PlacedAccount
from app.core.map_marks import UNKNOWN_JURISDICTION
from app.core.model import AddressScope, LocationKind


@dataclass(frozen=True, slots=True)
class AccountPin:
    key: str  # "<account key>@<place>": stable while the account's places do not change
    account_key: str
    label: str  # the account's address or name (data)
    kind: AccountKind
    country_code: str | None
    city: str | None
    lon: float | None  # None: somewhere in the country (the map picks its point)
    lat: float | None
    provider: str | None
    jurisdiction: str  # the regime's colour, as the connection marks use


def account_pins(placed: Iterable[PlacedAccount]) -> tuple[AccountPin, ...]:
    """A pin per account and place; an edge or an address on the user's own network has no
    place to pin (the account panel says why)."""
    pins: dict[str, AccountPin] = {}
    for item in placed:
        verdicts = {
            id(located): verdict
            for server in item.servers
            for located, verdict in zip(server.located, server.verdicts, strict=True)
        }
        for located in item.storage:
            location = located.location
            if (
                located.scope is not AddressScope.PUBLIC
                or location is None
                or location.kind is LocationKind.EDGE
                or not location.country_code
            ):
                continue
            exact = location.kind is not LocationKind.ZONE and location.latitude is not None
            lat = location.latitude if exact else None
            lon = location.longitude if exact else None
            place = f"{location.country_code}:{lat}:{lon}"
            key = f"{item.account.key}@{place}"
            if key in pins:
                continue
            verdict = verdicts.get(id(located))
            pins[key] = AccountPin(
                key=key,
                account_key=item.account.key,
                label=account_label(item.account),
                kind=item.account.kind,
                country_code=location.country_code.upper(),
                city=location.city if exact else None,
                lon=lon,
                lat=lat,
                provider=located.provider.name if located.provider else None,
                jurisdiction=verdict.category.value if verdict else UNKNOWN_JURISDICTION,
            )
    return tuple(pins.values())
