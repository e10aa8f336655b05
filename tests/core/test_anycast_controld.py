"""Control D's anycast DNS ranges (its own range page) are resolvers run by a registry company;
its proxy and web ranges on the same page are not resolvers and stay unmatched."""

from __future__ import annotations

import pytest

from app.core.geo.anycast import EdgeDetector, EdgeKind
from app.core.providers import ProviderRegistry


@pytest.mark.parametrize("ip", ["76.76.2.11", "76.76.10.22", "2606:1a40::11", "2606:1a40:1::22"])
def test_control_d_resolvers_are_anycast(ip: str) -> None:
    match = EdgeDetector().match(ip, None)
    assert match is not None and match.kind is EdgeKind.PUBLIC_RESOLVER
    assert match.network == ip  # the resolver's own address, not only its range
    assert match.operator == "controld"
    provider = ProviderRegistry.load().get(match.operator)
    assert provider is not None and provider.headquarters == "CA"


def test_rest_of_the_dns_ranges_is_anycast() -> None:
    match = EdgeDetector().match("76.76.2.200", None)
    assert match is not None and match.kind.is_anycast and match.operator == "controld"


@pytest.mark.parametrize("ip", ["206.253.88.1", "147.185.34.1", "76.76.3.1"])
def test_control_d_other_ranges_are_not_resolvers(ip: str) -> None:
    match = EdgeDetector().match(ip, None)
    assert match is None or match.operator != "controld"
