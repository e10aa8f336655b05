"""The filter bar above the map and the table: one set of filters for both views.

Search text (Ctrl+F), category (mail, photos, other), process, provider, law (colour chips, in the
colours of the map) and "Only my accounts". Every change emits one `FilterState`; the window gives
it to the table's proxy and, as a MarkFilter, to the map. Choices offered come from the data (the
window calls `set_processes` / `set_providers` after each poll); a chosen value that has gone
stays selectable, so a filter never jumps to something else under the user's hands.
"""

from __future__ import annotations

from collections.abc import Iterable

from app.core.i18n import DEFAULT_LANGUAGE
from app.core.jurisdiction import Jurisdiction
from app.core.model import Category
from app.core.places import law_note
from app.core.text import visible
from app.ui.connections_model import chip_icon
from app.ui.filter_state import FilterState
from app.ui.palette import jurisdiction_colour, jurisdiction_label
from app.ui.qt import (
    QT_TRANSLATE_NOOP,
    QCheckBox,
    QColor,
    QComboBox,
    QCoreApplication,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QResizeEvent,
    QSize,
    Qt,
    QToolButton,
    QWidget,
    Signal,
)

# Short names for the chips (the legend and the table use the full ones).
_CHIP_LABELS = {
    "EU_GDPR": QT_TRANSLATE_NOOP("FilterBar", "EU"),
    "ADEQUACY": QT_TRANSLATE_NOOP("FilterBar", "Adequacy"),
    "US_REACH": QT_TRANSLATE_NOOP("FilterBar", "US"),
    "OTHER": QT_TRANSLATE_NOOP("FilterBar", "Other"),
    "UNKNOWN": QT_TRANSLATE_NOOP("FilterBar", "Unknown"),
}


class FilterBar(QWidget):
    """Emits `changed(FilterState)` whenever any filter changes."""

    changed = Signal(object)

    def __init__(self, parent: QWidget | None = None, *, language: str = DEFAULT_LANGUAGE) -> None:
        """``language``: the window's, for the law chips' explanations (core sentences)."""
        super().__init__(parent)
        self._language = language
        self.setObjectName("filterBar")
        self._updating = False

        self.search_field = QLineEdit(self)
        self.search_field.setAccessibleName(self.tr("Search connections"))
        self.search_field.setObjectName("searchField")
        self.search_field.setPlaceholderText(self.tr("Search host, process, country… (Ctrl+F)"))
        self.search_field.setToolTip(
            self.tr("Shows only the connections with this text in any column, on the map too")
        )
        self.search_field.setClearButtonEnabled(True)
        self.search_field.setMinimumWidth(180)
        self.search_field.textChanged.connect(self._emit)

        self.category_combo = self._combo("categoryFilter", self.tr("All categories"), 9)
        for category, label in (
            (Category.MAIL, self.tr("Mail")),
            (Category.PHOTOS, self.tr("Photos")),
            (Category.OTHER, self.tr("Other")),
        ):
            self.category_combo.addItem(label, category.value)
        self.category_combo.setToolTip(self.tr("What the data are: mail, photos or anything else"))

        self.process_combo = self._combo("processFilter", self.tr("All processes"), 10)
        self.process_combo.setToolTip(self.tr("Only the connections of one program"))
        self.provider_combo = self._combo("providerFilter", self.tr("All providers"), 10)
        self.provider_combo.setToolTip(self.tr("Only the places of one company or network"))

        law_label = QLabel(self.tr("Law:"), self)
        self.law_buttons: dict[str, QToolButton] = {}
        for name in Jurisdiction:  # in the order views show them
            self.law_buttons[name.value] = self._chip(name.value)

        self.only_accounts = QCheckBox(self.tr("Only my accounts"), self)
        self.only_accounts.setObjectName("onlyAccounts")
        self.only_accounts.toggled.connect(self._emit)
        self.set_accounts_available(False)

        self.clear_button = QToolButton(self)
        self.clear_button.setObjectName("clearFilters")
        self.clear_button.setText(self.tr("Clear"))
        self.clear_button.setToolTip(self.tr("Show everything again"))
        self.clear_button.setAutoRaise(True)
        self.clear_button.clicked.connect(self.clear)
        self.clear_button.setVisible(False)

        # Two groups: one row when the window is wide enough, two rows otherwise.
        self._primary = QWidget(self)
        primary = QHBoxLayout(self._primary)
        primary.setContentsMargins(0, 0, 0, 0)
        primary.setSpacing(6)
        primary.addWidget(self.search_field, 1)
        primary.addWidget(self.category_combo)
        primary.addWidget(self.process_combo)
        primary.addWidget(self.provider_combo)
        self._secondary = QWidget(self)
        secondary = QHBoxLayout(self._secondary)
        secondary.setContentsMargins(0, 0, 0, 0)
        secondary.setSpacing(3)
        secondary.addWidget(law_label)
        secondary.addSpacing(3)
        for button in self.law_buttons.values():
            secondary.addWidget(button)
        secondary.addSpacing(10)
        secondary.addWidget(self.only_accounts)
        secondary.addWidget(self.clear_button)
        secondary.addStretch(1)
        self._grid = QGridLayout(self)
        self._grid.setContentsMargins(0, 0, 0, 0)
        self._grid.setHorizontalSpacing(14)
        self._grid.setVerticalSpacing(6)
        # The bar decides its own minimum (see minimumSizeHint): narrow windows get two rows.
        self._grid.setSizeConstraint(QGridLayout.SizeConstraint.SetNoConstraint)
        self._one_row: bool | None = None
        self._arrange(one_row=True)

    # --- layout --------------------------------------------------------------------------------

    @property
    def one_row(self) -> bool:
        return bool(self._one_row)

    def _arrange(self, *, one_row: bool) -> None:
        if one_row == self._one_row:
            return
        self._one_row = one_row
        self._grid.addWidget(self._primary, 0, 0)
        self._grid.addWidget(self._secondary, 0 if one_row else 1, 1 if one_row else 0)
        self._grid.setColumnStretch(0, 1)
        self._grid.setColumnStretch(1, 0)

    def _one_row_width(self) -> int:
        return (
            self._primary.sizeHint().width()
            + self._secondary.sizeHint().width()
            + self._grid.horizontalSpacing()
        )

    def resizeEvent(self, event: QResizeEvent) -> None:
        self._arrange(one_row=event.size().width() >= self._one_row_width())
        super().resizeEvent(event)

    def minimumSizeHint(self) -> QSize:
        hint = super().minimumSizeHint()
        narrow = max(self._primary.minimumSizeHint().width(), self._secondary.sizeHint().width())
        return QSize(narrow, hint.height())

    # --- building ------------------------------------------------------------------------------

    def _combo(self, name: str, everything: str, chars: int) -> QComboBox:
        combo = QComboBox(self)
        combo.setObjectName(name)
        combo.setMinimumContentsLength(max(chars, len(everything)))  # "Toutes les catégories"
        combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        combo.addItem(everything, None)
        combo.currentIndexChanged.connect(self._emit)
        return combo

    def _chip(self, name: str) -> QToolButton:
        colour = jurisdiction_colour(name)
        button = QToolButton(self)
        button.setObjectName(f"lawChip_{name}")
        button.setCheckable(True)
        short = _CHIP_LABELS.get(name)
        button.setText(
            QCoreApplication.translate("FilterBar", short) if short else jurisdiction_label(name)
        )
        button.setIcon(chip_icon(colour))
        button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        button.setToolTip(
            self.tr("Show only: %1\n%2")
            .replace("%1", jurisdiction_label(name))
            .replace("%2", law_note(name, self._language))
        )
        tint = QColor(colour)
        tint.setAlpha(46)
        rgba = f"rgba({tint.red()}, {tint.green()}, {tint.blue()}, {tint.alpha()})"
        button.setStyleSheet(
            "QToolButton { border: 1px solid palette(mid); border-radius: 10px;"
            " padding: 2px 7px 2px 5px; background: transparent; }"
            " QToolButton:hover { background: palette(alternate-base); }"
            f" QToolButton:checked {{ border: 1px solid {colour}; background: {rgba}; }}"
        )
        button.toggled.connect(self._emit)
        return button

    # --- state -----------------------------------------------------------------------------------

    def state(self) -> FilterState:
        laws = frozenset(name for name, button in self.law_buttons.items() if button.isChecked())
        return FilterState(
            text=self.search_field.text(),
            categories=_one(self.category_combo),
            processes=_one(self.process_combo),
            providers=_one(self.provider_combo),
            jurisdictions=laws or None,
            only_accounts=self.only_accounts.isEnabled() and self.only_accounts.isChecked(),
        )

    def clear(self) -> None:
        """Every filter off (one `changed` signal)."""
        self._updating = True
        try:
            self.search_field.clear()
            for combo in (self.category_combo, self.process_combo, self.provider_combo):
                combo.setCurrentIndex(0)
            for button in self.law_buttons.values():
                button.setChecked(False)
            self.only_accounts.setChecked(False)
        finally:
            self._updating = False
        self._emit()

    def focus_search(self) -> None:
        self.search_field.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search_field.selectAll()

    # --- choices from the data --------------------------------------------------------------

    def set_processes(self, names: Iterable[str]) -> None:
        self._set_choices(self.process_combo, names)

    def set_providers(self, names: Iterable[str]) -> None:
        self._set_choices(self.provider_combo, names)

    def set_accounts_available(self, available: bool) -> None:
        """Accounts are optional: without any, the checkbox is off and says why."""
        self.only_accounts.setEnabled(available)
        self.only_accounts.setToolTip(
            self.tr("Only the places that hold one of your accounts")
            if available
            else self.tr("No accounts configured yet")
        )

    def _set_choices(self, combo: QComboBox, names: Iterable[str]) -> None:
        # Names are untrusted: shown (and matched) as `visible` spells them; it is idempotent,
        # so names the table already made visible stay as they are.
        selected = combo.currentData()
        wanted = sorted(
            {*map(visible, names), *([selected] if isinstance(selected, str) else [])},
            key=str.casefold,
        )
        current = [combo.itemData(i) for i in range(1, combo.count())]
        if current == wanted:
            return
        combo.blockSignals(True)
        try:
            while combo.count() > 1:
                combo.removeItem(1)
            for name in wanted:
                combo.addItem(name, name)
            combo.setCurrentIndex(max(0, combo.findData(selected)) if selected else 0)
        finally:
            combo.blockSignals(False)

    def _emit(self, *_args: object) -> None:
        if self._updating:
            return
        state = self.state()
        self.clear_button.setVisible(not state.is_empty)
        self.changed.emit(state)


def _one(combo: QComboBox) -> frozenset[str] | None:
    data = combo.currentData()
    return frozenset({data}) if isinstance(data, str) else None
