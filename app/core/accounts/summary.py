"""One sentence per account for a person: who stores it, in which countries, or why that is
not known. The law itself is the verdicts' (app.core.jurisdiction); this sentence comes first,
in the reader's language."""

from __future__ import annotations

from babel.lists import format_list

from app.core.accounts.model import AccountKind, ServerRole
from app.core.accounts.placing import PlacedAccount, countries_of
from app.core.countries import in_country
from app.core.i18n import N_, babel_locale, translations
from app.core.model import AddressScope, LocatedEndpoint

# (what: "mail"/"files", stored (else only where mail arrives), company known, country known)
_SENTENCES = {
    ("mail", True, True, True): N_("Your mail {who} is stored by {by} {places}."),
    ("mail", True, False, True): N_("Your mail {who} is stored {places} (company unknown)."),
    ("mail", True, True, False): N_("Your mail {who} is stored by {by} (country unknown)."),
    ("files", True, True, True): N_("Your files at {who} are stored by {by} {places}."),
    ("files", True, False, True): N_("Your files at {who} are stored {places} (company unknown)."),
    ("files", True, True, False): N_("Your files at {who} are stored by {by} (country unknown)."),
    ("mail", False, True, True): N_(
        "Where your mail {who} is kept is not known: it arrives at {by}, {places}."
    ),
    ("mail", False, False, True): N_(
        "Where your mail {who} is kept is not known: it arrives {places}."
    ),
    ("mail", False, True, False): N_(
        "Where your mail {who} is kept is not known: it arrives at {by}."
    ),
}
_AT_HOME = {
    "mail": N_("Your mail {who} is stored on your own network."),
    "files": N_("Your files at {who} are stored on your own network."),
}
_NOT_PLACED = {
    "mail": N_("Where your mail {who} is kept is not known: its servers could not be located."),
    "files": N_(
        "Where your files at {who} are kept is not known: the server could not be located."
    ),
}
_UNKNOWN = {
    "mail": N_("Where your mail {who} is kept is not known: its servers were not found."),
    "files": N_("Where your files at {who} are kept is not known: the server was not found."),
}
_OWN_NETWORK = frozenset({AddressScope.LOCAL_NETWORK, AddressScope.THIS_DEVICE})


def headline(placed: PlacedAccount, language: str) -> str:
    """ "Your mail lea@example.org is stored by Google in Ireland and in Belgium.", or what is
    known when that is not (the servers did not resolve, only where mail arrives…)."""
    account = placed.account
    what = "mail" if account.kind is AccountKind.MAIL else "files"
    who = account.address or account.name
    located: tuple[LocatedEndpoint, ...] = placed.storage
    stored = bool(located)
    if not stored and what == "mail":
        located = tuple(
            item
            for server in placed.servers
            if server.server.role is ServerRole.TRANSIT
            for item in server.located
        )
    companies = list(dict.fromkeys(p.provider.name for p in located if p.provider is not None))
    countries = countries_of(located)
    template = _SENTENCES.get((what, stored, bool(companies), bool(countries)))
    if template is None and stored and all(p.scope in _OWN_NETWORK for p in located):
        template = _AT_HOME[what]
    elif template is None:
        template = _NOT_PLACED[what] if located else _UNKNOWN[what]
    locale = babel_locale(language)
    return (
        translations(language)
        .gettext(template)
        .format(
            who=who,
            by=format_list(companies, locale=locale),
            places=format_list([in_country(c, language) for c in countries], locale=locale),
        )
    )
