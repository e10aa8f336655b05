import pytest

from app.core.addresses import classify, ip_sort_key, normalise_ip
from app.core.model import AddressScope


@pytest.mark.parametrize(
    ("ip", "scope"),
    [
        ("127.0.0.1", AddressScope.THIS_DEVICE),
        ("::1", AddressScope.THIS_DEVICE),
        ("0.0.0.0", AddressScope.THIS_DEVICE),
        ("10.1.2.3", AddressScope.LOCAL_NETWORK),
        ("172.31.255.255", AddressScope.LOCAL_NETWORK),
        ("172.32.0.1", AddressScope.PUBLIC),
        ("192.168.1.10", AddressScope.LOCAL_NETWORK),
        ("169.254.10.1", AddressScope.LOCAL_NETWORK),
        ("100.64.0.1", AddressScope.LOCAL_NETWORK),
        ("100.128.0.1", AddressScope.PUBLIC),
        ("fd12:3456::1", AddressScope.LOCAL_NETWORK),
        ("fe80::1%eth0", AddressScope.LOCAL_NETWORK),
        ("224.0.0.251", AddressScope.MULTICAST),
        ("ff02::fb", AddressScope.MULTICAST),
        ("192.0.2.7", AddressScope.RESERVED),
        ("198.51.100.1", AddressScope.RESERVED),
        ("203.0.113.9", AddressScope.RESERVED),
        ("198.19.0.1", AddressScope.RESERVED),
        ("2001:db8::1", AddressScope.RESERVED),
        ("255.255.255.255", AddressScope.RESERVED),
        ("8.8.8.8", AddressScope.PUBLIC),
        ("51.38.0.1", AddressScope.PUBLIC),
        ("2a00:1450:4007:80e::200e", AddressScope.PUBLIC),
        ("::ffff:8.8.4.4", AddressScope.PUBLIC),
        ("::ffff:127.0.0.1", AddressScope.THIS_DEVICE),
    ],
)
def test_classify(ip: str, scope: AddressScope) -> None:
    assert classify(ip) is scope
    assert scope.is_locatable == (scope is AddressScope.PUBLIC)


def test_normalise_unwraps_mapped_and_compresses() -> None:
    assert normalise_ip("::ffff:51.38.0.1") == "51.38.0.1"
    assert normalise_ip("2001:0db8:0000:0000:0000:0000:0000:0001") == "2001:db8::1"
    assert normalise_ip("fe80::1%eth0") == "fe80::1"


@pytest.mark.parametrize("bad", ["", "example.org", "1.2.3", "300.1.1.1", "::g"])
def test_classify_rejects_non_addresses(bad: str) -> None:
    with pytest.raises(ValueError, match="does not appear to be an IPv4 or IPv6 address"):
        classify(bad)


def test_ip_sort_key_orders_addresses_as_numbers() -> None:
    ips = ["not an ip", "2001:db8::1", "10.0.0.10", None, "::ffff:10.0.0.9", "10.0.0.9x", "9.9.9.9"]
    ordered = sorted(ips, key=ip_sort_key)
    assert ordered == [
        None,
        "9.9.9.9",
        "::ffff:10.0.0.9",
        "10.0.0.10",
        "2001:db8::1",
        "10.0.0.9x",
        "not an ip",
    ]
