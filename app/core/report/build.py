"""The report as a letter: every sentence, figure and table of it in the reader's language,
ready for a template (HTML, PDF) to lay out. Language-neutral formats (JSON, CSV) are written
from the input instead (app.core.report.records).

What the summary says is chosen by rules over the data (`_findings`), and "what you can do"
lists providers from the service catalogue and the provider registry, never text written for
one user. Every value here is plain text: the templates escape it.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from gettext import NullTranslations
from types import MappingProxyType

from babel.dates import format_datetime, format_time
from babel.lists import format_list
from babel.numbers import format_decimal, format_percent

from app import __version__
from app.core.accounts.catalogue import Service, ServiceCatalogue, ServiceKind
from app.core.accounts.model import AccountKind, ServerRole
from app.core.accounts.placing import PlacedAccount
from app.core.accounts.summary import headline
from app.core.certifications import certification_lines
from app.core.countries import country_name, in_country
from app.core.i18n import N_, babel_locale, translations
from app.core.jurisdiction import (
    Jurisdiction,
    Jurisdictions,
    LegalSource,
    category_label,
    default_jurisdictions,
    format_as_of,
    widest,
)
from app.core.map_marks import provider_label
from app.core.model import AddressScope, LocatedEndpoint, LocationKind
from app.core.providers import ProviderRegistry
from app.core.report.model import Observed, PeriodKind, ReportInput

MAX_NAME = 300  # characters of a program, host or account name in the letter
MAX_VERDICTS = 3  # law sentences per company in the letter
SHOWN_HOSTS = 3  # host names listed on one line of the connections, then "and N others"
EU_ONLY = "eu_only"
FOREIGN_REACH = "foreign_reach"
OTHER_SHARE = "other"
_SHARE_OF = {
    Jurisdiction.EU_GDPR: EU_ONLY,
    Jurisdiction.US_REACH: FOREIGN_REACH,
    Jurisdiction.OTHER: FOREIGN_REACH,
    Jurisdiction.ADEQUACY: OTHER_SHARE,
    Jurisdiction.UNKNOWN: OTHER_SHARE,
}
_SHARE_LABELS = {
    EU_ONLY: N_("under EU law only"),
    FOREIGN_REACH: N_("within reach of a law from outside the EU"),
    OTHER_SHARE: N_("other (a country the EU deems adequate, or not known)"),
}
_FOREIGN = frozenset({Jurisdiction.US_REACH, Jurisdiction.OTHER})

# The headings and column names the templates show, marked for the catalogue.
LABELS: Mapping[str, str] = MappingProxyType(
    {
        "title": N_("Where my data live"),
        "subtitle": N_("A personal data-location report"),
        "for_whom": N_("For"),
        "created": N_("Made on"),
        "machine": N_("Computer"),
        "period": N_("Period observed"),
        "redacted": N_("Shared version: addresses, names and private servers are hidden."),
        "sources": N_("Data sources"),
        "summary": N_("Summary"),
        "findings": N_("What stands out"),
        "map": N_("The map"),
        "map_note": N_(
            "Each mark is a place your computer talked to; its colour and the table below give"
            " the law that may reach it."
        ),
        "places": N_("Places"),
        "accounts": N_("Your accounts"),
        "no_accounts": N_("No mail or photo account was found or added."),
        "connections": N_("Connections, by company"),
        "no_connections": N_("No connection to the internet was seen."),
        "alternatives": N_("What you can do"),
        "methods": N_("How this report was made"),
        "legal_sources": N_("Legal texts"),
        "col_program": N_("Program"),
        "col_host": N_("Host"),
        "col_address": N_("Address"),
        "col_country": N_("Country"),
        "col_place": N_("City or region"),
        "col_company": N_("Company"),
        "col_law": N_("Law that may reach it"),
        "col_seen": N_("First and last seen"),
        "col_server": N_("Server"),
        "col_role": N_("Role"),
        "col_count": N_("Addresses"),
        "edge_mark": N_("edge"),
        "page": N_("Page"),
        "of": N_("of"),
        "contents": N_("Contents"),
        "generator": N_("Made with DataLocator {version}, offline."),
        "as_of": N_("as of"),
    }
)


@dataclass(frozen=True, slots=True)
class Counts:
    """The summary's figures: public addresses the data went to, the places (country and city)
    and countries among them that have a place, the companies running them, the programs."""

    addresses: int
    places: int
    countries: int
    companies: int
    programs: int
    unplaced: int  # edges and addresses no database places


@dataclass(frozen=True, slots=True)
class Share:
    key: str  # EU_ONLY, FOREIGN_REACH, OTHER_SHARE
    label: str
    count: int
    percent: str  # "45 %" in the reader's language
    fraction: float


@dataclass(frozen=True, slots=True)
class Finding:
    key: str  # which rule chose it: "foreign_company", "stays_home", "far_country", "reach"
    text: str


@dataclass(frozen=True, slots=True)
class PlaceLine:
    """A country on the map, in words: for readers of a black-and-white print."""

    country: str
    addresses: str
    law: str
    law_key: str


@dataclass(frozen=True, slots=True)
class ServerLine:
    host: str
    role: str
    place: str
    company: str
    law: str
    law_key: str


@dataclass(frozen=True, slots=True)
class AccountSection:
    title: str
    kind: str
    headline: str
    verdicts: tuple[str, ...]  # the law, in sentences, once each
    servers: tuple[ServerLine, ...]


@dataclass(frozen=True, slots=True)
class Row:
    program: str
    host: str
    address: str
    country: str
    place: str
    law: str
    law_key: str
    seen: str
    edge: bool


@dataclass(frozen=True, slots=True)
class CompanyGroup:
    company: str
    based: str  # "based in Ireland", or ""
    law: str  # the widest law among its rows
    law_key: str
    verdicts: tuple[str, ...]  # its rows' laws in sentences, the most common first (at most 3)
    rows: tuple[Row, ...]
    # Its HDS / SecNumCloud as providers.toml records them, or that no HDS is recorded (issue 14).
    certifications: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Option:
    name: str
    company: str
    based: str
    storage: str  # what the service says about where it keeps data, or ""
    source: str  # its page


@dataclass(frozen=True, slots=True)
class Alternative:
    category: str
    yours: str  # the services of this kind the user relies on
    intro: str
    options: tuple[Option, ...]


@dataclass(frozen=True, slots=True)
class Cited:
    text: str
    url: str
    as_of: str  # in words, or ""
    licence: str = ""  # a data set's licence, for its attribution


@dataclass(frozen=True, slots=True)
class Report:
    language: str
    labels: Mapping[str, str]
    person: str | None
    machine: str | None
    created: str
    period: str
    redacted: bool
    counts: Counts
    summary: tuple[str, ...]
    shares: tuple[Share, ...]
    findings: tuple[Finding, ...]
    places: tuple[PlaceLine, ...]
    accounts: tuple[AccountSection, ...]
    groups: tuple[CompanyGroup, ...]
    edge_note: str
    alternatives: tuple[Alternative, ...]
    alternatives_note: str
    methods: tuple[str, ...]
    data_sources: tuple[Cited, ...]
    legal_sources: tuple[Cited, ...]
    generator: str
    omitted: int = 0  # connection lines left out of a printed letter (`shortened`)
    omitted_note: str = ""


def shortened(report: Report, max_rows: int) -> Report:
    """The letter with at most ``max_rows`` connection lines, the biggest companies first, and
    a note saying how many more the HTML, JSON and CSV reports list: a printed letter of a busy
    machine stays a letter (and WeasyPrint lays out a thousand table rows slowly)."""
    total = sum(len(g.rows) for g in report.groups)
    if total <= max_rows:
        return report
    kept: list[CompanyGroup] = []
    room = max_rows
    for group in report.groups:
        if room <= 0:
            break
        kept.append(replace(group, rows=group.rows[:room]))
        room -= len(kept[-1].rows)
    omitted = total - max_rows
    words = _Words(report.language)
    note = words.ngettext(
        "{count} more line of connections is in the HTML, JSON and CSV reports.",
        "{count} more lines of connections are in the HTML, JSON and CSV reports.",
        omitted,
    )
    return replace(report, groups=tuple(kept), omitted=omitted, omitted_note=note)


class _Words:
    """The reader's language: translations, numbers, dates and lists."""

    def __init__(self, language: str) -> None:
        self.language = language
        self.tr: NullTranslations = translations(language)
        self.locale = babel_locale(language)

    def gettext(self, text: str, **values: object) -> str:
        said = self.tr.gettext(text)
        return said.format(**values) if values else said

    def ngettext(self, one: str, many: str, count: int, **values: object) -> str:
        return self.tr.ngettext(one, many, count).format(count=self.number(count), **values)

    def number(self, value: int) -> str:
        return format_decimal(value, locale=self.locale)

    def percent(self, fraction: float) -> str:
        return format_percent(fraction, locale=self.locale)

    def when(self, timestamp: float) -> str:
        moment = datetime.fromtimestamp(timestamp, UTC).astimezone()
        return format_datetime(moment, "medium", locale=self.locale)

    def later(self, first: float, last: float) -> str:
        """``last`` after ``first``: its time alone when it is the same day."""
        start = datetime.fromtimestamp(first, UTC).astimezone()
        end = datetime.fromtimestamp(last, UTC).astimezone()
        if start.date() == end.date():
            return format_time(end, "medium", locale=self.locale)
        return self.when(last)

    def listed(self, items: Sequence[str]) -> str:
        return format_list(list(items), locale=self.locale) if items else ""

    def country(self, code: str | None) -> str:
        return country_name(code, self.language) if code else ""


def build_report(
    data: ReportInput,
    language: str,
    catalogue: ServiceCatalogue,
    registry: ProviderRegistry,
    jurisdictions: Jurisdictions | None = None,
) -> Report:
    words = _Words(language)
    law = jurisdictions or default_jurisdictions()
    located = _unique_located(data)
    groups = _groups(data.observed, data.home, words)
    counts = _counts(data, located)
    return Report(
        language=language,
        labels=MappingProxyType({key: words.gettext(text) for key, text in LABELS.items()}),
        person=data.person,
        machine=data.machine,
        created=words.when(data.created),
        period=_period(data, words),
        redacted=data.redacted,
        counts=counts,
        summary=_summary(counts, words),
        shares=_shares(located, words),
        findings=_findings(data, words, law),
        places=_places(located, words),
        accounts=tuple(_account(placed, data.home, words) for placed in data.accounts),
        groups=groups,
        edge_note=_edge_note(data.observed, words),
        alternatives=_alternatives(data.accounts, catalogue, registry, law, words),
        alternatives_note=words.gettext(
            "Providers are listed in alphabetical order, from DataLocator's own catalogue"
            " (resources/services.toml, each with its source); none asked or paid to be listed."
            " Check their terms before you move."
        ),
        methods=_methods(words),
        data_sources=tuple(
            Cited(
                source.text(words.tr),
                source.url,
                format_as_of(source.as_of, language) if source.as_of else "",
                source.licence,
            )
            for source in data.sources
        ),
        legal_sources=_legal_sources(data, language),
        generator=words.gettext(LABELS["generator"], version=__version__),
    )


# --- what the report counts -----------------------------------------------------------------


def _unique_located(data: ReportInput) -> dict[str, LocatedEndpoint]:
    """Every public address the data went to: the connections' and the accounts' servers."""
    found: dict[str, LocatedEndpoint] = {}
    for row in data.observed:
        if row.located.scope is AddressScope.PUBLIC:
            found.setdefault(row.remote_ip, row.located)
    for placed in data.accounts:
        for server in placed.servers:
            for item in server.located:
                if item.scope is AddressScope.PUBLIC:
                    found.setdefault(item.ip, item)
    return found


def _category(located: LocatedEndpoint) -> Jurisdiction:
    return located.verdict.category if located.verdict is not None else Jurisdiction.UNKNOWN


def _placed(located: LocatedEndpoint) -> tuple[str, str] | None:
    """(country, city) of an address that has a place: an edge has none of its own."""
    location = located.location
    if location is None or location.kind is LocationKind.EDGE or not location.country_code:
        return None
    return location.country_code, location.city or ""


def _counts(data: ReportInput, located: Mapping[str, LocatedEndpoint]) -> Counts:
    places = {p for p in map(_placed, located.values()) if p is not None}
    return Counts(
        addresses=len(located),
        places=len(places),
        countries=len({country for country, _city in places}),
        companies=len({name for name in map(provider_label, located.values()) if name}),
        programs=len({row.process for row in data.observed if row.process}),
        unplaced=sum(1 for item in located.values() if _placed(item) is None),
    )


def _summary(counts: Counts, words: _Words) -> tuple[str, ...]:
    lines = [
        words.ngettext(
            "Your data went to {count} address",
            "Your data went to {count} addresses",
            counts.addresses,
        )
        + words.gettext(", ")
        + words.ngettext("in {count} place", "in {count} places", counts.places)
        + words.gettext(", ")
        + words.ngettext("in {count} country", "in {count} countries", counts.countries)
        + words.gettext(", ")
        + words.ngettext("run by {count} company.", "run by {count} companies.", counts.companies)
    ]
    if counts.programs:
        lines.append(
            words.ngettext(
                "{count} program on this computer talked to the internet.",
                "{count} programs on this computer talked to the internet.",
                counts.programs,
            )
        )
    if counts.unplaced:
        lines.append(
            words.ngettext(
                "{count} address has no place of its own (an edge of a network that answers"
                " from many places, or one not in the databases).",
                "{count} addresses have no place of their own (edges of networks that answer"
                " from many places, or ones not in the databases).",
                counts.unplaced,
            )
        )
    return tuple(lines)


def _shares(located: Mapping[str, LocatedEndpoint], words: _Words) -> tuple[Share, ...]:
    counts = Counter(_SHARE_OF[_category(item)] for item in located.values())
    total = sum(counts.values())
    return tuple(
        Share(
            key,
            words.gettext(_SHARE_LABELS[key]),
            counts[key],
            words.percent(counts[key] / total) if total else words.percent(0),
            counts[key] / total if total else 0.0,
        )
        for key in (EU_ONLY, FOREIGN_REACH, OTHER_SHARE)
    )


def _places(located: Mapping[str, LocatedEndpoint], words: _Words) -> tuple[PlaceLine, ...]:
    by_country: dict[str, list[LocatedEndpoint]] = {}
    for item in located.values():
        place = _placed(item)
        if place is not None:
            by_country.setdefault(place[0], []).append(item)
    lines = []
    for code, items in by_country.items():
        law = widest(_category(item) for item in items)
        lines.append(
            (
                -len(items),
                words.country(code),
                PlaceLine(
                    words.country(code),
                    words.number(len(items)),
                    category_label(law, words.language),
                    law.value,
                ),
            )
        )
    return tuple(line for *_key, line in sorted(lines, key=lambda item: item[:2]))


# --- findings: the three things worth saying first ---------------------------------------------


_KIND_WORD = {
    ServiceKind.MAIL: N_("mail"),
    ServiceKind.PHOTOS: N_("photos"),
    ServiceKind.FILES: N_("files"),
}


_FOREIGN_COMPANY = {
    ServiceKind.MAIL: N_(
        "Your mail ({who}) is stored by {company}, a company based {place}: that country's law"
        " may reach it, wherever the servers are."
    ),
    ServiceKind.PHOTOS: N_(
        "Your photos ({who}) are stored by {company}, a company based {place}: that country's"
        " law may reach them, wherever the servers are."
    ),
    ServiceKind.FILES: N_(
        "Your files ({who}) are stored by {company}, a company based {place}: that country's"
        " law may reach them, wherever the servers are."
    ),
}
_STAYS_HOME = {
    ServiceKind.MAIL: N_("Your mail ({who}) stays {place}, with a company based there."),
    ServiceKind.PHOTOS: N_("Your photos ({who}) stay {place}, with a company based there."),
    ServiceKind.FILES: N_("Your files ({who}) stay {place}, with a company based there."),
}


def _findings(data: ReportInput, words: _Words, law: Jurisdictions) -> tuple[Finding, ...]:
    found: list[Finding] = []
    home = (data.home or "").upper()
    for placed in data.accounts:
        storage = placed.storage
        if not storage:
            continue
        account = placed.account
        who = _short(account.name if data.redacted else (account.address or account.name))
        kind = _account_kind(placed)
        companies = {item.provider for item in storage if item.provider is not None}
        categories = {_category(item) for item in storage}
        countries = {p[0] for p in map(_placed, storage) if p is not None}
        if categories & _FOREIGN and companies:
            company = sorted(companies, key=lambda p: p.name)[0]
            found.append(
                Finding(
                    "foreign_company",
                    words.gettext(
                        _FOREIGN_COMPANY[kind],
                        who=who,
                        company=company.name,
                        place=in_country(company.headquarters, words.language),
                    ),
                )
            )
        elif (
            home
            and countries == {home}
            and all(p.headquarters == home for p in companies)
            and companies
        ):
            found.append(
                Finding(
                    "stays_home",
                    words.gettext(
                        _STAYS_HOME[kind],
                        who=who,
                        place=in_country(home, words.language),
                    ),
                )
            )
    far: dict[str, list[str]] = {}
    for row in data.observed:
        if _category(row.located) is Jurisdiction.OTHER:
            place = _placed(row.located)
            if place is not None and place[0] not in law.gdpr_area:
                far.setdefault(place[0], [])
                if row.process and _short(row.process) not in far[place[0]]:
                    far[place[0]].append(_short(row.process))
    for code, programs in sorted(far.items()):
        found.append(
            Finding(
                "far_country",
                words.ngettext(
                    "{programs} talked to a server {place}, a country whose law the EU has not"
                    " found adequate.",
                    "{programs} talked to servers {place}, a country whose law the EU has not"
                    " found adequate.",
                    max(len(programs), 1),
                    programs=words.listed(programs) or words.gettext("A program"),
                    place=in_country(code, words.language),
                ),
            )
        )
    located = _unique_located(data)
    foreign = sum(1 for item in located.values() if _category(item) is Jurisdiction.US_REACH)
    if foreign:
        found.append(
            Finding(
                "reach",
                words.ngettext(
                    "{count} of the {total} addresses your data went to is run by a company"
                    " that US law (CLOUD Act, FISA 702) may reach.",
                    "{count} of the {total} addresses your data went to are run by companies"
                    " that US law (CLOUD Act, FISA 702) may reach.",
                    foreign,
                    total=words.number(len(located)),
                ),
            )
        )
    return tuple(found[:3])


def _account_kind(placed: PlacedAccount) -> ServiceKind:
    if placed.account.kind is AccountKind.MAIL:
        return ServiceKind.MAIL
    return ServiceKind.PHOTOS if "photo" in placed.account.client.lower() else ServiceKind.FILES


# --- sections --------------------------------------------------------------------------------


_ROLE = {ServerRole.STORES: N_("stores"), ServerRole.TRANSIT: N_("passes mail on")}


def _account(placed: PlacedAccount, home: str | None, words: _Words) -> AccountSection:
    account = placed.account
    servers = []
    verdicts: list[str] = []
    for server in placed.servers:
        role = words.gettext(_ROLE[server.server.role])
        if not server.located:
            servers.append(
                ServerLine(
                    _short(server.server.host), role, words.gettext("not found"), "", "", "UNKNOWN"
                )
            )
        for item, verdict in zip(server.located, server.verdicts, strict=True):
            category = verdict.category if verdict is not None else Jurisdiction.UNKNOWN
            servers.append(
                ServerLine(
                    _short(server.server.host),
                    role,
                    _place_text(item, words),
                    provider_label(item) or "",
                    category_label(category, words.language),
                    category.value,
                )
            )
            if verdict is not None:
                text = verdict.text(words.language, home)
                if text not in verdicts:
                    verdicts.append(text)
    return AccountSection(
        title=_short(
            account.name
            if account.address in (None, account.name)
            else f"{account.name} — {account.address}"
        ),
        kind=words.gettext(_KIND_WORD[_account_kind(placed)]),
        headline=headline(placed, words.language),
        verdicts=tuple(verdicts),
        servers=tuple(servers),
    )


def _place_text(located: LocatedEndpoint, words: _Words) -> str:
    location = located.location
    if located.scope is not AddressScope.PUBLIC:
        return words.gettext("your own network")
    if location is None or not location.country_code:
        return words.gettext("not known")
    if location.kind is LocationKind.EDGE:
        return words.gettext("edge: answers from many places")
    country = words.country(location.country_code)
    return f"{location.city}, {country}" if location.city else country


def _groups(
    observed: Sequence[Observed], home: str | None, words: _Words
) -> tuple[CompanyGroup, ...]:
    by_company: dict[str, list[Observed]] = {}
    for row in observed:
        name = provider_label(row.located) or words.gettext("company not known")
        by_company.setdefault(name, []).append(row)
    groups = []
    for name, rows in by_company.items():
        law = widest(_category(r.located) for r in rows)
        provider = next((r.located.provider for r in rows if r.located.provider), None)
        groups.append(
            CompanyGroup(
                company=name,
                based=(
                    words.gettext(
                        "based {place}", place=in_country(provider.headquarters, words.language)
                    )
                    if provider is not None
                    else ""
                ),
                law=category_label(law, words.language),
                law_key=law.value,
                verdicts=_verdicts(rows, home, words),
                rows=_rows(rows, words),
                certifications=(
                    certification_lines(provider, words.tr) if provider is not None else ()
                ),
            )
        )
    groups.sort(key=lambda g: (-len(g.rows), g.company.casefold()))
    return tuple(groups)


def _verdicts(rows: Sequence[Observed], home: str | None, words: _Words) -> tuple[str, ...]:
    """What the law says for a company's addresses, each sentence once: a CDN edge and a data
    centre of one company are not reached alike, and the letter says both."""
    counts = Counter(
        r.located.verdict.text(words.language, home) for r in rows if r.located.verdict is not None
    )
    return tuple(text for text, _count in counts.most_common(MAX_VERDICTS))


def _rows(rows: Sequence[Observed], words: _Words) -> tuple[Row, ...]:
    """One line per program and place: the addresses a program reached at one place (a
    browser's forty Google addresses in Frankfurt) are one line, not forty; the JSON and CSV
    keep one row per address."""
    lines: dict[tuple[str, str, str, str, bool], list[Observed]] = {}
    for row in rows:
        lines.setdefault(_line_key(row, words), []).append(row)
    return tuple(_row(same, words) for same in lines.values())


def _line_key(row: Observed, words: _Words) -> tuple[str, str, str, str, bool]:
    located = row.located
    location = located.location
    country = location.country_code or "" if location is not None else ""
    return (row.process, country, _row_place(located, words), _category(located).value, _edge(row))


def _edge(row: Observed) -> bool:
    location = row.located.location
    return row.located.is_edge or (location is not None and location.kind is LocationKind.EDGE)


def _row(same: Sequence[Observed], words: _Words) -> Row:
    first_row = same[0]
    located = first_row.located
    location = located.location
    first = min(r.first_seen for r in same)
    last = max(r.last_seen for r in same)
    seen = words.when(first)
    if last != first:
        seen = words.gettext("{first} – {last}", first=seen, last=words.later(first, last))
    hosts = list(dict.fromkeys(_short(n) for r in same if (n := r.located.endpoint.hostname)))
    host = words.listed(hosts[:SHOWN_HOSTS])
    if len(hosts) > SHOWN_HOSTS:
        host = words.ngettext(
            "{names} and {count} other", "{names} and {count} others",
            len(hosts) - SHOWN_HOSTS, names=host,
        )  # fmt: skip
    addresses = list(dict.fromkeys(r.remote_ip for r in same))
    category = _category(located)
    return Row(
        program=_short(first_row.process) or words.gettext("(unknown program)"),
        host=host,
        address=(
            addresses[0]
            if len(addresses) == 1
            else words.ngettext("{count} address", "{count} addresses", len(addresses))
        ),
        country=words.country(location.country_code) if location and location.country_code else "",
        place=_row_place(located, words),
        law=category_label(category, words.language),
        law_key=category.value,
        seen=seen,
        edge=_edge(first_row),
    )


def _short(text: str) -> str:
    """A name as the letter prints it: whole up to MAX_NAME characters (a DNS name has at most
    253), else cut with "…" (the JSON and CSV keep it whole)."""
    return text if len(text) <= MAX_NAME else text[: MAX_NAME - 1] + "…"


def _row_place(located: LocatedEndpoint, words: _Words) -> str:
    """The city column of a connection row (its country has a column of its own)."""
    location = located.location
    if location is None or not location.country_code or location.kind is LocationKind.EDGE:
        return _place_text(located, words)
    if location.city:
        return location.city
    return words.gettext("somewhere in the country")


def _edge_note(observed: Sequence[Observed], words: _Words) -> str:
    if not any(r.located.is_edge for r in observed):
        return ""
    return words.gettext(
        "Rows marked “edge” are the doors of content networks and public resolvers: they answer"
        " from the place nearest to you and keep nothing for you. Where your data are kept is"
        " decided by the service behind them."
    )


# --- what you can do ---------------------------------------------------------------------------


def _alternatives(
    accounts: Sequence[PlacedAccount],
    catalogue: ServiceCatalogue,
    registry: ProviderRegistry,
    law: Jurisdictions,
    words: _Words,
) -> tuple[Alternative, ...]:
    used: dict[ServiceKind, list[str]] = {}
    for placed in accounts:
        kind = _account_kind(placed)
        service = catalogue.get(placed.account.service) if placed.account.service else None
        if service is not None:
            kind = service.kind
        if any(_category(item) in _FOREIGN for item in placed.storage):
            name = service.name if service is not None else placed.account.name
            used.setdefault(kind, [])
            if name not in used[kind]:
                used[kind].append(name)
    out = []
    for kind, names in used.items():
        options = [
            _option(service, registry, words)
            for service in catalogue
            if service.kind is kind and _under_eu_law(service, registry, law)
        ]
        options.sort(key=lambda o: o.name.casefold())
        out.append(
            Alternative(
                category=words.gettext(_KIND_WORD[kind]).capitalize(),
                yours=words.listed(names),
                intro=(
                    words.gettext(
                        "Providers of {what} run by a company based in the EU or the EEA, with"
                        " no parent company outside it:",
                        what=words.gettext(_KIND_WORD[kind]),
                    )
                    if options
                    else words.gettext(
                        "The catalogue lists no provider of {what} run from the EU yet.",
                        what=words.gettext(_KIND_WORD[kind]),
                    )
                ),
                options=tuple(options),
            )
        )
    return tuple(out)


def _under_eu_law(service: Service, registry: ProviderRegistry, law: Jurisdictions) -> bool:
    """Run by a company in the GDPR area whose parent (if any) is there too."""
    provider = registry.get(service.provider) if service.provider else None
    if provider is None:
        return False
    area = law.gdpr_area
    if provider.headquarters not in area:
        return False
    if provider.parent_headquarters is not None and provider.parent_headquarters not in area:
        return False
    return service.entity_country is None or service.entity_country in area


def _option(service: Service, registry: ProviderRegistry, words: _Words) -> Option:
    provider = registry.get(service.provider) if service.provider else None
    storage = ""
    if service.storage:
        storage = words.gettext(service.storage)
        if service.storage_as_of is not None:
            storage += " " + words.gettext(
                "(as of {date})",
                date=format_as_of(service.storage_as_of.isoformat(), words.language),
            )
    return Option(
        name=service.name,
        company=service.entity or (provider.name if provider is not None else ""),
        based=words.country(
            service.entity_country or (provider.headquarters if provider else None)
        ),
        storage=storage,
        source=service.storage_source or service.servers_source or service.entity_source or "",
    )


# --- methods and sources -----------------------------------------------------------------------


_METHODS = (
    N_(
        "Every connection was read from this computer's own list of open network sockets"
        " (no packet was captured). Each server's place was looked up offline, in the data sets"
        " listed below: nothing about you was sent to any web service."
    ),
    N_(
        "A place is where a database says an address is used: a city or a data-centre region"
        " for most addresses, a country alone for others. Databases are wrong for a small share"
        " of addresses; a country-only answer says nothing of the city. Where a database gives"
        " a radius of accuracy, the place is somewhere within that distance of the point shown."
    ),
    N_(
        "Content networks and public resolvers answer from many places at once (anycast): their"
        " addresses are marked as edges and placed in no country."
    ),
    N_(
        "The law column says which laws may reach the data: that of the country where the"
        " server is, and that of the country where the company running it (and its parent) is"
        " based. It is a first indication from public texts, not legal advice."
    ),
)


def _methods(words: _Words) -> tuple[str, ...]:
    return tuple(words.gettext(text) for text in _METHODS)


def _legal_sources(data: ReportInput, language: str) -> tuple[Cited, ...]:
    seen: dict[LegalSource, None] = {}
    everything = [row.located for row in data.observed]
    everything += [item for placed in data.accounts for item in placed.storage]
    for located in everything:
        if located.verdict is not None:
            for source in located.verdict.sources_for(data.home):
                seen.setdefault(source)
    tr = translations(language)
    return tuple(
        Cited(tr.gettext(source.citation), source.url, format_as_of(source.as_of, language))
        for source in sorted(seen, key=lambda s: s.citation)
    )


def _period(data: ReportInput, words: _Words) -> str:
    period = data.period
    if period.kind is PeriodKind.SNAPSHOT:
        return words.gettext("This computer's connections at {time}", time=words.when(period.start))
    span = words.gettext(
        "{first} to {last}", first=words.when(period.start), last=words.when(period.end)
    )
    if period.kind is PeriodKind.DEMO:
        return words.gettext("The demo persona's day, {span} (made-up data)", span=span)
    if period.kind is PeriodKind.HISTORY:
        return words.gettext("This computer's history, {span}", span=span)
    if period.capture:
        return words.gettext("The recording {file}, {span}", file=period.capture, span=span)
    return words.gettext("A recording, {span}", span=span)
