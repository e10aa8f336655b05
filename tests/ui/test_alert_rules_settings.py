"""Settings → History and alerts: how long the detail is kept, notifications on or off, and
the alert rules, edited in words and applied to the running history."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from app.core.demo import DemoResolver, DemoSource
from app.core.geo.locator import Locator
from app.core.history.rules import DEFAULT_RULES, AlertKind, AlertRule
from app.core.settings import SettingsStore
from app.ui.alert_rules_editor import AlertRulesEditor, rule_text
from app.ui.qt import QApplication, QDialogButtonBox
from tests.fixtures.personas import LEA
from tests.fixtures.windows import WAIT_MS, WindowFactory

ARTIFACTS = Path(__file__).parents[1] / "artifacts"


def test_rules_are_edited_in_words_saved_and_followed_by_the_history(
    qtbot: Any, make_window: WindowFactory, embedded: Locator, tmp_path: Path
) -> None:
    window = make_window(
        embedded, source=DemoSource(LEA), resolver=DemoResolver(LEA), history=tmp_path / "h.db"
    )
    assert window.history is not None and window.history.rules == DEFAULT_RULES
    window.settings_action.trigger()
    dialog = window.settings_dialog
    assert dialog is not None
    dialog.tabs.setCurrentIndex(1)
    editor = dialog.alert_rules
    texts = [editor.list.item(row).text() for row in range(editor.list.count())]
    assert texts == [
        "A new country — any program, any data",
        "A new company — any program, mail",
        "A new company — any program, photos and files",
        "A place under US law reach — any program, any data",
    ]
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    QApplication.processEvents()
    assert dialog.grab().save(str(ARTIFACTS / "settings-history-alerts.png"))

    editor.list.setCurrentRow(0)
    editor.remove_button.click()
    editor.what.setCurrentIndex(editor.what.findText("A place under Other jurisdiction"))
    editor.program.setText("steam")
    editor.data.setCurrentIndex(editor.data.findData("photos"))
    editor.add_button.click()
    editor.add_button.click()  # the same rule again: kept once
    dialog.history_days.setValue(90)
    dialog.alerts.setChecked(False)
    with qtbot.waitSignal(window.settingsApplied, timeout=WAIT_MS):
        dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).click()
    wanted = (*DEFAULT_RULES[1:], AlertRule(AlertKind.REGIME, "steam", "photos", "OTHER"))
    assert window.history.rules == wanted
    store = SettingsStore(tmp_path / "config")
    qtbot.waitUntil(lambda: store.load().history_days == 90, timeout=WAIT_MS)  # saved off-thread
    saved = store.load()
    assert (saved.alert_rules, saved.history_days, saved.alerts) == (wanted, 90, False)


def test_a_hostile_program_name_in_a_rule_is_shown_as_text(qtbot: Any) -> None:
    rule = AlertRule(AlertKind.NEW_COUNTRY, program="<b>evil</b>\u202eexe.txt\nnext")
    editor = AlertRulesEditor((rule,))
    qtbot.addWidget(editor)
    shown = editor.list.item(0).text()
    assert shown == rule_text(rule)
    assert "\u202e" not in shown and "\n" not in shown and "<b>evil</b>" in shown
    assert editor.rules() == (rule,)
    editor.defaults_button.click()
    assert editor.rules() == DEFAULT_RULES
