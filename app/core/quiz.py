"""Guess first: a quiz a trainer plays with a room before the map shows the answers.

For each account whose storing servers have a known place, the room guesses the country its
data are kept in and the law that reaches them; the app then reveals the truth. Everything
asked and explained comes from what the engine found (the accounts' located servers, their
verdicts, the service catalogue), never from a script, so the quiz works on the demo persona and
on a user's own accounts alike. Wrong choices are picked from data in a fixed order (the other
accounts' countries, the home country, countries where much of the world's cloud data are kept),
never at random: the same accounts give the same quiz, on a rehearsal and in the room.

Values only (frozen dataclasses): each step (`Quiz.answer`, `Quiz.reveal`, `Quiz.next`) returns
a new `Quiz`, so a view can keep the previous one, and tests compare states. Language-neutral:
the words come from the core catalogue when a view asks for them in its language.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace

from babel.lists import format_list

from app.core.accounts.catalogue import ServiceCatalogue
from app.core.accounts.links import account_label
from app.core.accounts.model import AccountKind, ServerRole
from app.core.accounts.placing import PlacedAccount
from app.core.countries import country_name, in_country
from app.core.i18n import N_, babel_locale, translations
from app.core.jurisdiction import (
    Jurisdiction,
    Verdict,
    category_label,
    format_as_of,
    sources_text,
    widest,
)
from app.core.map_marks import provider_label
from app.core.model import AddressScope, LocatedEndpoint, LocationKind

CHOICES = 4  # countries offered per question: the truth and three wrong ones
POINTS_PER_QUESTION = 2  # one for the country, one for the law

# Where much of the world's cloud data are kept: plausible wrong answers when the accounts and
# the home country give too few. Only a pool of guesses, no claim about any account.
COMMON_CLOUD_COUNTRIES = ("US", "IE", "DE", "NL", "GB", "FR", "SE", "FI", "CH", "SG", "JP", "CA")

# The laws a room chooses from: every verdict colour but "unknown" (a question is only asked
# where the place is known, so its law is too).
LAW_CHOICES = tuple(j for j in Jurisdiction if j is not Jurisdiction.UNKNOWN)

_PROMPTS = {
    AccountKind.MAIL: N_("Where does {service} keep your mail?"),
    AccountKind.FILES: N_("Where does {service} keep your files?"),
}
# An account of no known service is asked about by its own name: the company that runs its
# servers would give the answer half away ("Where does OVHcloud keep…": France, likely).
_PROMPTS_BY_ACCOUNT = {
    AccountKind.MAIL: N_("Where is the mail of {account} kept?"),
    AccountKind.FILES: N_("Where are the files of {account} kept?"),
}
COUNTRY_ASK = N_("In which country?")
LAW_ASK = N_("Which law reaches it?")
_PROGRESS = N_("Question {number} of {total}")
_KEPT = {
    (True, True): N_("{company} keeps these data in {city}, {country}."),
    (True, False): N_("{company} keeps these data {in_country}."),
    (False, True): N_("These data are kept in {city}, {country} (company unknown)."),
    (False, False): N_("These data are kept {in_country} (company unknown)."),
}
_ALSO_KEPT = N_("Some are also kept {places}.")
_RUN_BY = N_("The service is run by {entity}, based {in_country} (source: {source}, as of {date}).")
_RECAP = N_("{service}: {country}, {law}. {result}")
_RIGHT = {
    (True, True): N_("Right country, right law."),
    (True, False): N_("Right country, wrong law."),
    (False, True): N_("Wrong country, right law."),
    (False, False): N_("Wrong country, wrong law."),
}


@dataclass(frozen=True, slots=True)
class Guess:
    """What the room chose for one question (None: not chosen yet)."""

    country: str | None = None
    law: Jurisdiction | None = None


@dataclass(frozen=True, slots=True)
class Explanation:
    """Why the answer is what it is, in one language: where and by whom (``place``), who runs
    the service (``entity``, "" when the catalogue does not say), which law and why (``law``),
    and the legal texts with their dates and addresses (``sources``)."""

    place: str
    entity: str
    law: str
    sources: str

    @property
    def text(self) -> str:
        return "\n".join(part for part in (self.place, self.entity, self.law, self.sources) if part)


@dataclass(frozen=True, slots=True)
class Question:
    """One account to guess: its true places and law, and the choices offered."""

    account_key: str
    account: str  # the account's address or name (data)
    service: str | None  # the catalogue's name for its service, when it has one
    kind: AccountKind
    countries: tuple[str, ...]  # where its data are kept (ISO codes); the first is offered
    law: Jurisdiction  # the widest law reaching its storing servers
    country_choices: tuple[str, ...]  # ISO codes, the truth once, in a fixed order
    law_choices: tuple[Jurisdiction, ...]
    company: str | None  # who runs the storing servers (data)
    city: str | None  # the first storing place's city, when known
    verdict: Verdict | None  # the storing servers' verdict that reaches furthest
    addresses: tuple[str, ...]  # every server address of the account: a quiz hides them
    entity: str | None = None  # the catalogue's legal entity for the service (data)
    entity_country: str | None = None
    entity_source: str | None = None
    entity_as_of: str | None = None  # the catalogue's date ("YYYY-MM-DD")

    @property
    def country(self) -> str:
        return self.countries[0]

    @property
    def name(self) -> str:
        """How the recap names it: its service, else the account itself."""
        return self.service or self.account

    def prompt(self, language: str) -> str:
        """ "Where does Proton Mail keep your mail?" (never the company's name: a hint)."""
        tr = translations(language)
        if self.service is None:
            return tr.gettext(_PROMPTS_BY_ACCOUNT[self.kind]).format(account=self.account)
        return tr.gettext(_PROMPTS[self.kind]).format(service=self.service)

    def country_labels(self, language: str) -> tuple[tuple[str, str], ...]:
        """The country choices as (code, name in ``language``)."""
        return tuple((code, country_name(code, language)) for code in self.country_choices)

    def law_labels(self, language: str) -> tuple[tuple[Jurisdiction, str], ...]:
        """The law choices as (category, its words in ``language``)."""
        return tuple((law, category_label(law.value, language)) for law in self.law_choices)

    def points(self, guess: Guess) -> int:
        """One point for a country where the data are kept, one for the law."""
        return int(guess.country in self.countries) + int(guess.law is self.law)

    def verdict_on(self, guess: Guess, language: str) -> str:
        """ "Right country, wrong law." """
        right = (guess.country in self.countries, guess.law is self.law)
        return translations(language).gettext(_RIGHT[right])

    def explanation(self, language: str, home: str | None = None) -> Explanation:
        """The answer explained in ``language``; ``home`` (the reader's country) lets the law
        sentence say what the GDPR does for someone living in the EU."""
        tr = translations(language)
        name = country_name(self.country, language)
        template = _KEPT[(self.company is not None, self.city is not None)]
        place = tr.gettext(template).format(
            company=self.company,
            city=self.city,
            country=name,
            in_country=in_country(self.country, language),
        )
        if len(self.countries) > 1:
            others = [in_country(code, language) for code in self.countries[1:]]
            also = tr.gettext(_ALSO_KEPT).format(
                places=format_list(others, locale=babel_locale(language))
            )
            place = f"{place} {also}"
        entity = ""
        if self.entity and self.entity_country and self.entity_source and self.entity_as_of:
            entity = tr.gettext(_RUN_BY).format(
                entity=self.entity,
                in_country=in_country(self.entity_country, language),
                source=self.entity_source,
                date=format_as_of(self.entity_as_of, language),
            )
        if self.verdict is None:
            return Explanation(place, entity, category_label(self.law.value, language), "")
        return Explanation(
            place,
            entity,
            self.verdict.text(language, home),
            sources_text(self.verdict, tr, home, urls=True),
        )


@dataclass(frozen=True, slots=True)
class Quiz:
    """A round: the questions, the room's guesses, where it stands. Immutable: each step
    returns the next state. ``index`` past the last question: the round is over."""

    questions: tuple[Question, ...]
    guesses: tuple[Guess, ...]
    index: int = 0
    revealed: bool = False  # the current question's answer is shown

    @property
    def finished(self) -> bool:
        return self.index >= len(self.questions)

    @property
    def current(self) -> Question | None:
        return None if self.finished else self.questions[self.index]

    @property
    def guess(self) -> Guess:
        """The room's guess for the current question (empty once the round is over)."""
        return Guess() if self.finished else self.guesses[self.index]

    @property
    def score(self) -> int:
        """Points of the questions whose answers were shown."""
        shown = self.index + (1 if self.revealed and not self.finished else 0)
        return sum(q.points(g) for q, g in zip(self.questions[:shown], self.guesses, strict=False))

    @property
    def possible(self) -> int:
        """Points the room could have had so far."""
        shown = min(self.index + (1 if self.revealed else 0), len(self.questions))
        return POINTS_PER_QUESTION * shown

    @property
    def hidden(self) -> tuple[Question, ...]:
        """The questions whose answers are still hidden: the map must not show them."""
        start = self.index + (1 if self.revealed else 0)
        return self.questions[start:]

    def answer(self, *, country: str | None = None, law: Jurisdiction | None = None) -> Quiz:
        """The room's choice for the current question (a country, a law or both; what is not
        given is kept). Nothing changes once the answer is shown."""
        if self.finished or self.revealed:
            return self
        before = self.guesses[self.index]
        guess = Guess(
            country if country is not None else before.country,
            law if law is not None else before.law,
        )
        guesses = (*self.guesses[: self.index], guess, *self.guesses[self.index + 1 :])
        return replace(self, guesses=guesses)

    def reveal(self) -> Quiz:
        if self.finished or self.revealed:
            return self
        return replace(self, revealed=True)

    def next(self) -> Quiz:
        """The next question, once this one's answer was shown (past the last: finished)."""
        if self.finished or not self.revealed:
            return self
        return replace(self, index=self.index + 1, revealed=False)

    def progress(self, language: str) -> str:
        """ "Question 2 of 5" """
        number = min(self.index + 1, len(self.questions))
        return (
            translations(language)
            .gettext(_PROGRESS)
            .format(number=number, total=len(self.questions))
        )

    def recap(self, language: str) -> tuple[str, ...]:
        """A line per question whose answer was shown: the truth and how the room did
        ("Proton Mail: Switzerland, EU adequacy decision. Right country, wrong law.")."""
        tr = translations(language)
        shown = self.index + (1 if self.revealed and not self.finished else 0)
        return tuple(
            tr.gettext(_RECAP).format(
                service=question.name,
                country=country_name(question.country, language),
                law=category_label(question.law.value, language),
                result=question.verdict_on(guess, language),
            )
            for question, guess in zip(self.questions[:shown], self.guesses, strict=False)
        )

    def score_text(self, language: str) -> str:
        """ "3 points out of 4" """
        words = translations(language).ngettext(
            "{score} point out of {possible}", "{score} points out of {possible}", self.score
        )
        return words.format(score=self.score, possible=self.possible)


def build_quiz(
    placed: Iterable[PlacedAccount],
    catalogue: ServiceCatalogue | None = None,
    home: str | None = None,
) -> Quiz:
    """A question per account whose data have a known place, in the accounts' order; wrong
    countries from the other accounts, ``home`` and `COMMON_CLOUD_COUNTRIES`, in that order."""
    found = [(item, places) for item in placed if (places := _stored_places(item))]
    seen: set[str] = set()
    unique = []
    for item, places in found:
        if item.account.key not in seen:
            seen.add(item.account.key)
            unique.append((item, places))
    truths = [_countries(places) for _, places in unique]
    pool = [code for countries in truths for code in countries]
    pool += [home.upper()] if home else []
    pool += COMMON_CLOUD_COUNTRIES
    questions = tuple(
        _question(item, places, countries, pool, catalogue)
        for (item, places), countries in zip(unique, truths, strict=True)
    )
    return Quiz(questions, tuple(Guess() for _ in questions))


def _stored_places(placed: PlacedAccount) -> tuple[LocatedEndpoint, ...]:
    """The storing addresses with a place a map can show: public, not an edge, in a country
    (the places of the account's pins, app.core.accounts.pins)."""
    return tuple(
        located
        for located in placed.storage
        if located.scope is AddressScope.PUBLIC
        and located.location is not None
        and located.location.kind is not LocationKind.EDGE
        and located.location.country_code
    )


def _countries(places: tuple[LocatedEndpoint, ...]) -> tuple[str, ...]:
    return tuple(
        dict.fromkeys(
            p.location.country_code.upper()
            for p in places
            if p.location is not None and p.location.country_code
        )
    )


def _question(
    placed: PlacedAccount,
    places: tuple[LocatedEndpoint, ...],
    countries: tuple[str, ...],
    pool: list[str],
    catalogue: ServiceCatalogue | None,
) -> Question:
    account = placed.account
    truth = countries[0]
    wrong = [code for code in dict.fromkeys(pool) if code not in countries][: CHOICES - 1]
    # A fixed order that says nothing: by code, so the truth is not always first.
    choices = tuple(sorted((truth, *wrong)))
    verdicts = [
        verdict
        for server in placed.servers
        if server.server.role is ServerRole.STORES
        for verdict in server.verdicts
        if verdict is not None
    ]
    law = widest(v.category for v in verdicts)
    verdict = next((v for v in verdicts if v.category is law), None)
    first = next(
        p
        for p in places
        if p.location is not None and (p.location.country_code or "").upper() == truth
    )
    location = first.location
    city = (
        location.city if location is not None and location.kind is not LocationKind.ZONE else None
    )
    company = provider_label(first)
    service = catalogue.get(account.service) if catalogue and account.service else None
    as_of = catalogue.as_of.isoformat() if catalogue is not None and catalogue.as_of else None
    return Question(
        account_key=account.key,
        account=account_label(account),
        service=service.name if service is not None else None,
        kind=account.kind,
        countries=countries,
        law=law,
        country_choices=choices,
        law_choices=LAW_CHOICES if law in LAW_CHOICES else (*LAW_CHOICES, law),
        company=company,
        city=city or None,
        verdict=verdict,
        addresses=tuple(
            dict.fromkeys(ip for server in placed.servers for ip in server.answer.addresses)
        ),
        entity=service.entity if service is not None else None,
        entity_country=service.entity_country if service is not None else None,
        entity_source=service.entity_source if service is not None else None,
        entity_as_of=as_of,
    )
