"""The Received: chain read into hops: the mail servers' formats (tests/data/mail, README there),
folded lines, nested comments, IPv6 literals, and hostile text that must never raise."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from app.core.routes.received import (
    MAX_HEADER_CHARS,
    MAX_HOPS,
    Hop,
    ReceivedChain,
    parse_hop,
    read_received,
)

MAIL = Path(__file__).resolve().parents[1] / "data" / "mail"


def hops(name: str) -> tuple[Hop, ...]:
    return read_received((MAIL / name).read_bytes()).hops


def summary(hop: Hop) -> tuple[str | None, str | None, str | None, str | None, str | None]:
    return (hop.from_name, hop.from_ip, hop.by_name, hop.by_ip, hop.protocol)


def test_postfix_hops_come_oldest_first_with_the_address_the_receiver_saw() -> None:
    found = hops("postfix.eml")
    assert [hop.index for hop in found] == [1, 2, 3]
    assert [summary(hop) for hop in found] == [
        (None, "198.51.100.7", "mail.example.org", None, "ESMTPSA"),
        ("mail.example.org", "192.0.2.25", "mx.example.net", None, "ESMTPS"),
        ("mx.example.net", "127.0.0.1", "mx.example.net", None, "ESMTP"),
    ]
    assert found[2].reverse_name == "localhost"
    assert found[0].time == datetime(2024, 2, 12, 9, 0, 1, tzinfo=UTC)
    # Unfolded: one line, the fold's leading white space kept as RFC 5322 says.
    assert "\n" not in found[1].raw and "(No client certificate requested)" in found[1].raw


def test_exim_literals_ports_helo_and_ipv6() -> None:
    assert [summary(hop) for hop in hops("exim.eml")] == [
        ("laptop.example.com", "192.0.2.44", "relay.example.com", None, "esmtpa"),
        (None, "2001:db8:4::25", "smtp.example.com", None, "esmtpsa"),
        ("smtp.example.com", "203.0.113.9", "mx.example.net", None, "esmtps"),
    ]


def test_sendmail_local_submission_has_no_from() -> None:
    first, second = hops("sendmail.eml")
    assert summary(first) == (None, None, "a.example.org", None, None)
    assert first.time == datetime(2024, 2, 12, 11, 22, 40, tzinfo=timezone(timedelta(hours=-5)))
    assert summary(second) == ("a.example.org", "192.0.2.61", "mail.example.net", None, "ESMTP")


def test_exchange_bare_addresses_in_comments_for_both_sides() -> None:
    assert [summary(hop) for hop in hops("exchange.eml")] == [
        (
            "EXCH01.corp.example.com",
            "10.20.30.40",
            "EXCH02.corp.example.com",
            "10.20.30.41",
            "Microsoft SMTP Server",
        ),
        (
            "EXCH02.corp.example.com",
            "192.0.2.11",
            "mx.example.net",
            "198.51.100.30",
            "Microsoft SMTP Server",
        ),
    ]


def test_gmail_first_hop_names_only_its_receiver_by_an_ipv6_address() -> None:
    first, second, third = hops("gmail.eml")
    assert summary(first) == (None, None, None, "2002:a05:6402:3596:b0:55f:8b1d:1f2e", "SMTP")
    assert first.time == datetime(2024, 2, 12, 10, 0, 2, tzinfo=UTC)  # "-0800 (PST)"
    assert summary(second)[:3] == ("mail-sor-f41.google.com", "209.85.220.41", "mx3.mail.ovh.net")
    assert second.reverse_name == "mail-sor-f41.google.com"  # its final dot dropped
    assert third.from_ip == "10.108.4.12" and third.reverse_name is None  # "unknown"


def test_outlook_link_local_zone_and_folded_date() -> None:
    first, second, third = hops("outlook.eml")
    assert first.from_ip == "fe80::7d1c:9a2b:3c4d:5e6f" and first.by_ip == first.from_ip
    assert first.protocol == "mapi"
    assert (second.from_ip, second.by_ip) == ("2603:10a6:208:15e::14", "2603:10a6:20b:5a1::9")
    assert second.time == datetime(2024, 2, 15, 11, 4, 4, tzinfo=UTC)  # folded mid-date
    assert third.from_ip == "40.92.18.101" and third.by_name == "mx.google.com"
    assert third.reverse_name == "mail-am6eur05olkn2040.outbound.protection.outlook.com"


def test_proton_and_ovh_senders() -> None:
    (proton,) = hops("proton.eml")
    assert summary(proton) == (
        "mail-40131.protonmail.ch",
        "185.70.40.131",
        "mx1.mail.ovh.net",
        None,
        "ESMTPS",
    )
    ovh = hops("ovh.eml")
    assert [hop.from_ip for hop in ovh] == ["172.16.2.32", "10.108.17.98", "188.165.51.139"]
    assert ovh[2].from_name == "mo551.mail-out.ovh.net"


def test_pasted_header_text_and_qmail_helo() -> None:
    pasted = (
        "\n  Received: from unknown (HELO relay.example.org) (192.0.2.8)\n"
        "  by mx.example.net with SMTP; 1 Mar 2024 12:00:00 -0000\n"
    )
    (hop,) = read_received(pasted).hops
    assert summary(hop) == ("relay.example.org", "192.0.2.8", "mx.example.net", None, "SMTP")
    assert hop.time == datetime(2024, 3, 1, 12, tzinfo=UTC)  # "-0000": no zone, taken as UTC


def test_ipv6_literal_forms() -> None:
    for literal in ("[IPv6:2001:db8::1]", "[2001:db8::1]", "[IPv6:2001:DB8:0:0:0:0:0:1]"):
        hop = parse_hop(f"from host.example ({literal}) by mx.example; 1 Mar 2024 12:00:00 +0000")
        assert hop.from_ip == "2001:db8::1", literal


def test_nested_comments_and_a_receiver_comment_without_address() -> None:
    hop = parse_hop(
        "from a.example (a.example [192.0.2.1] (may (really) be forged)) "
        "(using TLS (TLS1.3 (x))) by mx.example (Postfix (3.7)) with ESMTPS id X; "
        "Mon, 12 Feb 2024 10:00:00 +0000"
    )
    assert summary(hop) == ("a.example", "192.0.2.1", "mx.example", None, "ESMTPS")


def test_malformed_headers_give_what_can_be_read() -> None:
    assert summary(parse_hop("")) == (None, None, None, None, None)
    assert parse_hop("from [999.1.1.1] by x; not a date").from_ip is None
    assert parse_hop("from (((((unclosed by mx").by_name is None
    assert parse_hop("by mx.example; 32 Feb 2024 99:00:00 +9999").time is None
    assert parse_hop("from a [192.0.2.300] by b").from_ip is None


def test_only_received_headers_of_the_header_block_count() -> None:
    message = (
        b"Received: from a (a [192.0.2.1]) by b; 1 Mar 2024 12:00:00 +0000\r\n"
        b"X-Received: from x (x [192.0.2.2]) by y\r\n"
        b"Subject: hi\r\n\r\n"
        b"Received: from body (body [192.0.2.3]) by c\r\n"
    )
    chain = read_received(message)
    assert [hop.from_ip for hop in chain.hops] == ["192.0.2.1"]


def test_at_most_max_hops_the_newest_ones() -> None:
    lines = [
        f"Received: from h{n}.example (h{n}.example [192.0.2.{n % 250 + 1}]) by r{n}.example"
        for n in range(MAX_HOPS + 20)
    ]
    chain = read_received("\n".join(lines) + "\n\n")
    assert chain.skipped == 20 and len(chain.hops) == MAX_HOPS
    assert chain.hops[-1].from_name == "h0.example"  # the newest (first in the file) is last
    assert chain.hops[0].from_name == f"h{MAX_HOPS - 1}.example"


def test_huge_folds_and_deep_nesting_are_cut_and_read() -> None:
    deep = "(" * 10_000 + "x" + ")" * 10_000
    hop = parse_hop(f"from a.example {deep} by mx.example; 1 Mar 2024 12:00:00 +0000")
    assert len(hop.raw) <= MAX_HEADER_CHARS
    assert hop.from_name == "a.example"
    folded = "Received: from a.example" + "\r\n\t(x)" * 50_000 + "\r\n by mx.example\r\n\r\n"
    (hop,) = read_received(folded.encode()).hops
    assert len(hop.raw) <= MAX_HEADER_CHARS and hop.from_name == "a.example"


def test_control_and_bidi_characters_stay_data() -> None:
    hop = parse_hop("from evil\u202egpj.exe\x1b[31m (x [192.0.2.9]) by mx.example")
    assert hop.from_name == "evil\u202egpj.exe\x1b[31m"
    assert hop.from_ip == "192.0.2.9"


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=3000))
def test_any_text_reads_without_raising(text: str) -> None:
    hop = parse_hop(text)
    assert len(hop.raw) <= MAX_HEADER_CHARS
    assert isinstance(read_received("Received: " + text), ReceivedChain)


_PIECES = st.sampled_from(
    [
        "from",
        "by",
        "with",
        "for",
        "id",
        "(",
        ")",
        "[",
        "]",
        ";",
        "\\",
        '"',
        "<",
        ">",
        " ",
        "\r\n ",
        "[IPv6:",
        "192.0.2.1",
        "2001:db8::",
        "helo=",
        "HELO ",
        "%7",
        "Mon, 1 Mar 2024",
    ]
)


@settings(max_examples=300, deadline=None)
@given(st.lists(_PIECES, max_size=400))
def test_header_shaped_noise_reads_without_raising(pieces: list[str]) -> None:
    value = "".join(pieces)
    hop = parse_hop(value)
    for ip in (hop.from_ip, hop.by_ip):
        assert ip is None or ip in {"192.0.2.1"} or ip.startswith("2001:db8")


@settings(max_examples=100, deadline=None)
@given(st.binary(max_size=5000))
def test_any_bytes_read_without_raising(data: bytes) -> None:
    chain = read_received(b"Received: " + data)
    assert len(chain.hops) <= MAX_HOPS
