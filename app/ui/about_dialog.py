""" "Data sources and licences": where the app's data come from, their licences and credits.

The licences (CC BY 4.0 for the embedded data) oblige us to show the attribution texts of
resources/ATTRIBUTION.md; DB-IP asks for the credit "IP Geolocation by DB-IP" wherever the
data sources are listed. ATTRIBUTION.md is our own file, so it is rendered as Markdown; the
descriptions inside .mmdb files the user brought are not ours and are shown as plain text only.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from pathlib import Path

from app import __version__
from app.core.data_sources import DataSource
from app.core.geo.freshness import format_day
from app.core.geo.labels import kind_text, source_text
from app.core.geo.mmdb import DatabaseInfo
from app.core.i18n import system_reason, translations
from app.core.resources import resource_path
from app.ui.databases_dialog import dbip_credit_html
from app.ui.i18n import window_language
from app.ui.qt import (
    QCoreApplication,
    QDialog,
    QDialogButtonBox,
    QLabel,
    Qt,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

log = logging.getLogger(__name__)

ATTRIBUTION_FILE = "ATTRIBUTION.md"
_MAX_ATTRIBUTION_CHARS = 200_000


def attribution_sections(text: str) -> str:
    """The Markdown from the first "## " section on: the file's preamble is for engineers."""
    lines = text.splitlines()
    for index, line in enumerate(lines):
        if line.startswith("## "):
            return "\n".join(lines[index:]).strip() + "\n"
    return text.strip() + "\n"


def read_attribution(path: Path) -> tuple[str | None, str | None]:
    """(Markdown sections, None) or (None, a message naming the file) — never raises."""
    try:
        with path.open(encoding="utf-8", errors="replace") as handle:
            text = handle.read(_MAX_ATTRIBUTION_CHARS)
    except OSError as error:
        log.warning("cannot read %s: %s", path, error)
        return None, QCoreApplication.translate(
            "AboutDataDialog", "{file}: cannot be read ({reason})"
        ).format(file=path, reason=system_reason(error).text(translations(window_language())))
    return attribution_sections(text), None


def sources_text(sources: Sequence[DatabaseInfo], language: str | None = None) -> str:
    """The databases in use as plain text (their descriptions come from the files), dates in
    ``language`` (None: the translators' language)."""
    language = language or window_language()
    core_tr = translations(language)
    template = QCoreApplication.translate(
        "AboutDataDialog", "• {source}: {type} ({kind}), built on {date}"
    )
    lines: list[str] = []
    for info in sources:
        lines.append(
            template.format(
                source=source_text(info.source_label, core_tr),
                type=info.database_type,
                kind=kind_text(info.kind, core_tr),
                date=format_day(info.build_date, language),
            )
        )
        if info.description:
            lines.append(f"  {info.description}")
        lines.append(f"  {info.path}")
    return "\n".join(lines)


class AboutDataDialog(QDialog):
    """Version, the no-telemetry promise, the data sources in use and every attribution."""

    def __init__(
        self,
        parent: QWidget | None = None,
        *,
        sources: Sequence[DatabaseInfo] = (),
        dated: Sequence[DataSource] = (),
        attribution_path: Path | None = None,
        version: str = __version__,
        language: str | None = None,
    ) -> None:
        """``language``: the window's, for dates (None: the translators' language);
        ``dated``: every data source with its date (`app.core.data_sources`)."""
        super().__init__(parent)
        self.setObjectName("aboutDataDialog")
        self.setWindowTitle(self.tr("Data sources and licences"))

        title = QLabel(self.tr("DataLocator %1").replace("%1", version), self)
        title.setObjectName("aboutTitle")
        title.setTextFormat(Qt.TextFormat.PlainText)
        font = title.font()
        font.setPointSizeF(font.pointSizeF() * 1.4)
        font.setBold(True)
        title.setFont(font)

        self.privacy = QLabel(
            self.tr(
                "No telemetry: DataLocator sends nothing about you or your computer to anyone — "
                "no usage statistics, no crash reports, no update checks. It goes online only "
                "for reverse DNS look-ups of the addresses it shows (you can turn them off in "
                "the settings) and to download location databases when you ask it to."
            ),
            self,
        )
        self.privacy.setObjectName("privacyStatement")
        self.privacy.setTextFormat(Qt.TextFormat.PlainText)
        self.privacy.setWordWrap(True)

        self.credit = QLabel(dbip_credit_html(), self)
        self.credit.setObjectName("dbipCredit")
        self.credit.setTextFormat(Qt.TextFormat.RichText)
        self.credit.setOpenExternalLinks(True)

        self.sources_view = QTextBrowser(self)
        self.sources_view.setObjectName("sourcesInUse")
        self.sources_view.setPlainText(sources_text(sources, language))
        self.sources_view.setVisible(bool(sources))
        self.sources_view.setMaximumHeight(120)
        self.sources_view.setAccessibleName(self.tr("Location databases in use"))
        sources_label = QLabel(self.tr("Location databases in use:"), self)
        sources_label.setVisible(bool(sources))

        core_tr = translations(language or window_language())
        self.dated_view = QLabel("\n".join(f"• {s.text(core_tr)}" for s in dated), self)
        self.dated_view.setObjectName("datedSources")
        self.dated_view.setTextFormat(Qt.TextFormat.PlainText)  # names come from files: data
        self.dated_view.setWordWrap(True)
        self.dated_view.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.dated_view.setVisible(bool(dated))
        dated_label = QLabel(self.tr("Data and their dates:"), self)
        dated_label.setVisible(bool(dated))

        self.attribution = QTextBrowser(self)
        self.attribution.setObjectName("attribution")
        self.attribution.setOpenExternalLinks(True)
        self.attribution.setAccessibleName(self.tr("Data sources, licences and attribution"))
        path = attribution_path if attribution_path is not None else resource_path(ATTRIBUTION_FILE)
        markdown, problem = read_attribution(path)
        if markdown is not None:
            self.attribution.setMarkdown(markdown)
        else:
            self.attribution.setPlainText(
                self.tr("The attribution file could not be read: %1").replace("%1", str(problem))
            )

        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(14, 14, 14, 14)
        layout.setSpacing(8)
        layout.addWidget(title)
        layout.addWidget(self.privacy)
        layout.addWidget(self.credit)
        layout.addWidget(dated_label)
        layout.addWidget(self.dated_view)
        layout.addWidget(sources_label)
        layout.addWidget(self.sources_view)
        layout.addWidget(self.attribution, 1)
        layout.addWidget(buttons)
        self.resize(780, 760)
