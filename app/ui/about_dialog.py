""" "Data sources and licences": where the app's data come from, their licences and credits.

People first: what each data set is and how recent (one line each), the licences in a sentence,
the no-telemetry promise; the technical part (database files, hashes, build steps, the full
attribution texts) is folded under "Technical details". The program's own files are never named
(embedded databases are "embedded", not a path into the installation).

The licences (CC BY 4.0 for the embedded data) oblige us to show the attribution texts of
resources/ATTRIBUTION.md; DB-IP asks for the credit "IP Geolocation by DB-IP" wherever the
data sources are listed. ATTRIBUTION.md is our own file, so it is rendered as Markdown; the
descriptions inside .mmdb files the user brought are not ours and are shown as plain text only.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Sequence
from pathlib import Path

from app import __version__
from app.core.data_sources import DataSource
from app.core.geo.freshness import format_day
from app.core.geo.labels import kind_text, source_text
from app.core.geo.mmdb import DatabaseInfo, is_embedded
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
    QToolButton,
    QVBoxLayout,
    QWidget,
)

log = logging.getLogger(__name__)

ATTRIBUTION_FILE = "ATTRIBUTION.md"
_MAX_ATTRIBUTION_CHARS = 200_000


# Sections of ATTRIBUTION.md about what only the test suite uses: not shipped, not for users.
_TESTS_ONLY = re.compile(r"^## .*\btests only\b", re.IGNORECASE)
# A build script of ours named in the file ("`packaging/build_geo_db.py`"): a program's source
# path means nothing to a reader of the About window.
_SCRIPT = re.compile(r"`[^`\s]*\.py`")


def attribution_sections(text: str) -> str:
    """The Markdown from the first "## " section on (the file's preamble is for engineers),
    without the sections about test data and with our build scripts unnamed."""
    lines = text.splitlines()
    for index, line in enumerate(lines):
        if line.startswith("## "):
            lines = lines[index:]
            break
    kept: list[str] = []
    skipping = False
    for line in lines:
        if line.startswith("## "):
            skipping = bool(_TESTS_ONLY.match(line))
        if not skipping:
            kept.append(_SCRIPT.sub("our build script", line))
    return "\n".join(kept).strip() + "\n"


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
        if not is_embedded(info.path):  # the user's own file: where it is matters to them
            lines.append(f"  {info.path}")
    return "\n".join(lines)


class AboutDataDialog(QDialog):
    """What the data are, how recent, their licences and credits; technical details folded."""

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

        title = QLabel(self.tr("Where DataLocator's answers come from"), self)
        title.setObjectName("aboutTitle")
        title.setTextFormat(Qt.TextFormat.PlainText)
        font = title.font()
        font.setPointSizeF(font.pointSizeF() * 1.4)
        font.setBold(True)
        title.setFont(font)
        self.version = QLabel(self.tr("DataLocator %1").replace("%1", version), self)
        self.version.setObjectName("aboutVersion")
        self.version.setTextFormat(Qt.TextFormat.PlainText)

        core_tr = translations(language or window_language())
        dated_label = QLabel(self.tr("The data, and how recent they are:"), self)
        dated_label.setVisible(bool(dated))
        self.dated_view = QLabel("\n".join(f"• {s.text(core_tr)}" for s in dated), self)
        self.dated_view.setObjectName("datedSources")
        self.dated_view.setTextFormat(Qt.TextFormat.PlainText)  # names come from files: data
        self.dated_view.setWordWrap(True)
        self.dated_view.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.dated_view.setVisible(bool(dated))
        dated_label.setBuddy(self.dated_view)

        self.licences = QLabel(
            self.tr(
                "Licences: the location and network data shipped with DataLocator are under "
                "the Creative Commons Attribution licence (CC BY 4.0); the world map and the "
                "country points are in the public domain (Natural Earth); the cloud ranges come "
                "under the MIT and CC0 licences; the companies, laws and services are public "
                "facts, each with its source. Databases you add keep their own licence."
            ),
            self,
        )
        self.licences.setObjectName("licences")
        self.licences.setTextFormat(Qt.TextFormat.PlainText)
        self.licences.setWordWrap(True)

        self.credit = QLabel(dbip_credit_html(), self)
        self.credit.setObjectName("dbipCredit")
        self.credit.setTextFormat(Qt.TextFormat.RichText)
        self.credit.setOpenExternalLinks(True)

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

        # Folded: the database files in use and the full attribution (hashes, build steps).
        self.details_button = QToolButton(self)
        self.details_button.setObjectName("technicalDetailsButton")
        self.details_button.setText(self.tr("Technical details and full attribution texts"))
        self.details_button.setCheckable(True)
        self.details_button.setAutoRaise(True)
        self.details_button.setArrowType(Qt.ArrowType.RightArrow)
        self.details_button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.details = QWidget(self)
        self.details.setObjectName("technicalDetails")

        self.sources_view = QTextBrowser(self.details)
        self.sources_view.setObjectName("sourcesInUse")
        self.sources_view.setPlainText(sources_text(sources, language))
        self.sources_view.setVisible(bool(sources))
        self.sources_view.setMaximumHeight(120)
        self.sources_view.setAccessibleName(self.tr("Location databases in use"))
        sources_label = QLabel(self.tr("Location databases in use:"), self.details)
        sources_label.setVisible(bool(sources))
        sources_label.setBuddy(self.sources_view)

        self.attribution = QTextBrowser(self.details)
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
        details_layout = QVBoxLayout(self.details)
        details_layout.setContentsMargins(0, 0, 0, 0)
        details_layout.addWidget(sources_label)
        details_layout.addWidget(self.sources_view)
        details_layout.addWidget(self.attribution, 1)
        self.details.hide()
        self.details_button.toggled.connect(self._fold)

        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 16, 16, 12)
        layout.setSpacing(8)
        layout.addWidget(title)
        layout.addWidget(self.version)
        layout.addWidget(dated_label)
        layout.addWidget(self.dated_view)
        layout.addWidget(self.licences)
        layout.addWidget(self.credit)
        layout.addWidget(self.privacy)
        layout.addWidget(self.details_button, 0, Qt.AlignmentFlag.AlignLeft)
        layout.addWidget(self.details, 1)
        layout.addStretch(0)
        layout.addWidget(buttons)
        self.resize(720, self.sizeHint().height())

    def show_details(self, shown: bool = True) -> None:
        """Unfold (or fold) the technical part."""
        self.details_button.setChecked(shown)

    def _fold(self, unfolded: bool) -> None:
        self.details_button.setArrowType(
            Qt.ArrowType.DownArrow if unfolded else Qt.ArrowType.RightArrow
        )
        self.details.setVisible(unfolded)
        if unfolded and self.height() < 720:
            self.resize(self.width(), 720)
