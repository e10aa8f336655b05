"""Guess first: a bar under the map where a room guesses where each account keeps its data.

A trainer in front of a projector asks, for each account (the demo persona's or the user's
own), in which country its data are kept and which law reaches them; the room answers with the
big buttons, then "Reveal" (R) brings the place onto the map: the view glides to it, a ring
grows on its pin, then the explanation and the score appear. Until then the map keeps the
answers off it (`MapWidget.set_hidden`). The questions, choices and explanations are the core's
(app.core.quiz); this panel only shows them, large enough to read from the back of a room.
Nothing here blocks: the animations run on the event loop and say when they are done.
"""

from __future__ import annotations

from dataclasses import replace

from app.core.anonymise import AS_IS, Shown
from app.core.i18n import DEFAULT_LANGUAGE, translations
from app.core.jurisdiction import CATEGORY_COLOURS, Jurisdiction
from app.core.quiz import COUNTRY_ASK, LAW_ASK, Question, Quiz
from app.core.text import visible
from app.ui.appearance import palette_is_dark
from app.ui.map.widget import MapWidget
from app.ui.plain_text import plain_label
from app.ui.qt import (
    QAction,
    QButtonGroup,
    QColor,
    QEasingCurve,
    QEvent,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QKeySequence,
    QObject,
    QPainter,
    QPaintEvent,
    QPen,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    Qt,
    QVariantAnimation,
    QVBoxLayout,
    QWidget,
    Signal,
    Slot,
)

RING_MS = 1500  # the ring on the revealed place grows this long
RING_RADIUS = 110.0  # pixels it grows to
# Type sizes (points) for a projector: the question and the choices read from the back row.
PROMPT_PT, CHOICE_PT, TEXT_PT, PLACE_PT, LAW_PT, SOURCES_PT = 24, 16, 14, 17, 13, 10
ASK_WIDTH = 190  # pixels for "In which country?" beside the choices (it wraps)
RIGHT, WRONG = "#008566", "#b42318"  # the app's GDPR green and its error red
MUTED = "#4a5058"
# On a dark window (the system's dark mode, presenter view's black): lighter, still ≥ 4.5:1.
DARK_RIGHT, DARK_WRONG, DARK_MUTED = "#5fd3a5", "#ff8a80", "#b8bec6"
_BUTTON = (
    "QPushButton {{ font-size: {size}pt; padding: 8px 16px; border: 2px solid #8a9099;"
    " border-left: {left}px solid {chip}; border-radius: 6px; background: #ffffff;"
    " color: #1b1f24; }}"
    " QPushButton:checked {{ background: #dbe8ff; border-color: #1a56c4;"
    " border-left-color: {chip}; }}"
    " QPushButton:disabled {{ color: #1b1f24; }}"
)


def _sized(widget: QWidget, points: int, *, bold: bool = False) -> None:
    font = widget.font()
    font.setPointSize(points)
    font.setBold(bold)
    widget.setFont(font)


class RevealRing(QWidget):
    """Rings growing from an account's pin over the map, then gone: "it is here"."""

    finished = Signal()

    def __init__(self, map_widget: MapWidget) -> None:
        super().__init__(map_widget)
        self.setObjectName("revealRing")
        self.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        self._map = map_widget
        self._key = ""
        self._colour = QColor(CATEGORY_COLOURS["UNKNOWN"])
        self._animation = QVariantAnimation(self)
        self._animation.setDuration(RING_MS)
        self._animation.setStartValue(0.0)
        self._animation.setEndValue(1.0)
        self._animation.setEasingCurve(QEasingCurve.Type.OutCubic)
        self._animation.valueChanged.connect(self.update)
        self._animation.finished.connect(self._done)
        map_widget.installEventFilter(self)  # the rings cover the map at any size
        self.hide()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self._map and event.type() == QEvent.Type.Resize:
            self.setGeometry(self._map.rect())
        return False

    def play(self, account_key: str, colour: str) -> None:
        self._key = account_key
        self._colour = QColor(colour)
        self.setGeometry(self._map.rect())
        self.show()
        self.raise_()
        self._animation.stop()
        self._animation.start()

    def stop(self) -> None:
        self._animation.stop()
        self.hide()

    def progress(self) -> float:
        """How far the rings have grown (0 to 1; 0 when none is playing)."""
        value = self._animation.currentValue()
        return float(value) if self.is_playing() and isinstance(value, float | int) else 0.0

    def is_playing(self) -> bool:
        return self._animation.state() == QVariantAnimation.State.Running

    def _done(self) -> None:
        self.hide()
        self.finished.emit()

    def paintEvent(self, event: QPaintEvent) -> None:
        centre = self._map.pin_position(self._key)
        value = self._animation.currentValue()
        if centre is None or not isinstance(value, float | int):
            return
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        for delay in (0.0, 0.3):  # two rings, the second a little later
            t = (float(value) - delay) / (1.0 - delay)
            if not 0.0 <= t <= 1.0:
                continue
            colour = QColor(self._colour)
            colour.setAlphaF(1.0 - t)
            painter.setPen(QPen(colour, 7.0 * (1.0 - t) + 2.0))
            painter.setBrush(Qt.BrushStyle.NoBrush)
            radius = 14.0 + RING_RADIUS * t
            painter.drawEllipse(centre, radius, radius)
        painter.end()


class QuizPanel(QWidget):
    """One round of "Guess first": the question, the choices, Reveal, Next, the score, End.

    `changed` carries the new `Quiz` after every step (a presenter's view can follow it);
    `answerShown` says the reveal's animation is over and the explanation is on screen;
    `ended` says the round is closed and the map shows everything again.
    """

    changed = Signal(object)  # Quiz
    answerShown = Signal()
    ended = Signal()

    def __init__(
        self,
        map_widget: MapWidget,
        parent: QWidget | None = None,
        *,
        language: str = DEFAULT_LANGUAGE,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("quizPanel")
        self._map = map_widget
        self._language = language
        self._hiding: Shown = AS_IS  # Anonymise: the accounts' names and addresses hidden
        self._home: str | None = None
        self._quiz: Quiz | None = None
        self._hidden: tuple[Question, ...] | None = None  # what the map was told to hide
        self._waiting = ""  # the account whose pin the reveal waits for on the map
        self._shown = False  # the current answer's explanation is on screen
        self.ring = RevealRing(map_widget)
        self.ring.finished.connect(self._show_answer)
        map_widget.updated.connect(self._map_updated)

        self.progress = plain_label()
        self.progress.setObjectName("quizProgress")
        _sized(self.progress, TEXT_PT)
        self.score = plain_label()
        self.score.setObjectName("quizScore")
        self.score.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.score.setWordWrap(False)
        _sized(self.score, TEXT_PT, bold=True)
        self.end_button = QPushButton(self.tr("End"), self)
        self.end_button.setObjectName("quizEnd")
        self.end_button.setToolTip(self.tr("End the quiz: the map shows everything again"))
        self.end_button.clicked.connect(self.end)
        _sized(self.end_button, TEXT_PT)
        self.prompt = plain_label()
        self.prompt.setObjectName("quizPrompt")
        _sized(self.prompt, PROMPT_PT, bold=True)
        self.account = plain_label()
        self.account.setObjectName("quizAccount")
        _sized(self.account, TEXT_PT)
        self.account.setStyleSheet(f"color: {MUTED};")
        self.recap = plain_label()  # at the end: how the room did on each question
        self.recap.setObjectName("quizRecap")
        _sized(self.recap, CHOICE_PT)
        self.recap.hide()

        self.country_ask = plain_label()
        _sized(self.country_ask, TEXT_PT)
        self.law_ask = plain_label()
        _sized(self.law_ask, TEXT_PT)
        self.countries = QButtonGroup(self)
        self.countries.setExclusive(True)
        self.countries.idClicked.connect(self._country_clicked)
        self.laws = QButtonGroup(self)
        self.laws.setExclusive(True)
        self.laws.idClicked.connect(self._law_clicked)
        self.country_row = QHBoxLayout()
        self.country_row.setSpacing(10)
        self.law_grid = QGridLayout()  # two by two: a law's words are long
        self.law_grid.setSpacing(10)
        self.country_buttons: list[QPushButton] = []
        self.law_buttons: list[QPushButton] = []

        self.reveal_button = QPushButton(self.tr("Reveal"), self)
        self.reveal_button.setObjectName("quizReveal")
        self.reveal_button.setToolTip(self.tr("Show the answer on the map (R)"))
        self.reveal_button.clicked.connect(self.reveal)
        self.next_button = QPushButton(self.tr("Next"), self)
        self.next_button.setObjectName("quizNext")
        self.next_button.setToolTip(self.tr("The next question (N)"))
        self.next_button.clicked.connect(self.next_question)
        for button in (self.reveal_button, self.next_button):
            _sized(button, CHOICE_PT, bold=True)
            button.setMinimumHeight(48)
        self.result = plain_label()
        self.result.setObjectName("quizResult")
        _sized(self.result, CHOICE_PT, bold=True)

        # Keys a presenter reaches without looking: R reveals, N goes on.
        self.reveal_action = QAction(self.tr("Reveal"), self)
        self.reveal_action.setShortcut(QKeySequence("R"))
        self.reveal_action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        self.reveal_action.triggered.connect(self.reveal)
        self.next_action = QAction(self.tr("Next"), self)
        self.next_action.setShortcut(QKeySequence("N"))
        self.next_action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        self.next_action.triggered.connect(self.next_question)
        self.addAction(self.reveal_action)
        self.addAction(self.next_action)

        self.place = plain_label()
        self.place.setObjectName("quizPlace")
        _sized(self.place, PLACE_PT, bold=True)
        self.entity = plain_label()
        self.entity.setObjectName("quizEntity")
        _sized(self.entity, LAW_PT)
        self.law = plain_label()
        self.law.setObjectName("quizLaw")
        _sized(self.law, LAW_PT)
        self.sources = plain_label()
        self.sources.setObjectName("quizSources")
        _sized(self.sources, SOURCES_PT)
        self.sources.setStyleSheet(f"color: {MUTED};")

        head = QHBoxLayout()
        head.addWidget(self.progress)
        head.addSpacing(16)
        head.addWidget(self.account, 1)
        head.addWidget(self.score)
        head.addSpacing(16)
        head.addWidget(self.end_button)
        # Each row's question beside its choices: the height goes to the choices.
        for ask in (self.country_ask, self.law_ask):
            ask.setMaximumWidth(ASK_WIDTH)
        choices = QGridLayout()
        choices.setHorizontalSpacing(12)
        choices.setVerticalSpacing(10)
        choices.addWidget(self.country_ask, 0, 0, Qt.AlignmentFlag.AlignVCenter)
        choices.addLayout(self.country_row, 0, 1)
        choices.addWidget(self.law_ask, 1, 0, Qt.AlignmentFlag.AlignVCenter)
        choices.addLayout(self.law_grid, 1, 1)
        choices.setColumnStretch(1, 1)
        actions = QHBoxLayout()
        actions.addWidget(self.reveal_button)
        actions.addWidget(self.next_button)
        actions.addSpacing(16)
        actions.addWidget(self.result, 1)
        left = QVBoxLayout()
        left.addLayout(choices)
        left.addLayout(actions)
        left.addStretch(1)
        words = QFrame()
        words_layout = QVBoxLayout(words)
        words_layout.setContentsMargins(0, 0, 8, 0)
        for label in (self.place, self.entity, self.law, self.sources):
            words_layout.addWidget(label)
        words_layout.addStretch(1)
        self.explanation = QScrollArea(self)
        self.explanation.setObjectName("quizExplanation")
        self.explanation.setWidgetResizable(True)
        self.explanation.setFrameShape(QFrame.Shape.NoFrame)
        self.explanation.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.explanation.setWidget(words)
        self.explanation.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        body = QHBoxLayout()
        body.addLayout(left, 3)
        body.addSpacing(12)
        body.addWidget(self.explanation, 2)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 6, 8, 6)
        layout.addLayout(head)
        layout.addWidget(self.prompt)  # the whole width: the question on one line
        layout.addWidget(self.recap)
        layout.addLayout(body, 1)

    # -- the round

    @property
    def quiz(self) -> Quiz | None:
        return self._quiz

    @property
    def running(self) -> bool:
        return self._quiz is not None

    def answer_shown(self) -> bool:
        """Whether the current answer's explanation is on screen (the reveal is over)."""
        return self._shown

    def start(self, quiz: Quiz, home: str | None = None) -> None:
        """Play ``quiz`` from its first question: its answers leave the map at once. ``home``:
        the room's country, for what the GDPR does for people living in the EU."""
        self._home = home
        self._map.clear_selection()
        self._map.reset_view()
        self._set(quiz)

    def choose_country(self, code: str) -> None:
        if self._quiz is not None:
            self._set(self._quiz.answer(country=code))

    def choose_law(self, law: Jurisdiction) -> None:
        if self._quiz is not None:
            self._set(self._quiz.answer(law=law))

    @Slot()
    def reveal(self) -> None:
        """Show the current answer: on the map first (the view glides there, a ring grows on
        its pin), then the explanation and the score."""
        quiz = self._quiz
        question = quiz.current if quiz is not None else None
        if quiz is None or question is None or quiz.revealed:
            return
        self._waiting = question.account_key
        self._set(quiz.reveal())
        self._play_if_on_map()

    @Slot()
    def next_question(self) -> None:
        if self._quiz is None or not self._shown:
            return
        self._map.reset_view()
        self._set(self._quiz.next())

    @Slot()
    def end(self) -> None:
        """Close the round: every mark and pin back on the map."""
        if self._quiz is None:
            return
        self._quiz = None
        self._waiting = ""
        self._shown = False
        self.ring.stop()
        self._hidden = None
        self._map.set_hidden()
        self._map.reset_view()
        self.ended.emit()

    def _country_clicked(self, number: int) -> None:
        button = self.countries.button(number)
        if button is not None:
            self.choose_country(str(button.property("code")))

    def _law_clicked(self, number: int) -> None:
        button = self.laws.button(number)
        if button is not None:
            self.choose_law(Jurisdiction(str(button.property("law"))))

    # -- showing it

    def _set(self, quiz: Quiz) -> None:
        changed = quiz != self._quiz
        question_changed = self._quiz is None or quiz.index != self._quiz.index
        self._quiz = quiz
        hidden = quiz.hidden
        if hidden != self._hidden:  # a choice clicked changes nothing on the map
            self._hidden = hidden
            self._map.set_hidden(
                (ip for q in hidden for ip in q.addresses), (q.account_key for q in hidden)
            )
        if question_changed:
            self._shown = False
            self._fill_question(quiz)
        self._refresh(quiz)
        if changed:
            self.changed.emit(quiz)

    def _fill_question(self, quiz: Quiz) -> None:
        question = quiz.current
        for group, buttons in (
            (self.countries, self.country_buttons),
            (self.laws, self.law_buttons),
        ):
            for button in buttons:
                group.removeButton(button)
                button.deleteLater()
            buttons.clear()
        for label in (self.place, self.entity, self.law, self.sources, self.result):
            label.clear()
        self.entity.show()
        self.law.setText(
            self.tr("The room chooses a country and a law, then Reveal (R) shows the answer.")
        )
        tr = translations(self._language)
        self.country_ask.setText(tr.gettext(COUNTRY_ASK))
        self.law_ask.setText(tr.gettext(LAW_ASK))
        if question is None:
            self.prompt.setText(
                self.tr("Final score: %1").replace("%1", quiz.score_text(self._language))
            )
            self.account.clear()
            recap = "\n".join(map(visible, quiz.recap(self._language)))
            self.recap.setText(self._hiding.text(recap))
            return
        self.prompt.setText(self._hiding.text(visible(question.prompt(self._language))))
        self.account.setText(self._hiding.account(visible(question.account)))
        for number, (code, name) in enumerate(question.country_labels(self._language)):
            button = self._choice(name, CATEGORY_COLOURS["UNKNOWN"], chip=False)
            button.setProperty("code", code)
            self.countries.addButton(button, number)
            self.country_row.addWidget(button)
            self.country_buttons.append(button)
        for number, (law, words) in enumerate(question.law_labels(self._language)):
            button = self._choice(words, CATEGORY_COLOURS[law.value], chip=True)
            button.setProperty("law", law.value)
            self.laws.addButton(button, number)
            self.law_grid.addWidget(button, number // 2, number % 2)
            self.law_buttons.append(button)

    def _choice(self, text: str, colour: str, *, chip: bool) -> QPushButton:
        """A big checkable choice; a law's shows its colour as a band (its words say it too)."""
        button = QPushButton(text, self)
        button.setCheckable(True)
        button.setMinimumHeight(52)
        button.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        button.setProperty("words", text)
        button.setProperty(
            "style", _BUTTON.format(size=CHOICE_PT, left=14 if chip else 2, chip=colour)
        )
        button.setStyleSheet(str(button.property("style")))
        return button

    def _refresh(self, quiz: Quiz) -> None:
        question = quiz.current
        finished = question is None
        self.progress.setText("" if finished else quiz.progress(self._language))
        counted = self._counted(quiz)
        self.score.setText(self.tr("Score: %1").replace("%1", counted.score_text(self._language)))
        # Nothing to count before the first answer; at the end the final score says it.
        self.score.setVisible(counted.possible > 0 and not finished)
        for widget in (self.country_ask, self.law_ask, self.reveal_button, self.next_button):
            widget.setVisible(not finished)
        self.explanation.setVisible(not finished)
        self.recap.setVisible(finished)
        self.reveal_button.setEnabled(not finished and not quiz.revealed)
        self.next_button.setEnabled(self._shown)
        self.next_button.setText(
            self.tr("See the score") if quiz.index == len(quiz.questions) - 1 else self.tr("Next")
        )
        self.reveal_action.setEnabled(self.reveal_button.isEnabled())
        self.next_action.setEnabled(self._shown)
        if question is None:
            return
        guess = quiz.guess
        for button in self.country_buttons:
            code = str(button.property("code"))
            button.setChecked(code == guess.country)
            button.setEnabled(not quiz.revealed)
            button.setText(self._marked(button, code in question.countries, code == guess.country))
        for button in self.law_buttons:
            law = str(button.property("law"))
            button.setChecked(law == (guess.law.value if guess.law else None))
            button.setEnabled(not quiz.revealed)
            chosen = guess.law is not None and law == guess.law.value
            button.setText(self._marked(button, law == question.law.value, chosen))

    def _marked(self, button: QPushButton, right: bool, chosen: bool) -> str:
        """A choice's words, with ✓ on the right answer and ✗ on a wrong choice once the
        answer is shown (and a green or red frame: the mark says it without colour)."""
        text, style = str(button.property("words")), str(button.property("style"))
        mark, colour = "", ""
        if self._shown and right:
            mark, colour = "✓ ", RIGHT  # on a white button, whatever the window's colours
        elif self._shown and chosen:
            mark, colour = "✗ ", WRONG
        sides = "; ".join(f"border-{side}-color: {colour}" for side in ("top", "right", "bottom"))
        frame = f" QPushButton, QPushButton:checked {{ {sides}; }}" if colour else ""
        button.setStyleSheet(style + frame)
        return mark + text

    def _colour_texts(self) -> None:
        """The result, the account and the sources in colours the window's background lets
        a room read (light ones on presenter view's black)."""
        dark = palette_is_dark(self.palette())
        right, wrong, muted = (
            (DARK_RIGHT, DARK_WRONG, DARK_MUTED) if dark else (RIGHT, WRONG, MUTED)
        )
        quiz = self._quiz
        question = quiz.current if quiz is not None else None
        won = question is not None and quiz is not None and question.points(quiz.guess) == 2
        self.result.setStyleSheet(f"color: {right if won else wrong};")
        for label in (self.account, self.sources):
            label.setStyleSheet(f"color: {muted};")

    def set_shown(self, shown: Shown) -> None:
        """Anonymise on or off: the question, its account and the answer shown again."""
        self._hiding = shown
        quiz = self._quiz
        if quiz is None:
            return
        answered = self._shown
        self._fill_question(quiz)
        self._shown = False
        if answered:
            self._show_answer()
        else:
            self._refresh(quiz)

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.PaletteChange:
            self._colour_texts()

    def _counted(self, quiz: Quiz) -> Quiz:
        """The round as the score shows it: the current answer counts once it is on screen."""
        return replace(quiz, revealed=False) if quiz.revealed and not self._shown else quiz

    # -- the reveal

    def _map_updated(self) -> None:
        if self._waiting:
            self._play_if_on_map()

    def _play_if_on_map(self) -> None:
        """Glide to the pin and ring it once the map shows it; with no pin to show (the map
        has its picture and still none), the answer is said straight away."""
        key = self._waiting
        quiz = self._quiz
        question = quiz.current if quiz is not None else None
        if not key or question is None:
            return
        if self._map.glide_to_account(key):
            self._waiting = ""
            self.ring.play(key, CATEGORY_COLOURS[question.law.value])
        elif not self._map.is_updating():
            self._waiting = ""
            self._show_answer()

    def _show_answer(self) -> None:
        quiz = self._quiz
        question = quiz.current if quiz is not None else None
        if quiz is None or question is None or not quiz.revealed or self._shown:
            return
        self._shown = True
        said = question.explanation(self._language, self._home)
        self.place.setText(self._hiding.text(visible(said.place)))
        self.entity.setText(self._hiding.text(visible(said.entity)))
        self.entity.setVisible(bool(said.entity))
        self.law.setText(visible(said.law))
        self.sources.setText(visible(said.sources))
        self.result.setText(question.verdict_on(quiz.guess, self._language))
        self._colour_texts()
        self._refresh(quiz)
        self.answerShown.emit()
