"""A message's route: hops located with the real embedded databases, private hops never
located, forged-looking hops claimed by the next server, countries crossed and the EU/EEA.

Expected countries and companies come from the address blocks' registrations and the
operators' published mail ranges (tests/data/mail/README.md), not from the locator's output.
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from app.core.geo.locator import Locator
from app.core.i18n import translations
from app.core.jurisdiction import Jurisdiction
from app.core.model import AddressScope, Endpoint, LocatedEndpoint, Location
from app.core.routes.mail_route import Doubt, MailRoute, mail_route
from app.core.routes.received import Hop, ReceivedChain, read_received
from app.core.routes.shown import mail_summary

MAIL = Path(__file__).resolve().parents[1] / "data" / "mail"


def route_of(name: str, locator: Locator) -> MailRoute:
    return mail_route(read_received((MAIL / name).read_bytes()), locator)


class Recording:
    """A locator that says every address is in one country, and remembers what it was asked."""

    def __init__(self, country: str = "FR") -> None:
        self.asked: list[str] = []
        self.country = country

    def locate(self, ip: str) -> LocatedEndpoint:
        self.asked.append(ip)
        return LocatedEndpoint(Endpoint(ip), AddressScope.PUBLIC, Location(self.country))


def hop(index: int, **fields: object) -> Hop:
    values: dict[str, object] = {
        "from_name": None,
        "from_ip": None,
        "by_name": None,
        "by_ip": None,
        "protocol": None,
        "time": None,
        "raw": "",
    }
    values.update(fields)
    return Hop(index, **values)  # type: ignore[arg-type]


def test_gmail_to_ovh_passes_a_google_server_whose_place_is_unknown(embedded: Locator) -> None:
    route = route_of("gmail.eml", embedded)
    first, google, store = route.hops
    assert first.ip is None and first.doubts == (Doubt.NO_ADDRESS,) and first.located is None
    # ARIN: 209.85.128.0/17 is Google LLC's, registered in the US, and in Google's front-end
    # list: "US" is only Google's home, so no country is claimed; Google's law still reaches it.
    assert (google.country_code, google.company, google.trusted) == (None, "Google", True)
    assert google.law is Jurisdiction.US_REACH
    assert google.verdict_text("fr")  # the locator's sentence, in the reader's language
    # OVH's mail exchanger hands the message to its store over its own network: trusted.
    assert store.scope is AddressScope.LOCAL_NETWORK and store.located is None and store.trusted
    assert route.countries == () and route.outside_eu == () and not route.leaves_eu
    assert route.unplaced == 1


def test_ovh_sender_stays_in_the_eu(embedded: Locator) -> None:
    route = route_of("ovh.eml", embedded)
    assert [h.scope for h in route.hops] == [
        AddressScope.LOCAL_NETWORK,
        AddressScope.LOCAL_NETWORK,
        AddressScope.PUBLIC,
    ]
    last = route.hops[-1]
    # RIPE: 188.165.0.0/16 is OVH SAS, FR.
    assert (last.country_code, last.company, last.law) == ("FR", "OVHcloud", Jurisdiction.EU_GDPR)
    assert route.countries == ("FR",) and not route.leaves_eu


def test_proton_is_in_switzerland_outside_the_eu_eea(embedded: Locator) -> None:
    route = route_of("proton.eml", embedded)
    # RIPE: 185.70.40.0/22 is Proton AG, CH (published in _spf.protonmail.ch).
    assert [(h.country_code, h.company) for h in route.hops] == [("CH", "Proton")]
    assert route.hops[0].law is Jurisdiction.ADEQUACY
    assert route.outside_eu == ("CH",)


def test_outlook_hops_microsoft_and_link_local(embedded: Locator) -> None:
    route = route_of("outlook.eml", embedded)
    mapi, internal, outbound = route.hops
    assert mapi.scope is AddressScope.LOCAL_NETWORK and mapi.located is None and mapi.trusted
    # ARIN: 2603:1000::/24 and 40.64.0.0/10 (40.92.0.0/15 in Microsoft's published Exchange
    # Online ranges) are Microsoft Corporation's, US.
    assert internal.country_code == "US" and outbound.country_code == "US"
    assert outbound.company == "Microsoft"
    assert route.countries == ("US",)


def test_documentation_and_loopback_addresses_are_never_located() -> None:
    recording = Recording()
    for name in ("postfix.eml", "exim.eml", "sendmail.eml", "exchange.eml"):
        route = mail_route(read_received((MAIL / name).read_bytes()), recording)
        assert all(h.located is None for h in route.hops)
        assert route.countries == ()
    assert recording.asked == []


def test_private_after_public_is_claimed_unless_linked() -> None:
    chain = ReceivedChain(
        (
            hop(1, from_name="a.example", from_ip="192.0.2.1", by_name="mx.example"),
            hop(2, from_name="out.example", from_ip="51.38.0.1", by_name="in.example"),
            hop(3, from_name="in.example", from_ip="10.0.0.2", by_name="store.example"),
            hop(4, from_name="elsewhere", from_ip="10.0.0.3", by_name="x.example"),
            hop(5, from_name="x.example", from_ip="127.0.0.1", by_name="x.example"),
        )
    )
    route = mail_route(chain, Recording())
    assert [h.doubts for h in route.hops] == [
        (),  # reserved, but before any public hop
        (),
        (),  # the previous hop's receiving server hands it on inside its network
        (Doubt.PRIVATE_AFTER_PUBLIC,),
        (),  # loopback: a server and its own filter
    ]


def test_own_name_and_time_order_are_claimed() -> None:
    chain = ReceivedChain(
        (
            hop(1, from_name="MX.example.", from_ip="51.38.0.1", by_name="mx.example"),
            hop(2, from_ip="51.38.0.2", time=datetime(2024, 3, 1, 13, tzinfo=UTC)),
            hop(3, from_ip="51.38.0.3", time=datetime(2024, 3, 1, 12, 50, tzinfo=UTC)),
            hop(4, from_ip="51.38.0.4", time=datetime(2024, 3, 1, 12, 0, tzinfo=UTC)),
        )
    )
    route = mail_route(chain, Recording())
    assert [h.doubts for h in route.hops] == [
        (Doubt.OWN_NAME,),
        (Doubt.TIME_ORDER,),  # an hour after hop 4: no clock is that far off
        (Doubt.TIME_ORDER,),  # 50 minutes after hop 4 too
        (),
    ]
    assert route.countries == ("FR",)  # only hop 4 is trusted


def test_claimed_hops_are_located_but_not_counted() -> None:
    chain = ReceivedChain(
        (hop(1, from_name="mx.example", from_ip="51.38.0.1", by_name="mx.example"),)
    )
    route = mail_route(chain, Recording("US"))
    only = route.hops[0]
    assert only.located is not None and only.country_code == "US" and not only.trusted
    assert route.countries == () and not route.leaves_eu


def test_countries_crossed_in_order_with_returns() -> None:
    class ByAddress(Recording):
        def locate(self, ip: str) -> LocatedEndpoint:
            country = {"51.38.0.1": "FR", "8.8.0.1": "US", "51.38.0.2": "FR", "51.38.0.3": "FR"}
            return LocatedEndpoint(Endpoint(ip), AddressScope.PUBLIC, Location(country[ip]))

    chain = ReceivedChain(
        tuple(
            hop(n, from_ip=ip)
            for n, ip in enumerate(("51.38.0.1", "8.8.0.1", "51.38.0.2", "51.38.0.3"), 1)
        )
    )
    route = mail_route(chain, ByAddress(), eu_area=frozenset({"FR"}))
    assert route.countries == ("FR", "US", "FR")
    assert route.outside_eu == ("US",) and route.leaves_eu
    assert [h.number for h in route.hops] == [1, 2, 3, 4]


class Placing:
    """A locator that places the addresses it is given and finds no country for the others."""

    def __init__(self, countries: dict[str, str]) -> None:
        self.countries = countries

    def locate(self, ip: str) -> LocatedEndpoint:
        return LocatedEndpoint(Endpoint(ip), AddressScope.PUBLIC, Location(self.countries.get(ip)))


def test_a_route_stays_inside_the_eu_only_when_every_stop_is_placed() -> None:
    """A stop without a country may be anywhere: the route is then not said to stay inside."""
    chain = ReceivedChain(
        (
            hop(1, from_name="out.example", from_ip="51.38.0.1", by_name="relay.example"),
            hop(2, from_name="relay.example", from_ip="51.38.0.2", by_name="mx.example"),
        )
    )
    placed = mail_route(chain, Placing({"51.38.0.1": "FR", "51.38.0.2": "DE"}))
    assert (placed.countries, placed.unplaced) == (("FR", "DE"), 0)
    assert mail_summary(placed, translations("en"))[-1] == "This route stays inside the EU/EEA."
    partly = mail_route(chain, Placing({"51.38.0.1": "FR"}))
    assert (partly.countries, partly.unplaced, partly.leaves_eu) == (("FR",), 1, False)
    assert mail_summary(partly, translations("en")) == [
        "Countries crossed: France",
        "The stops placed are inside the EU/EEA; 1 other stop could not be placed.",
    ]
    assert mail_summary(partly, translations("fr"))[-1] == (
        "Les étapes situées sont dans l’UE/EEE ; 1 autre étape n’a pas pu être située."
    )
