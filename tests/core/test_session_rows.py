"""What views share, Qt-free: a row's remote end and a copy of a view's rows."""

from __future__ import annotations

from types import MappingProxyType

from app.core.model import AddressScope, Endpoint, LocatedEndpoint, Location
from app.core.session.rows import RowsSnapshot, endpoint_for
from tests.fixtures.observations import obs

LOCATED = LocatedEndpoint(
    endpoint=Endpoint("51.38.0.1", ("ovh.example",), ("ovh.example",)),
    scope=AddressScope.PUBLIC,
    location=Location("FR"),
)


def test_a_row_without_an_answer_has_its_address_class_and_names() -> None:
    row = obs("ssh", "10.0.0.7", 22)
    endpoint = endpoint_for(row, {}, {"10.0.0.7": ("nas.lan",)})
    assert endpoint is not None
    assert (endpoint.ip, endpoint.scope, endpoint.endpoint.hostnames) == (
        "10.0.0.7",
        AddressScope.LOCAL_NETWORK,
        ("nas.lan",),
    )
    assert endpoint_for(obs("server", None, None), {}, {}) is None


def test_names_the_view_holds_win_over_the_answer_s_and_drop_unconfirmed_ones() -> None:
    row = obs("browser", "51.38.0.1", 443)
    assert endpoint_for(row, {"51.38.0.1": LOCATED}, {}) is LOCATED
    renamed = endpoint_for(row, {"51.38.0.1": LOCATED}, {"51.38.0.1": ("other.example",)})
    assert renamed is not None and renamed.location == LOCATED.location
    assert renamed.endpoint.hostnames == ("other.example",)
    assert renamed.endpoint.confirmed == ()  # the confirmed name is not among them any more


def test_names_confirmed_before_the_new_answer_are_not_shown_as_claimed() -> None:
    # PTR names arrive (Renamed) before the answer they may change (Relocated): the view holds
    # which are confirmed, so a name that leads back never shows as "claimed" meanwhile.
    row = obs("mail", "51.38.0.1", 993)
    names = {"51.38.0.1": ("mail.ovh.example",)}
    before = endpoint_for(row, {"51.38.0.1": LOCATED}, names)
    assert before is not None and before.endpoint.claimed == ("mail.ovh.example",)
    named = endpoint_for(row, {"51.38.0.1": LOCATED}, names, {"51.38.0.1": ("mail.ovh.example",)})
    assert named is not None and named.endpoint.claimed == ()
    snapshot = RowsSnapshot(
        (row,),
        MappingProxyType({"51.38.0.1": LOCATED}),
        MappingProxyType(names),
        MappingProxyType({"51.38.0.1": ("mail.ovh.example",)}),
    )
    assert snapshot.connections()[0].located == named


def test_a_snapshot_leaves_closed_connections_out_when_asked() -> None:
    open_row = obs("browser", "51.38.0.1", 443, local_port=1)
    closed_row = obs("browser", "51.38.0.1", 443, local_port=2, status="TIME_WAIT")
    snapshot = RowsSnapshot(
        (open_row, closed_row), MappingProxyType({"51.38.0.1": LOCATED}), MappingProxyType({})
    )
    assert [c.observation for c in snapshot.connections()] == [open_row, closed_row]
    assert [c.observation for c in snapshot.connections(include_closed=False)] == [open_row]
    assert all(c.located is LOCATED for c in snapshot.connections())
    assert closed_row.closed and not open_row.closed
