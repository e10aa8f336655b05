"""Routes as the window shows them: a traced network path or a mail's Received chain turned
into `route_marks.ShownRoute`, every sentence in the reader's language; the words the command
line uses for the same things live here too (one wording for both)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from gettext import NullTranslations
from types import MappingProxyType

from app.core.countries import country_name
from app.core.i18n import N_, TranslatableError, language_of, message
from app.core.model import AddressScope, LocatedEndpoint
from app.core.route_marks import RouteStop, ShownRoute
from app.core.routes.account_routes import AccountRoutes, countries_crossed, outside_eu
from app.core.routes.mail_route import MailRoute, doubt_text, mail_route
from app.core.routes.path import LocatedPath, Locates, summary
from app.core.routes.received import read_received

NO_ANSWER = message("no answer (the router stays silent)")

# Why a hop's address is not located, by its class.
NOT_LOCATED: Mapping[AddressScope, str] = MappingProxyType(
    {
        AddressScope.LOCAL_NETWORK: N_("inside a private network (not located)"),
        AddressScope.THIS_DEVICE: N_("on the server itself (not located)"),
        AddressScope.RESERVED: N_("a reserved or documentation address (not located)"),
        AddressScope.MULTICAST: N_("a multicast address (not located)"),
    }
)


def mail_summary(route: MailRoute, tr: NullTranslations) -> list[str]:
    """The countries a mail crossed, in order, and whether it left the EU/EEA."""
    language = language_of(tr)
    countries = " → ".join(country_name(code, language) for code in route.countries)
    lines = [
        tr.gettext("Countries crossed: {countries}").format(
            countries=countries or tr.gettext("none known")
        )
    ]
    if route.leaves_eu:
        outside = ", ".join(country_name(code, language) for code in route.outside_eu)
        lines.append(
            tr.gettext("This route leaves the EU/EEA: {countries}.").format(countries=outside)
        )
    elif route.countries and not route.unplaced:
        lines.append(tr.gettext("This route stays inside the EU/EEA."))
    elif route.countries:
        lines.append(
            tr.ngettext(
                "The stops placed are inside the EU/EEA; {count} other stop could not be placed.",
                "The stops placed are inside the EU/EEA; {count} other stops could not be placed.",
                route.unplaced,
            ).format(count=route.unplaced)
        )
    return lines


class NotAMessage(TranslatableError):
    """The text given has no Received: header: nothing to trace."""


NO_RECEIVED = message(
    "No Received: headers — not a mail message, or one that never left its sender's computer."
)


def read_mail_route(
    data: bytes | str, locator: Locates, title: str, tr: NullTranslations
) -> ShownRoute:
    """A message's (or pasted headers') route, located: NotAMessage when it has none."""
    chain = read_received(data)
    if not chain.hops:
        raise NotAMessage(NO_RECEIVED)
    return shown_mail(mail_route(chain, locator), title, tr)


def unplaced_note(located: LocatedEndpoint | None, tr: NullTranslations) -> str:
    """Why a located stop has no place: its edge's reason (served from near the reader), else
    that no country is known for it; "" for a stop with a country."""
    if located is None or (located.location is not None and located.location.country_code):
        return ""
    if located.edge is not None:
        return located.edge.reason.text(tr)
    return tr.gettext("not placed: no country is known for this address")


def shown_mail(route: MailRoute, title: str, tr: NullTranslations) -> ShownRoute:
    """A mail's route: one stop per Received hop, oldest first; a hop that is only claimed
    says why, one whose address is not located says what it is."""
    stops = []
    for hop in route.hops:
        if hop.doubts:
            note = "; ".join(doubt_text(doubt, tr) for doubt in hop.doubts)
        elif hop.located is None and hop.scope is not None and hop.scope in NOT_LOCATED:
            note = tr.gettext(NOT_LOCATED[hop.scope])
        else:
            note = unplaced_note(hop.located, tr)
        stops.append(RouteStop(hop.number, hop.label, hop.ip, hop.located, hop.trusted, note))
    return ShownRoute(title, tuple(stops), "\n".join(mail_summary(route, tr)))


def shown_path(located: LocatedPath, tr: NullTranslations) -> ShownRoute:
    """A traced path: one stop per hop (silent ones kept, with their number), the target
    named in the title, the EU/EEA crossings in the summary."""
    stops = []
    for hop in located.hops:
        answer = hop.located
        if answer is None:
            stops.append(RouteStop(hop.number, "", None, None, note=NO_ANSWER.text(tr)))
        elif not answer.scope.is_locatable:
            why = NOT_LOCATED.get(answer.scope)
            note = tr.gettext(why) if why is not None else ""
            stops.append(RouteStop(hop.number, "", answer.ip, None, note=note))
        else:
            name = answer.endpoint.hostname or ""
            note = unplaced_note(answer, tr)
            stops.append(RouteStop(hop.number, name, answer.ip, answer, note=note))
    title = message("The path to {target}", target=located.path.target).text(tr)
    return ShownRoute(title, tuple(stops), summary(located, tr))


def group_summary(routes: Sequence[MailRoute], tr: NullTranslations) -> list[str]:
    """What one sender's messages crossed together: the countries, and those outside the
    EU/EEA (the command line's lines and the window's summary alike)."""
    language = language_of(tr)
    crossed = countries_crossed(routes)
    lines = [
        tr.gettext("Countries crossed: {countries}").format(
            countries=", ".join(country_name(code, language) for code in crossed)
        )
        if crossed
        else tr.gettext("No country could be told for these messages.")
    ]
    outside = outside_eu(routes)
    if outside:
        lines.append(
            tr.gettext("Outside the EU/EEA: {countries}").format(
                countries=", ".join(country_name(code, language) for code in outside)
            )
        )
    return lines


@dataclass(frozen=True, slots=True)
class RouteGroup:
    """One sender domain's messages as the window shows them: a route each, oldest first."""

    domain: str | None  # the From: domain (data), None when the From: gives none
    routes: tuple[ShownRoute, ...]
    countries: tuple[str, ...]  # crossed by any of them, each once, in the order first met
    summary: str  # the countries crossed and those outside the EU/EEA, in sentences


def shown_account(routes: AccountRoutes, tr: NullTranslations) -> tuple[RouteGroup, ...]:
    """An account's routes per sender domain; each message's title says whose and which."""
    groups = []
    for domain, group in routes.groups:
        sender = domain or tr.gettext("(no sender address)")
        shown = tuple(
            shown_mail(
                route,
                tr.gettext("Message {number} of {count} from {sender}").format(
                    number=number, count=len(group), sender=sender
                ),
                tr,
            )
            for number, route in enumerate(group, 1)
        )
        summary = "\n".join(group_summary(group, tr))
        groups.append(RouteGroup(domain, shown, countries_crossed(group), summary))
    return tuple(groups)
