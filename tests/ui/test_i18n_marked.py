"""Every text the window shows goes through Qt's translation: a static check over app/ui.

The walk test (test_i18n_walk.py) reads what one demo session shows; this check reads the code,
so a string on a path the demo never takes (an error dialog, a rare tooltip) is caught too. It
fails when an English literal or f-string with a letter reaches a visible-text sink (setText,
setToolTip, drawText, QLabel(…), QMessageBox.*…) without passing through ``self.tr()``,
``QCoreApplication.translate()`` or ``QT_TRANSLATE_NOOP``. It follows what usually carries text
to a sink: ``+``/``%``, f-strings, ``"…".format()``/``.replace()``/``.join()``, conditional
expressions, containers, and names assigned in the same function or module (``title = "…"``,
``lines.append("…")``, ``COLUMNS = ("Host", …)``). Calls to other functions are not followed:
what they return is their own business (core functions translate with gettext).
"""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

UI = Path(__file__).resolve().parents[2] / "app" / "ui"

# Methods that put text on screen (the receiver does not matter: a name is enough).
SINK_METHODS = frozenset(
    {
        "setText",
        "setToolTip",
        "setWindowTitle",
        "setPlaceholderText",
        "setStatusTip",
        "setWhatsThis",
        "setAccessibleName",
        "setAccessibleDescription",
        "setTitle",
        "setLabelText",
        "addTab",
        "insertTab",
        "setTabText",
        "setHeaderLabels",
        "addItem",
        "addItems",
        "insertItem",
        "setItemText",
        "addMenu",
        "addAction",
        "showMessage",
        "drawText",
        "addText",  # QPainterPath.addText: the map's haloed labels
        "setDescription",  # QSvgGenerator: the exported file's description
        "setPrefix",
        "setSuffix",
        "setSpecialValueText",
        "setPlainText",
        "setHtml",
        "showText",  # QToolTip.showText
        "show_message",  # Banner.show_message
        "set_plain_tooltip",  # app/ui/plain_text.py
        "rich_tooltip",  # app/ui/plain_text.py: escapes a tool tip, shows it verbatim
    }
)
# Constructors whose arguments are shown (a literal parent or flag has no letters anyway).
SINK_CLASSES = frozenset(
    {
        "QLabel",
        "QPushButton",
        "QCheckBox",
        "QRadioButton",
        "QGroupBox",
        "QAction",
        "QMenu",
        "QMessageBox",
        "QListWidgetItem",
        "QTreeWidgetItem",
        "QToolButton",
        "QStaticText",
        "_plain_label",  # place_panel.py: a plain-text QLabel
        "_halo_text",  # renderer.py: a label drawn on the map
    }
)
# Classes whose every static call shows its string arguments (QMessageBox.warning(…), …).
SINK_STATIC = frozenset({"QMessageBox", "QFileDialog"})
# For these, the last of two or more arguments is item data, not text (addItem(text, "fr")).
DATA_LAST = frozenset({"addItem", "insertItem"})

# What translates: what it is given is the source text of a catalogue entry.
TRANSLATORS = frozenset(
    {"tr", "translate", "QT_TRANSLATE_NOOP", "QT_TR_NOOP", "gettext", "ngettext", "N_"}
)
# String methods through which text flows from their receiver and arguments to the result.
PASS_THROUGH_METHODS = frozenset(
    {
        "format",
        "replace",
        "join",
        "strip",
        "lstrip",
        "rstrip",
        "upper",
        "lower",
        "title",
        "capitalize",
        "removeprefix",
        "removesuffix",
        "arg",
    }
)
# Functions that return their text argument shown as it is (after escaping).
PASS_THROUGH_FUNCTIONS = frozenset(
    {
        "str",
        "list",
        "tuple",
        "sorted",
        "rich_tooltip",
        "visible",
        "convert_from_plain_text",
        "escape",
    }
)

# Literals that are the same in every language, so not marked for translation (keep it tiny).
ALLOWED = frozenset(
    {
        "DataLocator",  # the product's name
        "DB-IP",  # a data source's name, in its credit link (its licence asks for the credit)
    }
)

# Not words: markup, addresses, placeholders, entities ("<b>%1</b>", "https://…", "{count}",
# "%Ln", "&nbsp;").
_NOT_WORDS = re.compile(r"<[^<>]*>|\b[a-z]+://\S+|\{[^{}]*\}|%(?:\d+|L?n|L\d+)|&#?\w+;|\\[nt]")


@dataclass(frozen=True, order=True)
class Finding:
    path: str
    line: int
    sink: str
    text: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.text!r} reaches {self.sink}() untranslated"


def has_words(text: str) -> bool:
    """Whether a literal holds a letter once markup and placeholders are taken out."""
    words = _NOT_WORDS.sub("", text)
    return words.strip() not in ALLOWED and any(ch.isalpha() for ch in words)


def _call_name(func: ast.expr) -> str:
    if isinstance(func, ast.Name):
        return func.id
    if isinstance(func, ast.Attribute):
        return func.attr
    return ""


def _sink_of(call: ast.Call) -> str | None:
    """The sink this call is ("setText", "QLabel", "QMessageBox.warning"), or None."""
    func = call.func
    name = _call_name(func)
    if (
        isinstance(func, ast.Attribute)
        and isinstance(func.value, ast.Name)
        and func.value.id in SINK_STATIC
    ):
        return f"{func.value.id}.{func.attr}"
    if isinstance(func, ast.Attribute) and name in SINK_METHODS:
        return name
    if isinstance(func, ast.Name) and (name in SINK_CLASSES or name in SINK_METHODS):
        return name
    return None


class _Scopes(ast.NodeVisitor):
    """For each function (and the module), what each name is given: assignments, augmented
    assignments and list appends/extends/inserts."""

    def __init__(self) -> None:
        self.values: dict[tuple[int, str], list[ast.expr]] = {}
        self.scope_of: dict[int, int] = {}  # id(call node) → id(its function or module)
        self._stack: list[int] = []

    def run(self, tree: ast.Module) -> None:
        self._stack = [id(tree)]
        self.generic_visit(tree)

    def _enter(self, node: ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda) -> None:
        self._stack.append(id(node))
        self.generic_visit(node)
        self._stack.pop()

    visit_FunctionDef = _enter
    visit_AsyncFunctionDef = _enter
    visit_Lambda = _enter

    def _add(self, name: str, value: ast.expr) -> None:
        self.values.setdefault((self._stack[-1], name), []).append(value)

    def visit_Assign(self, node: ast.Assign) -> None:
        for target in node.targets:
            if isinstance(target, ast.Name):
                self._add(target.id, node.value)
        self.generic_visit(node)

    def visit_AnnAssign(self, node: ast.AnnAssign) -> None:
        if isinstance(node.target, ast.Name) and node.value is not None:
            self._add(node.target.id, node.value)
        self.generic_visit(node)

    def visit_AugAssign(self, node: ast.AugAssign) -> None:
        if isinstance(node.target, ast.Name):
            self._add(node.target.id, node.value)
        self.generic_visit(node)

    def visit_Call(self, node: ast.Call) -> None:
        self.scope_of[id(node)] = self._stack[-1]
        func = node.func
        if (
            isinstance(func, ast.Attribute)
            and isinstance(func.value, ast.Name)
            and func.attr in ("append", "extend", "insert")
        ):
            for arg in node.args[1:] if func.attr == "insert" else node.args:
                self._add(func.value.id, arg)
        self.generic_visit(node)


class _Checker:
    def __init__(self, tree: ast.Module, path: str) -> None:
        self.tree = tree
        self.path = path
        self.scopes = _Scopes()
        self.scopes.run(tree)
        self.findings: list[Finding] = []

    def run(self) -> list[Finding]:
        for node in ast.walk(self.tree):
            if isinstance(node, ast.Call):
                sink = _sink_of(node)
                if sink is None:
                    continue
                args: list[ast.expr] = list(node.args)
                if sink in DATA_LAST and len(args) >= 2:
                    args = args[:-1]
                args += [k.value for k in node.keywords]
                scope = self.scopes.scope_of.get(id(node), id(self.tree))
                for arg in args:
                    for literal in self._literals(arg, scope, set()):
                        self.findings.append(
                            Finding(self.path, literal.lineno, sink, str(literal.value))
                        )
        return self.findings

    def _literals(self, node: ast.expr, scope: int, seen: set[str]) -> Iterator[ast.Constant]:
        """The untranslated str literals with words that flow from `node` into its value."""
        if isinstance(node, ast.Constant):
            if isinstance(node.value, str) and has_words(node.value):
                yield node
        elif isinstance(node, ast.JoinedStr):
            for part in node.values:
                yield from self._literals(part, scope, seen)
        elif isinstance(node, ast.FormattedValue):
            yield from self._literals(node.value, scope, seen)
        elif isinstance(node, ast.BinOp):
            yield from self._literals(node.left, scope, seen)
            yield from self._literals(node.right, scope, seen)
        elif isinstance(node, ast.IfExp):  # the test is not shown
            yield from self._literals(node.body, scope, seen)
            yield from self._literals(node.orelse, scope, seen)
        elif isinstance(node, ast.BoolOp):
            for value in node.values:
                yield from self._literals(value, scope, seen)
        elif isinstance(node, ast.Tuple | ast.List | ast.Set):
            for element in node.elts:
                yield from self._literals(element, scope, seen)
        elif isinstance(node, ast.Dict):  # keys are looked up, values are shown
            for value in node.values:
                yield from self._literals(value, scope, seen)
        elif isinstance(node, ast.Starred):
            yield from self._literals(node.value, scope, seen)
        elif isinstance(node, ast.ListComp | ast.SetComp | ast.GeneratorExp):
            yield from self._literals(node.elt, scope, seen)
        elif isinstance(node, ast.Subscript):  # COLUMNS[0], LABELS[key]: the container
            yield from self._literals(node.value, scope, seen)
        elif isinstance(node, ast.Name):
            yield from self._name(node.id, scope, seen)
        elif isinstance(node, ast.Call):
            yield from self._call(node, scope, seen)

    def _call(self, node: ast.Call, scope: int, seen: set[str]) -> Iterator[ast.Constant]:
        name = _call_name(node.func)
        if name in TRANSLATORS:
            return  # a source text: lupdate / the catalogue extractor take it from here
        if isinstance(node.func, ast.Attribute) and name == "get":  # LABELS.get(key, default)
            yield from self._literals(node.func.value, scope, seen)
            for arg in node.args[1:]:
                yield from self._literals(arg, scope, seen)
            return
        if isinstance(node.func, ast.Attribute) and name in PASS_THROUGH_METHODS:
            yield from self._literals(node.func.value, scope, seen)
        elif not (isinstance(node.func, ast.Name) and name in PASS_THROUGH_FUNCTIONS):
            return  # another function: its result is its own (checked where it is made)
        for arg in node.args:
            yield from self._literals(arg, scope, seen)
        for keyword in node.keywords:
            yield from self._literals(keyword.value, scope, seen)

    def _name(self, name: str, scope: int, seen: set[str]) -> Iterator[ast.Constant]:
        """What a name was given in its function, else in the module (one definition each)."""
        key = f"{scope}:{name}"
        if key in seen:
            return
        seen.add(key)
        values = self.scopes.values.get((scope, name))
        if values is None and scope != id(self.tree):
            values = self.scopes.values.get((id(self.tree), name))
            scope = id(self.tree)
        for value in values or ():
            yield from self._literals(value, scope, seen)


def check_source(source: str, path: str = "<string>") -> list[Finding]:
    """The untranslated texts that reach a sink in this Python source."""
    return sorted(_Checker(ast.parse(source), path).run())


def check_tree(root: Path = UI) -> list[Finding]:
    findings: list[Finding] = []
    for file in sorted(root.rglob("*.py")):
        relative = file.relative_to(root.parents[1]).as_posix()
        findings += check_source(file.read_text(encoding="utf-8"), relative)
    return findings


def lupdate_blind_plurals(source: str, path: str = "<string>") -> list[str]:
    """``translate(context, text, disambiguation, n)`` calls whose count is not a number
    literal: PySide6's lupdate (6.11) reads them without their plural forms, or not at all.
    Counted texts go through ``self.tr(text, "", n)`` (a QObject's, or a class's own `tr`)."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if (
            isinstance(node, ast.Call)
            and _call_name(node.func) == "translate"
            and len(node.args) >= 2
            and isinstance(node.args[1], ast.Constant)  # not a `tr` method passing texts on
            and (len(node.args) >= 4 or any(k.arg == "n" for k in node.keywords))
        ):
            count = node.args[3] if len(node.args) >= 4 else None
            if not (isinstance(count, ast.Constant) and isinstance(count.value, int)):
                found.append(f"{path}:{node.lineno}")
    return found


def test_counted_texts_are_where_lupdate_sees_their_plural_forms() -> None:
    found = []
    for file in sorted(UI.rglob("*.py")):
        found += lupdate_blind_plurals(file.read_text(encoding="utf-8"), file.name)
    assert not found, "use self.tr(text, '', n) for counted texts:\n" + "\n".join(found)
    assert lupdate_blind_plurals('QCoreApplication.translate("c", "%n x", "", n)') == ["<string>:1"]
    assert lupdate_blind_plurals('self.tr("%n x", "", n)') == []
    assert lupdate_blind_plurals('QCoreApplication.translate("c", "%n x", "", 3)') == []


def test_every_visible_literal_in_the_window_is_translatable() -> None:
    findings = check_tree()
    assert not findings, "untranslated window text:\n" + "\n".join(map(str, findings))


# -- the check itself: it must find what it is there to find


def texts(source: str) -> list[str]:
    return [finding.text for finding in check_source(source)]


def test_the_check_reports_a_plain_literal() -> None:
    assert texts('label.setText("Hello there")') == ["Hello there"]
    assert texts('QLabel("Hello there", parent)') == ["Hello there"]
    assert texts('QMessageBox.warning(self, "Oops", text)') == ["Oops"]
    assert texts('painter.drawText(rect, flags, "Home")') == ["Home"]
    assert texts('action = QAction("&Quit", self)') == ["&Quit"]


def test_the_check_passes_translated_text() -> None:
    assert texts('label.setText(self.tr("Hello"))') == []
    assert texts('label.setText(QCoreApplication.translate("ctx", "Hello"))') == []
    assert texts('label.setText(self.tr("%1 shown").replace("%1", str(n)))') == []
    assert texts('label.setText(self.tr("{n} shown").format(n=QLocale().toString(n)))') == []
    assert texts('LABELS = {"a": QT_TRANSLATE_NOOP("c", "Apple")}\nx.setText(LABELS["a"])') == []


def test_the_check_skips_what_is_not_words() -> None:
    assert texts('button.setText("+")') == []
    assert texts('label.setText("−  ·  …")') == []
    assert texts('label.setText(f"{count} · {total}")') == []
    assert texts('label.setText("<b>%1</b>")') == []
    assert texts('label.setText(self.tr("Go to %1").replace("%1", "https://example.org/a"))') == []
    assert texts("QLabel('<a href=\"https://db-ip.com\">DB-IP</a>')") == []
    assert texts('window.setWindowTitle("DataLocator")') == []
    assert texts('combo.addItem(self.tr("French"), "fr")') == []  # item data, not text
    assert texts('label.setText(names["Host"])') == []  # a key is looked up, not shown


def test_the_check_follows_text_to_the_sink() -> None:
    assert texts('label.setText(f"{n} endpoints")') == [" endpoints"]
    assert texts('label.setText("Law: " + name)') == ["Law: "]
    assert texts('label.setText(self.tr("Law") + " (claimed)")') == [" (claimed)"]
    assert texts('label.setText("{n} shown".format(n=n))') == ["{n} shown"]
    assert texts('label.setText(title if ok else "No place chosen")') == ["No place chosen"]
    assert texts('tip = rich_tooltip("Click a mark")') == ["Click a mark"]
    local = "def f(w):\n    title = 'Nothing here'\n    w.setText(title)\n"
    assert texts(local) == ["Nothing here"]
    appended = (
        "def f(w):\n    lines = []\n    lines.append('more')\n    w.setText('\\n'.join(lines))\n"
    )
    assert texts(appended) == ["more"]
    module = 'COLUMNS = ("Host", "Address")\ntree.setHeaderLabels(list(COLUMNS))\n'
    assert texts(module) == ["Address", "Host"]
    labels = 'LABELS = {"k": "Kind"}\nchip.setText(LABELS[key])\n'
    assert texts(labels) == ["Kind"]
    got = 'LABELS = {"k": "Kind"}\nchip.setText(LABELS.get(key, "Other"))\n'
    assert texts(got) == ["Kind", "Other"]
