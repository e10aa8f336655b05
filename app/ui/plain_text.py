"""Show untrusted text as text: Qt renders a tool tip as HTML when it merely looks like HTML.

Models return plain strings (host names, database strings, process names); these helpers turn
them into escaped rich text at the last moment, so ``<b>`` in a PTR name is shown, not obeyed.
"""

from __future__ import annotations

from app.ui.qt import (
    QAbstractItemView,
    QEvent,
    QHelpEvent,
    QLabel,
    QModelIndex,
    QPersistentModelIndex,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    Qt,
    QToolTip,
    QWidget,
    convert_from_plain_text,
)


def plain_label(text: str = "") -> QLabel:
    """A label that shows its text as text (never as rich text), wrapped and selectable."""
    label = QLabel(text)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setWordWrap(True)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    return label


def rich_tooltip(text: str) -> str:
    """Plain text as escaped rich text (line breaks kept); "" stays "" (no tool tip)."""
    if not text:
        return ""
    return convert_from_plain_text(text, Qt.WhiteSpaceMode.WhiteSpaceNormal)


def set_plain_tooltip(widget: QWidget, text: str) -> None:
    widget.setToolTip(rich_tooltip(text))


class PlainToolTipDelegate(QStyledItemDelegate):
    """Item delegate that escapes the model's ToolTipRole text before showing it."""

    def helpEvent(
        self,
        event: QHelpEvent,
        view: QAbstractItemView,
        option: QStyleOptionViewItem,
        index: QModelIndex | QPersistentModelIndex,
    ) -> bool:
        if event is None or event.type() != QEvent.Type.ToolTip or not index.isValid():
            return super().helpEvent(event, view, option, index)
        text = index.data(Qt.ItemDataRole.ToolTipRole)
        if isinstance(text, str) and text:
            QToolTip.showText(event.globalPos(), rich_tooltip(text), view)
        else:
            QToolTip.hideText()
            event.ignore()
        return True
