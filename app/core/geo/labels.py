"""Source labels ("embedded db", "user db: x.mmdb", "cloud region"…) and database kinds
("city", "country", "asn") in the reader's language.

A label is also an identity: answers carry it as their source, captures keep it, code compares
it. So the data keep the English label, and whatever shows one to a person goes through
`source_message` (a Message, for sentences made before the language is known) or `source_text`.
"""

from __future__ import annotations

import gettext

from app.core.i18n import N_, Message, verbatim

_FIXED = {
    "embedded db": N_("embedded db"),
    "cloud region": N_("cloud region"),
    "PTR hint": N_("PTR hint"),
    "edge list": N_("edge list"),
}
_PREFIXED = (
    ("user db: ", N_("user db: {file}")),
    ("system db: ", N_("system db: {file}")),
    ("downloaded: ", N_("downloaded: {file}")),
)
# An AWS Local Zone's place (geo/local_zones.py): the border group follows the prefix.
ZONE_SOURCE_PREFIX = "AWS network border group: "
_ZONE = N_("AWS ip-ranges.json, network border group {group}; its airport from airportsdata")


# A network's source may name two databases (geo/precedence.py): "<label>; AS from <label>";
# a place from our embedded city layer names where its city comes from (geo/mmdb.py):
# "embedded db; city from DB-IP City Lite".
AS_FROM = "; AS from "
AS_ORGANISATION_FROM = "; AS organisation from "
CITY_FROM = "; city from "
_TWO_SOURCES = (
    (AS_ORGANISATION_FROM, N_("{source}; AS organisation from {other}")),
    (AS_FROM, N_("{source}; AS from {other}")),
    (CITY_FROM, N_("{source}; city from {other}")),
)


def source_message(label: str) -> Message:
    """A source label to show: its translation when it is one of ours, else as it is."""
    for separator, template in _TWO_SOURCES:
        first, found, second = label.partition(separator)
        if found:
            return Message(
                template, (("source", source_message(first)), ("other", source_message(second)))
            )
    fixed = _FIXED.get(label)
    if fixed is not None:
        return Message(fixed)
    for prefix, template in _PREFIXED:
        if label.startswith(prefix):
            return Message(template, (("file", label.removeprefix(prefix)),))
    if label.startswith(ZONE_SOURCE_PREFIX):
        return Message(_ZONE, (("group", label.removeprefix(ZONE_SOURCE_PREFIX)),))
    return verbatim(label)


def source_text(label: str, tr: gettext.NullTranslations) -> str:
    """`source_message` in the language of ``tr``."""
    return source_message(label).text(tr)


# What a database tells (DatabaseInfo.kind).
_KINDS = {
    "city": N_("city"),
    "country": N_("country"),
    "asn": N_("provider (AS)"),
}


def kind_text(kind: str, tr: gettext.NullTranslations) -> str:
    """A database's kind in the language of ``tr`` (an unknown kind as it is: it is data)."""
    known = _KINDS.get(kind)
    return tr.gettext(known) if known is not None else kind
