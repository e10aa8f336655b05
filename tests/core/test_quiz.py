"""Guess first (app.core.quiz): the questions come from placed accounts, the wrong choices from
data in a fixed order, and the score from the room's guesses once each answer is shown."""

from __future__ import annotations

from datetime import date

import pytest

from app.core.accounts.catalogue import Service, ServiceCatalogue, ServiceKind
from app.core.accounts.model import Account, AccountKind, AccountServer, ServerRole
from app.core.accounts.placing import PlacedAccount, PlacedServer
from app.core.dns.forward import ForwardAnswer
from app.core.jurisdiction import Jurisdiction, Role, category_label, verdict
from app.core.model import AddressScope, Endpoint, LocatedEndpoint, Location, LocationKind
from app.core.providers import Provider
from app.core.quiz import COMMON_CLOUD_COUNTRIES, LAW_CHOICES, Guess, Quiz, build_quiz

SWISS = Provider("swissmail", "Swiss Mail", "CH", (64500,), (), ("mail",), False, None, ())
US_PHOTOS = Provider("usphotos", "US Photos", "US", (64501,), (), ("photos",), False, None, ())
GERMAN = Provider("dehost", "DE Hosting", "DE", (64502,), (), ("hosting",), False, None, ())


def located(
    ip: str,
    country: str,
    provider: Provider | None,
    *,
    city: str | None = None,
    kind: LocationKind = LocationKind.EXACT,
    scope: AddressScope = AddressScope.PUBLIC,
) -> LocatedEndpoint:
    return LocatedEndpoint(
        Endpoint(ip),
        scope,
        Location(country, city, 46.0, 6.0, kind=kind),
        provider=provider,
    )


def placed(
    key: str,
    kind: AccountKind,
    *stores: LocatedEndpoint,
    transit: tuple[LocatedEndpoint, ...] = (),
    service: str | None = None,
) -> PlacedAccount:
    """An account as the placing step leaves it: its servers resolved, located and judged."""
    servers = []
    for role, items in ((ServerRole.STORES, stores), (ServerRole.TRANSIT, transit)):
        if not items:
            continue
        host = f"{role.value}.{key}.example"
        said = Role.STORES if role is ServerRole.STORES else Role.TALKS
        servers.append(
            PlacedServer(
                AccountServer(host, 993, "imap", role),
                ForwardAnswer(host, tuple(item.ip for item in items)),
                items,
                tuple(
                    verdict(
                        item.location.country_code if item.location else None,
                        item.provider,
                        role=said,
                    )
                    for item in items
                ),
            )
        )
    account = Account(
        key, kind, "Thunderbird", key, f"{key}@example.org", tuple(s.server for s in servers),
        None, service,
    )  # fmt: skip
    return PlacedAccount(account, tuple(servers))


CATALOGUE = ServiceCatalogue(
    (
        Service(
            "swissmail",
            "Swiss Mail Service",
            ServiceKind.MAIL,
            entity="Swiss Mail AG",
            entity_country="CH",
            entity_source="https://swissmail.example/legal",
        ),
    ),
    as_of=date(2026, 5, 1),
)


def accounts() -> tuple[PlacedAccount, ...]:
    return (
        placed(
            "mail",
            AccountKind.MAIL,
            located("198.51.100.1", "CH", SWISS, city="Geneva"),
            transit=(located("198.51.100.2", "CH", SWISS),),
            service="swissmail",
        ),
        placed(
            "photos",
            AccountKind.FILES,
            located("198.51.100.3", "US", US_PHOTOS, city="Ashburn"),
            located("198.51.100.4", "IE", US_PHOTOS, city="Dublin"),
        ),
        # An edge's country says nothing of where data are kept: no question.
        placed(
            "edge", AccountKind.MAIL, located("198.51.100.5", "IE", None, kind=LocationKind.EDGE)
        ),
        # Nor does an address on the user's own network.
        placed(
            "home",
            AccountKind.FILES,
            located("192.168.1.5", "FR", None, scope=AddressScope.LOCAL_NETWORK),
        ),
        placed("backup", AccountKind.FILES, located("198.51.100.6", "DE", GERMAN)),
    )


def test_a_question_per_account_whose_data_have_a_known_place() -> None:
    quiz = build_quiz(accounts(), CATALOGUE, home="FR")
    assert [q.account_key for q in quiz.questions] == ["mail", "photos", "backup"]
    mail, photos, backup = quiz.questions
    assert (mail.country, mail.law) == ("CH", Jurisdiction.ADEQUACY)
    assert photos.countries == ("US", "IE") and photos.law is Jurisdiction.US_REACH
    assert (backup.country, backup.law) == ("DE", Jurisdiction.EU_GDPR)
    assert mail.service == "Swiss Mail Service"  # the catalogue's name for it
    assert photos.service is None  # no service known: asked by the account's own name,
    assert (
        photos.prompt("en") == f"Where are the files of {photos.account} kept?"
    )  # not its company
    assert photos.name == photos.account
    assert mail.addresses == ("198.51.100.1", "198.51.100.2")  # transit too: the map hides all
    assert quiz.current is mail and not quiz.finished


def test_the_choices_hold_the_truth_once_and_distinct_wrong_ones() -> None:
    quiz = build_quiz(accounts(), CATALOGUE, home="FR")
    for question in quiz.questions:
        choices = question.country_choices
        assert len(choices) == 4 and len(set(choices)) == 4
        assert sum(code in question.countries for code in choices) == 1
        assert question.country in choices
        assert question.law_choices == LAW_CHOICES
        assert question.law_choices.count(question.law) == 1
    mail, photos, backup = quiz.questions
    # From data, in order: the other accounts' countries, then home, then the common clouds.
    assert set(mail.country_choices) == {"CH", "US", "IE", "DE"}
    assert set(photos.country_choices) == {"US", "CH", "DE", "FR"}  # IE is true too: not offered
    assert set(backup.country_choices) == {"DE", "CH", "US", "IE"}
    lonely = build_quiz(accounts()[:1], CATALOGUE, home=None).questions[0]
    assert set(lonely.country_choices) == {"CH", *COMMON_CLOUD_COUNTRIES[:3]}


def test_the_same_accounts_give_the_same_quiz() -> None:
    assert build_quiz(accounts(), CATALOGUE, "FR") == build_quiz(accounts(), CATALOGUE, "FR")
    first = build_quiz(accounts(), CATALOGUE, "FR").questions[0].country_choices
    assert first == tuple(sorted(first))  # a fixed order that does not put the truth first


def test_scoring_right_wrong_and_partial() -> None:
    quiz = build_quiz(accounts(), CATALOGUE, home="FR")
    quiz = quiz.answer(country="CH").answer(law=Jurisdiction.ADEQUACY)
    assert quiz.guess == Guess("CH", Jurisdiction.ADEQUACY)
    assert quiz.score == 0 and quiz.possible == 0  # nothing counts before the answer is shown
    quiz = quiz.reveal()
    assert (quiz.score, quiz.possible) == (2, 2)
    assert quiz.answer(country="US").guess.country == "CH"  # shown: the guess is kept
    assert quiz.hidden == quiz.questions[1:]
    quiz = quiz.next()
    assert quiz.current is quiz.questions[1] and quiz.guess == Guess()
    # Either true country counts; a wrong law does not.
    quiz = quiz.answer(country="IE", law=Jurisdiction.EU_GDPR).reveal()
    assert (quiz.score, quiz.possible) == (3, 4)
    quiz = quiz.next().answer(country="FR", law=Jurisdiction.OTHER).reveal()
    assert (quiz.score, quiz.possible) == (3, 6)


def test_the_round_ends_after_the_last_answer() -> None:
    quiz = build_quiz(accounts()[:1], CATALOGUE, home="FR")
    assert quiz.next() == quiz  # not before its answer is shown
    quiz = quiz.reveal()
    assert not quiz.finished and quiz.hidden == ()
    quiz = quiz.next()
    assert quiz.finished and quiz.current is None and quiz.hidden == ()
    assert quiz.reveal() == quiz and quiz.next() == quiz and quiz.answer(country="CH") == quiz
    assert (quiz.score, quiz.possible) == (0, 2)
    empty = build_quiz((), CATALOGUE)
    assert empty.finished and empty.questions == () and empty == Quiz((), ())


def test_english_words() -> None:
    quiz = build_quiz(accounts(), CATALOGUE, home="FR")
    mail, photos, _ = quiz.questions
    assert quiz.progress("en") == "Question 1 of 3"
    assert mail.prompt("en") == "Where does Swiss Mail Service keep your mail?"
    assert photos.prompt("en") == "Where are the files of photos@example.org kept?"
    assert dict(mail.country_labels("en"))["CH"] == "Switzerland"
    assert dict(mail.law_labels("en"))[Jurisdiction.US_REACH] == "US law reach"
    shown = quiz.answer(country="CH", law=Jurisdiction.OTHER).reveal()
    assert shown.score_text("en") == "1 point out of 2"
    assert mail.verdict_on(shown.guess, "en") == "Right country, wrong law."
    said = mail.explanation("en", home="FR")
    assert said.place == "Swiss Mail keeps these data in Geneva, Switzerland."
    assert said.entity == (
        "The service is run by Swiss Mail AG, based in Switzerland "
        "(source: https://swissmail.example/legal, as of May 1, 2026)."
    )
    assert mail.verdict is not None and said.law == mail.verdict.text("en", "FR")
    # The law's texts, each with its date and where to read it.
    for source in mail.verdict.sources_for("FR"):
        assert f"<{source.url}>" in said.sources
    assert said.sources.startswith("Sources: ") and "(as of May 2026)" in said.sources
    done = shown.next().answer(country="US", law=Jurisdiction.US_REACH).reveal()
    assert done.recap("en") == (
        "Swiss Mail Service: Switzerland, EU adequacy decision. Right country, wrong law.",
        "photos@example.org: United States, US law reach. Right country, right law.",
    )
    assert photos.explanation("en").place == (
        "US Photos keeps these data in Ashburn, United States. Some are also kept in Ireland."
    )


def test_french_words() -> None:
    """The French of resources/i18n/core/fr.po (three plural forms there)."""
    quiz = build_quiz(accounts(), CATALOGUE, home="FR")
    mail, photos, _ = quiz.questions
    assert quiz.progress("fr") == "Question 1 sur 3"
    assert mail.prompt("fr") == "Où votre courrier Swiss Mail Service est-il conservé ?"
    assert photos.prompt("fr") == "Où sont conservés les fichiers de photos@example.org ?"
    assert dict(mail.country_labels("fr"))["CH"] == "Suisse"
    assert dict(mail.law_labels("fr"))[Jurisdiction.EU_GDPR] == category_label("EU_GDPR", "fr")
    shown = quiz.answer(country="US", law=Jurisdiction.ADEQUACY).reveal()
    assert shown.score_text("fr") == "1 point sur 2"
    assert mail.verdict_on(shown.guess, "fr") == "Mauvais pays, bon droit."
    assert quiz.answer(country="CH", law=Jurisdiction.ADEQUACY).reveal().score_text("fr") == (
        "2 points sur 2"
    )
    said = mail.explanation("fr", home="FR")
    assert said.place == "Swiss Mail conserve ces données à Geneva, Suisse."
    assert said.entity.startswith("Le service est exploité par Swiss Mail AG, dont le siège est ")
    assert "(source : https://swissmail.example/legal, état : 1er mai 2026)" in said.entity
    assert said.sources.startswith("Sources : ") and "(état : mai 2026)" in said.sources
    assert shown.recap("fr") == (
        "Swiss Mail Service : Suisse, Décision d’adéquation de l’UE. Mauvais pays, bon droit.",
    )
    assert photos.explanation("fr").place.endswith("Une partie est aussi conservée en Irlande.")


@pytest.mark.parametrize("language", ["en", "fr"])
def test_a_question_without_company_or_city_says_so(language: str) -> None:
    bare = placed("bare", AccountKind.MAIL, located("198.51.100.9", "SG", None))
    question = build_quiz((bare,)).questions[0]
    assert question.company is None and question.law is Jurisdiction.OTHER
    place = question.explanation(language).place
    assert ("company unknown" if language == "en" else "entreprise inconnue") in place
