"""A message's `Received:` chain read into hops, in the order the message travelled.

Every server that passes a message on prepends one `Received:` header saying whom it received
it from and when (RFC 5321 §4.4), so the oldest header is the last one: the hops are the
headers reversed. The headers are whatever the servers (and the sender, for the oldest ones)
chose to write, in many dialects (Postfix, Exim, Sendmail, qmail, Exchange, Gmail…), so the
reading is forgiving: what can be read is kept, nothing raises, and nothing is believed here
(`mail_route` decides what to trust).

The input may be a whole hostile file: only its header block is read (at most
``MAX_HEADER_BLOCK`` bytes), at most ``MAX_HOPS`` headers (the newest, written by the servers
closest to the reader) and ``MAX_HEADER_CHARS`` characters of each. Each header is read by one
left-to-right scan (comments nest to any depth with a counter, never recursion), and the few
regular expressions are anchored on fixed characters with no nested repetition, so the time
grows with the size and nothing else.
"""

from __future__ import annotations

import email
import email.policy
import re
from dataclasses import dataclass
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime

from app.core.addresses import normalise_ip

MAX_HOPS = 100
MAX_HEADER_CHARS = 8 * 1024
MAX_HEADER_BLOCK = 1024 * 1024  # bytes of a file's header block read at most
MAX_NAME_CHARS = 255  # a DNS name's limit; longer "names" are cut

_KEYWORDS = frozenset({"from", "by", "via", "with", "id", "for"})
_FOLD = re.compile(r"\r?\n(?=[ \t])|\r(?=[ \t])")
_LINE_BREAK = re.compile(r"[\r\n]+")
# "[192.0.2.1]", "[IPv6:2001:db8::1]", "[2001:db8::1]" (address characters only: linear).
_LITERAL = re.compile(r"\[(?:IPv6:)?([0-9A-Fa-f:.]{2,45}(?:%\w{1,16})?)\]", re.IGNORECASE)
# "name [192.0.2.1]": the reverse name the receiving server found for the address.
_NAMED_LITERAL = re.compile(r"([^\s()\[\]=]{1,255})\s{0,8}\[(?:IPv6:)?[0-9A-Fa-f:.]{2,45}\]", re.I)
# "helo=name", "HELO name", "EHLO name" (qmail, Exim, Sendmail, Exchange).
_HELO = re.compile(r"(?:\bhelo=|\b(?:helo|ehlo)\s{1,8})([^\s();,]{1,255})", re.IGNORECASE)
_ADDRESS_CHARACTERS = frozenset("0123456789abcdefABCDEF:.")
_UNKNOWN_NAMES = frozenset({"unknown", "localhost.localdomain"})


@dataclass(frozen=True, slots=True)
class Hop:
    """One `Received:` header: who handed the message to whom, as the receiving server says.

    ``index`` counts from 1 in path order (the oldest header first). ``from_name`` is the name
    the sending side gave (its HELO, or the reverse name when it gave none), ``reverse_name``
    the name the receiving server found for ``from_ip``; ``from_ip`` and ``by_ip`` are
    canonical addresses (app.core.addresses) or None. Every text is as written: untrusted data.
    """

    index: int
    from_name: str | None
    from_ip: str | None
    by_name: str | None
    by_ip: str | None
    protocol: str | None
    time: datetime | None  # always with a time zone (UTC when the header gave none)
    raw: str  # the header's value, unfolded, at most MAX_HEADER_CHARS characters
    reverse_name: str | None = None


@dataclass(frozen=True, slots=True)
class ReceivedChain:
    """The hops of a message, and how many older headers were left unread (over MAX_HOPS)."""

    hops: tuple[Hop, ...]
    skipped: int = 0


def read_received(data: bytes | str) -> ReceivedChain:
    """The `Received:` hops of a message (an .eml file's bytes, or pasted header text)."""
    headers = _received_headers(data)
    newest = headers[:MAX_HOPS]
    path = [_cut(value) for value in reversed(newest)]
    hops = tuple(parse_hop(value, index) for index, value in enumerate(path, 1))
    return ReceivedChain(hops, len(headers) - len(newest))


def parse_hop(value: str, index: int = 1) -> Hop:
    """One header's value read as a hop; what cannot be read is None, never an error."""
    raw = _LINE_BREAK.sub(" ", _FOLD.sub("", _cut(value))).strip()
    tokens, date_text = _scan(raw)
    clauses = _clauses(tokens)
    from_words, from_comments = clauses.get("from", ([], []))
    by_words, by_comments = clauses.get("by", ([], []))
    with_words, _with_comments = clauses.get("with", ([], []))
    from_value = from_words[0] if from_words else None
    from_ip, reverse_name, helo = _from_details(from_value, from_comments)
    from_name = _name(from_value)
    if from_name is None or from_name.lower() in _UNKNOWN_NAMES:
        from_name = helo or reverse_name or from_name
    by_value = by_words[0] if by_words else None
    return Hop(
        index=index,
        from_name=from_name,
        from_ip=from_ip,
        by_name=_name(by_value),
        by_ip=_address(by_value) or _comment_address(by_comments),
        protocol=_short(" ".join(with_words)) if with_words else None,
        time=_time(date_text),
        raw=raw,
        reverse_name=reverse_name,
    )


# --- the message ---------------------------------------------------------------------------


def _received_headers(data: bytes | str) -> list[str]:
    """The raw values of the `Received:` headers, in file order (newest first)."""
    if isinstance(data, str):
        block = _header_text(data.lstrip("\r\n\t ")[:MAX_HEADER_BLOCK])
        message = email.message_from_string(block, policy=email.policy.default)
    else:
        block_bytes = _header_block(data.lstrip(b"\r\n\t ")[:MAX_HEADER_BLOCK])
        message = email.message_from_bytes(block_bytes, policy=email.policy.default)
    # Raw values: the header objects' own parsing is not needed and not bounded by our limits.
    values = [value for name, value in message.raw_items() if name.lower() == "received"]
    if isinstance(data, str):
        return values
    # The parser keeps bytes that are not ASCII as surrogates; UTF-8 headers (RFC 6532) become
    # their characters again, and other bytes stay surrogates (shown as \xNN by `visible`).
    return [_as_utf8(value) for value in values]


def _as_utf8(value: str) -> str:
    if value.isascii():
        return value
    return value.encode("ascii", "surrogateescape").decode("utf-8", "surrogateescape")


def _header_block(data: bytes) -> bytes:
    """``data`` up to its first empty line (the body never matters), plus that line."""
    ends = [i for i in (data.find(b"\n\n"), data.find(b"\n\r\n")) if i >= 0]
    return data[: min(ends) + 1] + b"\n" if ends else data


def _header_text(data: str) -> str:
    """`_header_block` for pasted text."""
    ends = [i for i in (data.find("\n\n"), data.find("\n\r\n")) if i >= 0]
    return data[: min(ends) + 1] + "\n" if ends else data


def _cut(value: str) -> str:
    return value[:MAX_HEADER_CHARS]


# --- one header ----------------------------------------------------------------------------

_Token = tuple[str, str]  # ("word" | "comment", text)


def _scan(text: str) -> tuple[list[_Token], str]:
    """Words and comments of the clauses, and the date's words (after the last ";" outside
    comments). One pass; comments nest by counting, quoted strings and literals are words."""
    tokens: list[_Token] = []
    date_from: int | None = None
    position, size = 0, len(text)
    while position < size:
        char = text[position]
        if char.isspace():
            position += 1
        elif char == "(":
            end = _comment_end(text, position)
            tokens.append(("comment", text[position + 1 : end]))
            position = end + 1
        elif char == ";":
            date_from = len(tokens)
            tokens.append(("word", ";"))
            position += 1
        else:
            end = _word_end(text, position)
            tokens.append(("word", text[position:end]))
            position = end
    if date_from is None:
        return tokens, ""
    date_words = [word for kind, word in tokens[date_from + 1 :] if kind == "word"]
    return tokens[:date_from], " ".join(date_words)


def _comment_end(text: str, start: int) -> int:
    """The index of the ")" closing the comment opened at ``start`` (len(text) if none)."""
    depth, position = 0, start
    while position < len(text):
        char = text[position]
        if char == "\\":
            position += 2
            continue
        if char == "(":
            depth += 1
        elif char == ")":
            depth -= 1
            if depth == 0:
                return position
        position += 1
    return len(text)


_CLOSERS = {'"': '"', "[": "]", "<": ">"}


def _word_end(text: str, start: int) -> int:
    """The end of a word: a quoted string, a [literal] or an <address> runs to its closer."""
    closer = _CLOSERS.get(text[start])
    if closer is not None:
        end = text.find(closer, start + 1)
        return len(text) if end < 0 else end + 1
    position = start + 1  # at least one character: a stray ")" is a word of its own
    while position < len(text):
        char = text[position]
        if char.isspace() or char in '();"':
            break
        position += 1
    return position


def _clauses(tokens: list[_Token]) -> dict[str, tuple[list[str], list[str]]]:
    """Each keyword's words and comments ("from", "by", "with"…), the first of each only."""
    clauses: dict[str, tuple[list[str], list[str]]] = {}
    current: tuple[list[str], list[str]] | None = None
    for kind, text in tokens:
        if kind == "word" and text.lower() in _KEYWORDS:
            keyword = text.lower()
            current = None if keyword in clauses else ([], [])
            if current is not None:
                clauses[keyword] = current
        elif current is not None:
            words, comments = current
            if kind == "comment":
                comments.append(text)
            elif not comments:  # words after a comment are another dialect's remarks
                words.append(text)
    return clauses


def _from_details(
    value: str | None, comments: list[str]
) -> tuple[str | None, str | None, str | None]:
    """(address, reverse name, HELO name) of the sending side. The address the receiving
    server saw is in its comment ("(rdns [IP])", "(IP)"); the value itself ("from [IP]") is
    what the sender said, used only when the comment gives none."""
    ip = _comment_address(comments) or _address(value)
    reverse = helo = None
    for comment in comments:
        named = _NAMED_LITERAL.search(comment)
        if reverse is None and named is not None and named.group(1).lower() not in _UNKNOWN_NAMES:
            reverse = _name(named.group(1).strip("."))
        greeting = _HELO.search(comment)
        if helo is None and greeting is not None:
            helo = _name(greeting.group(1))
    return ip, reverse, helo


def _comment_address(comments: list[str]) -> str | None:
    """The first address in the comments: a [literal] first, else a bare address."""
    for comment in comments:
        for match in _LITERAL.finditer(comment):
            found = _ip(match.group(1))
            if found is not None:
                return found
    for comment in comments:
        for word in comment.replace(",", " ").split():
            found = _ip(word)
            if found is not None:
                return found
    return None


def _address(value: str | None) -> str | None:
    """The address a clause's value is ("[192.0.2.1]", "[IPv6:…]", a bare address), if any."""
    if not value:
        return None
    match = _LITERAL.fullmatch(value)
    return _ip(match.group(1) if match else value)


def _ip(text: str) -> str | None:
    """Canonical text of an address, None when ``text`` is none (checked cheaply first)."""
    text = text.split("%", 1)[0]  # a zone ("fe80::1%7") names an interface of the writer
    if not 2 <= len(text) <= 45 or not set(text) <= _ADDRESS_CHARACTERS:
        return None
    if "." not in text and ":" not in text:
        return None
    try:
        return normalise_ip(text)
    except ValueError:
        return None


def _name(value: str | None) -> str | None:
    """A host name as written, or None for no value or an address literal."""
    if not value or value.startswith("[") or _ip(value) is not None:
        return None
    return value[:MAX_NAME_CHARS]


def _short(text: str) -> str:
    return text[:MAX_NAME_CHARS]


def _time(text: str) -> datetime | None:
    """The header's date (RFC 5322), None when it cannot be read; a date without a time zone
    ("-0000") is taken as UTC, so every time compares with every other."""
    if not text or len(text) > 200:
        return None
    try:
        moment = parsedate_to_datetime(text)
    except (ValueError, TypeError, IndexError, OverflowError):
        return None
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment
