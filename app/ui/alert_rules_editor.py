"""The alert rules in the Settings dialog: a list of rules in words, a row to add one, and a
way back to the defaults. Edits a copy; the dialog reads `rules()` on OK."""

from __future__ import annotations

from collections.abc import Iterable

from app.core.history.rules import DEFAULT_RULES, MAX_PROGRAM_CHARS, AlertKind, AlertRule
from app.core.jurisdiction import Jurisdiction
from app.core.model import Category
from app.core.text import visible
from app.ui.palette import jurisdiction_label
from app.ui.qt import (
    QT_TRANSLATE_NOOP,
    QComboBox,
    QCoreApplication,
    QHBoxLayout,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    Qt,
    QVBoxLayout,
    QWidget,
)

_RULE_ROLE = int(Qt.ItemDataRole.UserRole)
_CONTEXT = "AlertRulesEditor"
_NEW_COUNTRY = QT_TRANSLATE_NOOP("AlertRulesEditor", "A new country")
_NEW_COMPANY = QT_TRANSLATE_NOOP("AlertRulesEditor", "A new company")
_UNDER_LAW = QT_TRANSLATE_NOOP("AlertRulesEditor", "A place under %1")
_DATA = {
    "": QT_TRANSLATE_NOOP("AlertRulesEditor", "any data"),
    Category.MAIL.value: QT_TRANSLATE_NOOP("AlertRulesEditor", "mail"),
    Category.PHOTOS.value: QT_TRANSLATE_NOOP("AlertRulesEditor", "photos and files"),
    Category.OTHER.value: QT_TRANSLATE_NOOP("AlertRulesEditor", "other data"),
}
_ANY_PROGRAM = QT_TRANSLATE_NOOP("AlertRulesEditor", "any program")
# What, for which program, for which data: "A new country — any program, mail".
_RULE = QT_TRANSLATE_NOOP("AlertRulesEditor", "%1 — %2, %3")


def _tr(text: str) -> str:
    return QCoreApplication.translate(_CONTEXT, text)


def what_label(kind: AlertKind, regime: str = "") -> str:
    """What a rule watches for, in words ("A new country", "A place under US law reach")."""
    if kind is AlertKind.NEW_COUNTRY:
        return _tr(_NEW_COUNTRY)
    if kind is AlertKind.NEW_COMPANY:
        return _tr(_NEW_COMPANY)
    return _tr(_UNDER_LAW).replace("%1", jurisdiction_label(regime))


def data_label(category: str) -> str:
    words = _DATA.get(category)
    return _tr(words) if words is not None else category


def rule_text(rule: AlertRule) -> str:
    """A rule in one line: what, for which program, for which data (the program is data)."""
    who = visible(rule.program) if rule.program else _tr("any program")
    return (
        _tr("%1 — %2, %3")
        .replace("%1", what_label(rule.kind, rule.regime))
        .replace("%2", who)
        .replace("%3", data_label(rule.category))
    )


class AlertRulesEditor(QWidget):
    def __init__(self, rules: Iterable[AlertRule], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("alertRules")
        self.list = QListWidget(self)
        self.list.setObjectName("alertRuleList")
        self.list.setAccessibleName(self.tr("Alert rules"))
        self.list.setMinimumHeight(96)

        self.what = QComboBox(self)
        self.what.setObjectName("alertWhat")
        self.what.setAccessibleName(self.tr("Alert when data go to"))
        self.what.addItem(what_label(AlertKind.NEW_COUNTRY), (AlertKind.NEW_COUNTRY, ""))
        self.what.addItem(what_label(AlertKind.NEW_COMPANY), (AlertKind.NEW_COMPANY, ""))
        for law in Jurisdiction:
            self.what.addItem(
                what_label(AlertKind.REGIME, law.value), (AlertKind.REGIME, law.value)
            )
        self.what.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.what.setMinimumContentsLength(14)
        self.program = QLineEdit(self)
        self.program.setMinimumWidth(150)
        self.program.setObjectName("alertProgram")
        self.program.setAccessibleName(self.tr("Program"))
        self.program.setPlaceholderText(self.tr("Any program"))
        self.program.setMaxLength(MAX_PROGRAM_CHARS)
        self.program.setToolTip(
            self.tr("A program's name as the table shows it (thunderbird, firefox…).")
        )
        self.data = QComboBox(self)
        self.data.setObjectName("alertData")
        self.data.setAccessibleName(self.tr("For which data"))
        for category in ("", Category.MAIL.value, Category.PHOTOS.value, Category.OTHER.value):
            self.data.addItem(data_label(category), category)
        self.add_button = QPushButton(self.tr("Add rule"), self)
        self.add_button.clicked.connect(self.add_from_fields)
        self.remove_button = QPushButton(self.tr("Remove rule"), self)
        self.remove_button.clicked.connect(self.remove_selected)
        self.defaults_button = QPushButton(self.tr("Default rules"), self)
        self.defaults_button.clicked.connect(lambda: self.set_rules(DEFAULT_RULES))

        adding = QHBoxLayout()
        adding.addWidget(self.what, 3)
        adding.addWidget(self.program, 2)
        adding.addWidget(self.data, 2)
        adding.addWidget(self.add_button)
        managing = QHBoxLayout()
        managing.addWidget(self.remove_button)
        managing.addWidget(self.defaults_button)
        managing.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.list)
        layout.addLayout(adding)
        layout.addLayout(managing)
        self.set_rules(rules)

    def rules(self) -> tuple[AlertRule, ...]:
        found = []
        for row in range(self.list.count()):
            item = self.list.item(row)
            if item is not None:
                found.append(item.data(_RULE_ROLE))
        return tuple(found)

    def set_rules(self, rules: Iterable[AlertRule]) -> None:
        self.list.clear()
        for rule in dict.fromkeys(rules):
            self._append(rule)

    def add_from_fields(self) -> None:
        kind, regime = self.what.currentData()
        rule = AlertRule(kind, self.program.text().strip(), self.data.currentData(), regime)
        if rule in self.rules():
            return
        self._append(rule)

    def remove_selected(self) -> None:
        for item in self.list.selectedItems():
            self.list.takeItem(self.list.row(item))

    def _append(self, rule: AlertRule) -> None:
        item = QListWidgetItem(rule_text(rule))
        item.setData(_RULE_ROLE, rule)
        self.list.addItem(item)
