"""The workshop, end to end (issue 14's "done when"): a trainer with no network opens the demo,
switches to presenter view, runs a guess-first round in French and exports the persona's
report — and nothing of their own machine appears anywhere: not their login, not their
computer's name, not its addresses, in the window or in the report. Any attempt to reach the
network during the show fails the test."""

from __future__ import annotations

import getpass
import socket
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import psutil
import pytest

from app.core.anonymise import MIN_NAME
from app.core.report.produce import ReportFormat, ReportOptions
from app.core.settings import Settings, SettingsStore
from app.ui.i18n import install_translators
from app.ui.launch import demo_window
from app.ui.qt import QApplication, QLocale, Qt
from app.ui.report_dialog import ReportRequest
from app.ui.tasks import TaskRunner
from tests.fixtures.personas import LEA
from tests.fixtures.visible_text import leaks, pdf_text_and_metadata, shown_texts
from tests.fixtures.windows import WAIT_MS

ARTIFACTS = Path(__file__).resolve().parents[1] / "artifacts"
REPORT_MS = 120_000


@pytest.fixture
def french(qapp: QApplication) -> Iterator[None]:
    translators = install_translators(qapp, "fr")
    yield
    for translator in translators:
        qapp.removeTranslator(translator)
    QLocale.setDefault(QLocale("en"))


@pytest.fixture
def no_network(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Every way out of this process to another machine is refused and noted."""
    tried: list[str] = []

    def refuse(what: str) -> Any:
        def refused(*args: object, **_kwargs: object) -> Any:
            tried.append(f"{what}{args[1:2]}")
            raise OSError("no network in the workshop room")

        return refused

    monkeypatch.setattr(socket.socket, "connect", refuse("connect"))
    monkeypatch.setattr(socket.socket, "sendto", refuse("sendto"))
    monkeypatch.setattr(socket, "getaddrinfo", refuse("getaddrinfo"))
    return tried


def this_machine() -> list[str]:
    """The trainer's own: login and computer names (three letters or more: shorter ones are
    parts of ordinary words), and the machine's addresses other than loopback."""
    names = [getpass.getuser(), socket.gethostname(), socket.gethostname().split(".")[0]]
    words = [name for name in names if len(name) >= MIN_NAME]
    for addresses in psutil.net_if_addrs().values():
        for address in addresses:
            ip = address.address.split("%")[0]
            if address.family in (socket.AF_INET, socket.AF_INET6) and ip not in (
                "127.0.0.1",
                "::1",
            ):
                words.append(ip)
    return sorted(set(words))


def test_a_trainer_runs_the_workshop_offline_in_french(
    qtbot: Any, tmp_path: Path, runner: TaskRunner, french: None, no_network: list[str]
) -> None:
    store = SettingsStore(tmp_path / "config")
    store.save(Settings(poll_interval_s=0.2, language="fr"))
    window = demo_window(store, runner, "lea")
    qtbot.addWidget(window)
    window.resize(1920, 1080)
    window.show()
    qtbot.waitExposed(window)
    window.set_speed(8.0)
    qtbot.waitUntil(
        lambda: {s.ip for s in LEA.servers} <= set(window.entries.by_ip), timeout=60_000
    )
    qtbot.waitUntil(window.quiz_action.isEnabled, timeout=WAIT_MS)
    qtbot.waitUntil(lambda: not window.accounts.busy, timeout=WAIT_MS)

    # Presenter view, as a clicker starts it.
    window.activateWindow()
    qtbot.keyClick(window, Qt.Key.Key_F5)
    assert window.presenter.active and window.isFullScreen()
    qtbot.keyClick(window.map, Qt.Key.Key_PageDown)
    assert window.presenter.caption_text()

    # A guess-first round in French: the room answers, R reveals, N goes on.
    window.quiz_action.trigger()
    panel = window.quiz_panel
    quiz = panel.quiz
    assert quiz is not None and len(quiz.questions) >= 3
    assert panel.prompt.text().startswith("Où ")
    for number, question in enumerate(quiz.questions, start=1):
        assert panel.progress.text() == f"Question {number} sur {len(quiz.questions)}"
        panel.choose_country(question.country)  # the room is right about the country…
        panel.choose_law(next(law for law in question.law_choices if law is not question.law))
        with qtbot.waitSignal(panel.answerShown, timeout=WAIT_MS):
            qtbot.keyClick(window.map, Qt.Key.Key_R)  # presenter view's reveal
        if number == 1:
            window.grab().save(str(ARTIFACTS / "workshop-quiz-reveal-fr.png"))
        qtbot.keyClick(window.map, Qt.Key.Key_N)
    assert panel.quiz is not None and panel.quiz.finished
    assert panel.quiz.score == len(quiz.questions)  # …and wrong about every law
    said = panel.quiz.score_text("fr")
    assert said.startswith(f"{len(quiz.questions)} points sur") and said in panel.score.text()
    window.grab().save(str(ARTIFACTS / "workshop-final-fr.png"))
    texts = [*shown_texts(window), window.presenter.caption_text()]
    panel.end()
    qtbot.keyClick(window.map, Qt.Key.Key_Escape)
    assert not window.presenter.active

    # The persona's report, in French.
    report = tmp_path / "rapport-lea.pdf"
    with qtbot.waitSignal(window.reportWritten, timeout=REPORT_MS):
        window.write_report(
            ReportRequest(report, ReportOptions(ReportFormat.PDF, "fr", machine=True))
        )
    pdf = pdf_text_and_metadata(report)
    assert "Léa" in window.status_mode.text() and "Roubaix" in pdf and "OVHcloud" in pdf
    texts += shown_texts(window)

    private = this_machine()
    assert leaks(texts, private) == []
    assert leaks([pdf], private) == []
    assert no_network == []  # not one connection, DNS question or datagram
    window.close()
