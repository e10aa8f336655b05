"""Guess first in a real window on the demo persona: the quiz hides its answers on the map,
the room answers, "Reveal" brings the place back (the view glides there, a ring grows on the
pin), the explanation and the score follow, and "End" gives the map back whole.

The quiz is written against the accounts the window placed, whoever they belong to: the tests
read the questions from the panel, never a persona's particulars."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from app.core.demo import DemoResolver, DemoSource, demo_accounts_source, demo_details
from app.core.geo.viewport import HOME_BOUNDS, Viewport
from app.core.quiz import Question, Quiz, build_quiz
from app.core.settings import Settings, SettingsStore
from app.ui.i18n import install_translators
from app.ui.main_window import MainWindow
from app.ui.qt import QApplication, QLocale, QPushButton, Qt
from app.ui.quiz_panel import QuizPanel
from app.ui.services import open_embedded_locator
from app.ui.tasks import TaskRunner
from tests.fixtures.personas import LEA
from tests.fixtures.windows import WAIT_MS

ARTIFACTS = Path(__file__).resolve().parents[1] / "artifacts"


def demo_window(qtbot: Any, tmp_path: Path, runner: TaskRunner, language: str = "en") -> MainWindow:
    store = SettingsStore(tmp_path / "config")
    store.save(Settings(poll_interval_s=0.2, language=language))
    window = MainWindow(
        DemoSource(LEA),
        None,
        DemoResolver(LEA),
        store,
        runner,
        show_flags=False,
        open_locator=open_embedded_locator,
        system_home=lambda: LEA.home,
        entry_details=demo_details(LEA),
        mode="Demo",
        accounts_source=demo_accounts_source(LEA),
    )
    qtbot.addWidget(window)
    window.resize(1600, 1000)
    window.show()
    qtbot.waitExposed(window)
    return window


def ready(qtbot: Any, window: MainWindow) -> Quiz:
    """The window once its accounts are placed and their servers' marks are on the map: the
    quiz it will play (the same one: built from the same accounts)."""
    qtbot.waitUntil(window.quiz_action.isEnabled, timeout=WAIT_MS)
    qtbot.waitUntil(lambda: not window.accounts.busy, timeout=WAIT_MS)
    quiz = build_quiz(
        window.accounts.placed_accounts, window.accounts.catalogue, window.home_country
    )
    assert quiz.questions
    qtbot.waitUntil(
        lambda: all(on_map(window, q) for q in quiz.questions) and not window.map.is_updating(),
        timeout=WAIT_MS,
    )
    return quiz


def marks_of(window: MainWindow, question: Question) -> bool:
    return any(window.map.view.mark_for_ip(ip) is not None for ip in question.addresses)


def pinned(window: MainWindow, question: Question) -> bool:
    return any(p.pin.account_key == question.account_key for p in window.map.view.pins)


def on_map(window: MainWindow, question: Question) -> bool:
    return marks_of(window, question) and pinned(window, question)


def hidden(window: MainWindow, question: Question) -> bool:
    return not marks_of(window, question) and not pinned(window, question)


def button(buttons: list[QPushButton], words: str) -> QPushButton:
    found = [b for b in buttons if b.text() == words]
    assert len(found) == 1, [b.text() for b in buttons]
    return found[0]


def test_a_round_hides_the_answers_reveals_them_and_ends(
    qtbot: Any, tmp_path: Path, runner: TaskRunner
) -> None:
    window = demo_window(qtbot, tmp_path, runner)
    quiz = ready(qtbot, window)
    panel: QuizPanel = window.quiz_panel
    assert "Ctrl+G" in window.quiz_action.shortcut().toString()
    assert window.quiz_action in window.view_menu.actions()

    window.quiz_action.trigger()
    assert panel.isVisible() and not window.tabs.isVisible()  # the lists would tell
    assert panel.quiz == quiz
    qtbot.waitUntil(
        lambda: all(hidden(window, q) for q in quiz.questions) and not window.map.is_updating(),
        timeout=WAIT_MS,
    )
    first = quiz.questions[0]
    assert panel.progress.text() == f"Question 1 of {len(quiz.questions)}"
    assert panel.prompt.text() == first.prompt("en")
    assert [b.text() for b in panel.country_buttons] == [n for _, n in first.country_labels("en")]
    assert [b.text() for b in panel.law_buttons] == [w for _, w in first.law_labels("en")]
    assert not panel.next_button.isEnabled()
    assert not panel.score.isVisible()  # nothing to count yet

    # The room: the right country, a wrong law (a click each).
    right = dict(first.country_labels("en"))[first.country]
    wrong_law = next(law for law in first.law_choices if law is not first.law)
    wrong = dict(first.law_labels("en"))[wrong_law]
    with qtbot.waitSignal(panel.changed, timeout=WAIT_MS) as step:  # a presenter's view follows
        qtbot.mouseClick(button(panel.country_buttons, right), Qt.MouseButton.LeftButton)
    assert step.args == [quiz.answer(country=first.country)]
    qtbot.mouseClick(button(panel.law_buttons, wrong), Qt.MouseButton.LeftButton)
    assert panel.quiz is not None and panel.quiz.guess.country == first.country
    assert panel.quiz.guess.law is wrong_law

    before = window.map.viewport()
    window.map.setFocus()
    with qtbot.waitSignal(panel.answerShown, timeout=WAIT_MS):
        qtbot.keyClick(window.map, Qt.Key.Key_R)  # the presenter's key, wherever the focus is
        qtbot.waitUntil(panel.ring.is_playing, timeout=WAIT_MS)
        assert not panel.answer_shown()  # the place comes first, the words after
    # The place is back on the map, the view went there, the others stay hidden.
    assert on_map(window, first)
    assert all(hidden(window, q) for q in quiz.questions[1:])
    pin = window.map.pin_position(first.account_key)
    assert pin is not None and window.map.rect().contains(pin.toPoint())
    assert window.map.viewport() != before
    assert not panel.ring.isVisible()
    assert panel.result.text() == "Right country, wrong law."
    assert panel.score.text() == "Score: 1 point out of 2"
    said = first.explanation("en", window.home_country)
    assert panel.place.text() == said.place and panel.law.text() == said.law
    assert panel.sources.text() == said.sources and "as of" in said.sources
    assert button(panel.country_buttons, f"✓ {right}")
    assert button(panel.law_buttons, f"✗ {wrong}")
    assert not any(b.isEnabled() for b in panel.country_buttons)  # the guess is kept

    # On to the end of the round, the remaining questions revealed one by one.
    for number, question in enumerate(quiz.questions[1:], start=2):
        qtbot.mouseClick(panel.next_button, Qt.MouseButton.LeftButton)
        assert panel.progress.text() == f"Question {number} of {len(quiz.questions)}"
        assert panel.prompt.text() == question.prompt("en")
        assert not panel.answer_shown()
        with qtbot.waitSignal(panel.answerShown, timeout=WAIT_MS):
            panel.reveal()  # the slot a presenter's view calls
        assert on_map(window, question)
    qtbot.mouseClick(panel.next_button, Qt.MouseButton.LeftButton)
    assert panel.quiz is not None and panel.quiz.finished
    assert panel.prompt.text() == "Final score: 1 point out of " + str(2 * len(quiz.questions))
    assert not panel.reveal_button.isVisible() and not panel.country_buttons
    assert panel.recap.text() == "\n".join(panel.quiz.recap("en"))  # how the room did
    assert len(panel.quiz.recap("en")) == len(quiz.questions)

    with qtbot.waitSignal(panel.ended, timeout=WAIT_MS):
        qtbot.mouseClick(panel.end_button, Qt.MouseButton.LeftButton)
    assert not panel.isVisible() and window.tabs.isVisible()
    qtbot.waitUntil(lambda: all(on_map(window, q) for q in quiz.questions), timeout=WAIT_MS)
    assert window.map.hidden_accounts == frozenset()
    # The whole world again, as the map opens.
    assert window.map.viewport() == Viewport.fit(
        HOME_BOUNDS, window.map.width(), window.map.height()
    )


def test_the_map_keeps_hiding_while_the_demo_goes_on(
    qtbot: Any, tmp_path: Path, runner: TaskRunner
) -> None:
    """New polls bring the hidden servers' connections again: they stay off the map, and a
    place chosen on the map does not name a hidden account either."""
    window = demo_window(qtbot, tmp_path, runner)
    quiz = ready(qtbot, window)
    window.start_quiz()
    polls = 0

    def counted() -> None:
        nonlocal polls
        polls += 1

    window.pollApplied.connect(counted)
    qtbot.waitUntil(lambda: polls >= 3 and not window.map.is_updating(), timeout=WAIT_MS)
    assert all(hidden(window, q) for q in quiz.questions)
    assert window.map.hidden_accounts == {q.account_key for q in quiz.questions}
    window.quiz_panel.end()
    qtbot.waitUntil(lambda: all(on_map(window, q) for q in quiz.questions), timeout=WAIT_MS)


@pytest.fixture
def french(qapp: QApplication) -> Iterator[str]:
    translators = install_translators(qapp, "fr")
    yield "fr"
    for translator in translators:
        qapp.removeTranslator(translator)
    QLocale.setDefault(QLocale("en"))


def test_a_question_and_a_reveal_in_french_for_a_room(
    qtbot: Any, tmp_path: Path, runner: TaskRunner, french: str
) -> None:
    """What the back row sees (tests/artifacts/quiz-question-fr.png, quiz-reveal-fr.png)."""
    window = demo_window(qtbot, tmp_path, runner, language=french)
    quiz = ready(qtbot, window)
    panel = window.quiz_panel
    window.start_quiz()
    first = quiz.questions[0]
    qtbot.waitUntil(lambda: hidden(window, first) and not window.map.is_updating(), timeout=WAIT_MS)
    assert panel.prompt.text() == first.prompt("fr")
    assert panel.progress.text() == f"Question 1 sur {len(quiz.questions)}"
    assert panel.reveal_button.text() == "Révéler"
    assert panel.country_ask.text() == "Dans quel pays ?"
    panel.choose_country(first.country_choices[0])
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    qtbot.wait(0)
    assert window.grab().save(str(ARTIFACTS / "quiz-question-fr.png"))
    # Large type: the question and the choices read from the back of a room.
    assert panel.prompt.font().pointSize() >= 20
    assert all(b.font().pointSize() >= 14 for b in panel.country_buttons + panel.law_buttons)

    with qtbot.waitSignal(panel.answerShown, timeout=WAIT_MS):
        panel.reveal()
        qtbot.waitUntil(lambda: panel.ring.progress() >= 0.25, timeout=WAIT_MS)
        assert window.grab().save(str(ARTIFACTS / "quiz-ring-fr.png"))  # the place, first
    assert panel.place.text() == first.explanation("fr", window.home_country).place
    assert panel.score.text().startswith("Score : ")
    # The words laid out whole (wrapped labels take their height in a later pass).
    qtbot.waitUntil(
        lambda: (
            not window.map.is_updating()
            and all(
                label.height() >= label.heightForWidth(label.width())
                for label in (panel.place, panel.entity, panel.law, panel.sources)
            )
        ),
        timeout=WAIT_MS,
    )
    assert window.grab().save(str(ARTIFACTS / "quiz-reveal-fr.png"))


def test_an_anonymised_round_never_shows_the_accounts_addresses(
    qtbot: Any, tmp_path: Path, runner: TaskRunner
) -> None:
    """A trainer's own accounts in a quiz, Anonymise on: the question names the service or a
    token, the account line and the explanation too."""
    window = demo_window(qtbot, tmp_path, runner)
    quiz = ready(qtbot, window)
    with qtbot.waitSignal(window.anonymisedChanged, timeout=WAIT_MS):
        window.anonymise_action.trigger()
    window.quiz_action.trigger()
    panel = window.quiz_panel
    addresses = [a.address for a in LEA.accounts if a.address]
    for _question in quiz.questions:
        with qtbot.waitSignal(panel.answerShown, timeout=WAIT_MS):
            panel.reveal()
        shown = [panel.prompt.text(), panel.account.text(), panel.place.text(), panel.law.text()]
        assert not [a for a in addresses for text in shown if a in text]
        panel.next_question()
    assert not [a for a in addresses if a in panel.recap.text()]
    assert panel.recap.text()  # the recap is there, by service or token
