"""Accuracy against ground truth the app never used (issue 10, "Honest answers").

``tests/data/ground_truth.toml`` holds public addresses with where their operators say they are
(RFC 8805 geofeeds, resolver and CDN pages, root-servers.org, RIR records) and who runs them.
Each goes through the public API only (``Locator.from_paths(default_database_paths())`` and
``locate``), as the window and the command line do, and is scored on:

- country: the answer's country is the source's (rows with one country; anycast rows have none);
- company: the provider registry key the source implies; no name is "unknown", which is allowed,
  a different name is wrong;
- city: the answer's point lies within 100 km of the source's city, when both have a city;
- radius: the answer's circle (point + ``accuracy_km``) contains the source's city, when the
  answer claims one, split by the answer's kind (a city or a country-only zone);
- edge: the answer marks an edge exactly when the address serves rather than stores;
- anycast unpinned: an anycast address gets no country.

The same scores back ``tests/core/test_ground_truth.py``, which asserts what holds and keeps the
issue's other promises as strict xfails.
"""

from __future__ import annotations

import math
import re
import time
import tomllib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from app.core.geo.locator import Locator, default_database_paths
from app.core.model import LocatedEndpoint, LocationKind

GROUND_TRUTH = Path(__file__).resolve().parent.parent / "tests" / "data" / "ground_truth.toml"
CITY_KM = 100.0
EARTH_RADIUS_KM = 6371.0088
CLASSES = ("cloud", "isp", "anycast", "cdn_cache", "institution")
# Words too common in company names to tell two operators apart.
_GENERIC = frozenset(
    {
        "the",
        "and",
        "cloud",
        "network",
        "networks",
        "services",
        "service",
        "limited",
        "group",
        "university",
        "internet",
        "telecom",
        "communications",
        "broadband",
        "public",
        "project",
    }
)


@dataclass(frozen=True, slots=True)
class Truth:
    """One row of the ground-truth file."""

    ip: str
    prefix: str
    cls: str
    country: str | None
    company: str  # provider registry key, or "unknown"
    operator: str
    city: str | None
    point: tuple[float, float] | None
    edge: bool
    anycast: bool
    source: str
    as_of: str


@dataclass(frozen=True, slots=True)
class Outcome:
    """What the app answered for one row, reduced to what is scored."""

    truth: Truth
    country: str | None
    company: str | None  # registry key, None when the app names no company
    company_name: str | None
    kind: LocationKind | None
    point: tuple[float, float] | None
    radius_km: float | None
    edge: bool

    @property
    def country_right(self) -> bool:
        return self.country == self.truth.country

    @property
    def company_verdict(self) -> str:
        """ "right", "unknown" (no name: allowed) or "wrong" (another company named)."""
        if self.company is None:
            return "right" if self.truth.company == "unknown" else "unknown"
        if self.truth.company != "unknown":
            return "right" if self.company == self.truth.company else "wrong"
        # The registry had no entry for this operator when the file was written: a name is only
        # right if it is this operator's (the registry may have gained it since).
        return "right" if _same_operator(self.truth.operator, self.company_name or "") else "wrong"

    @property
    def has_city(self) -> bool:
        """A city-level answer (a city or a data-centre region), with a point."""
        return self.kind is LocationKind.EXACT and self.point is not None

    @property
    def city_km(self) -> float | None:
        """Distance from the answer's city to the source's, when both have one."""
        if not self.has_city or self.truth.point is None or self.point is None:
            return None
        return distance_km(self.point, self.truth.point)

    @property
    def radius_holds(self) -> bool | None:
        """Whether the claimed circle contains the source's city (None: nothing to judge)."""
        if self.radius_km is None or self.point is None or self.truth.point is None:
            return None
        return distance_km(self.point, self.truth.point) <= self.radius_km


def distance_km(a: tuple[float, float], b: tuple[float, float]) -> float:
    """Great-circle distance (haversine), enough for a 100 km test."""
    lat1, lon1, lat2, lon2 = map(math.radians, (*a, *b))
    h = (
        math.sin((lat2 - lat1) / 2) ** 2
        + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    )
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(h)))


def _words(text: str) -> set[str]:
    return {word for word in re.findall(r"[a-z0-9]{4,}", text.lower()) if word not in _GENERIC}


def _same_operator(operator: str, named: str) -> bool:
    return bool(_words(operator) & _words(named))


def load_truth(path: Path = GROUND_TRUTH) -> list[Truth]:
    """The rows of the ground-truth file, in file order."""
    with path.open("rb") as file:
        data = tomllib.load(file)
    rows: list[Truth] = []
    for row in data["address"]:
        point = (float(row["lat"]), float(row["lon"])) if "lat" in row else None
        rows.append(
            Truth(
                ip=row["ip"],
                prefix=row["prefix"],
                cls=row["class"],
                country=row["country"] or None,
                company=row["company"],
                operator=row["operator"],
                city=row.get("city"),
                point=point,
                edge=bool(row["edge"]),
                anycast=bool(row["anycast"]),
                source=row["source"],
                as_of=row["as_of"],
            )
        )
    return rows


def outcome(truth: Truth, answer: LocatedEndpoint) -> Outcome:
    location = answer.location
    point = None
    if location is not None and location.latitude is not None and location.longitude is not None:
        point = (location.latitude, location.longitude)
    return Outcome(
        truth=truth,
        country=location.country_code if location is not None else None,
        company=answer.provider.key if answer.provider is not None else None,
        company_name=answer.provider.name if answer.provider is not None else None,
        kind=location.kind if location is not None else None,
        point=point,
        radius_km=location.accuracy_km if location is not None else None,
        edge=answer.is_edge,
    )


def score(rows: Sequence[Truth], locator: Locator | None = None) -> list[Outcome]:
    """Every row through ``locate`` (the embedded databases unless a locator is given)."""
    if locator is not None:
        return [outcome(row, locator.locate(row.ip)) for row in rows]
    opened, errors = Locator.from_paths(default_database_paths())
    if errors:
        raise RuntimeError("; ".join(errors))
    with opened:
        return [outcome(row, opened.locate(row.ip)) for row in rows]


@dataclass(frozen=True, slots=True)
class Rate:
    hits: int
    total: int

    def __str__(self) -> str:
        if not self.total:
            return "-"
        return f"{self.hits}/{self.total} {100 * self.hits / self.total:.0f}%"

    @property
    def share(self) -> float:
        return self.hits / self.total if self.total else 1.0


@dataclass(frozen=True, slots=True)
class Scores:
    """One group's figures (a class of rows, or all of them)."""

    rows: int
    country: Rate
    company_right: Rate
    company_unknown: int
    company_wrong: int
    city_given: Rate  # rows whose source has a city that got a city-level answer
    city_within: Rate  # of those, within 100 km
    radius_city: Rate  # city-level answers with a radius whose circle holds the truth
    radius_zone: Rate  # country-only answers with a radius whose circle holds the truth
    false_edges: int
    missed_edges: int
    anycast_unpinned: Rate


def summarise(outcomes: Iterable[Outcome]) -> Scores:
    items = list(outcomes)
    with_country = [o for o in items if o.truth.country is not None]
    with_city = [o for o in items if o.truth.point is not None and o.truth.city is not None]
    given = [o for o in with_city if o.has_city]
    radius_city = [o for o in items if o.has_city and o.radius_holds is not None]
    radius_zone = [o for o in items if o.kind is LocationKind.ZONE and o.radius_holds is not None]
    anycast = [o for o in items if o.truth.anycast]
    verdicts = [o.company_verdict for o in items]
    return Scores(
        rows=len(items),
        country=Rate(sum(o.country_right for o in with_country), len(with_country)),
        company_right=Rate(verdicts.count("right"), len(items)),
        company_unknown=verdicts.count("unknown"),
        company_wrong=verdicts.count("wrong"),
        city_given=Rate(len(given), len(with_city)),
        city_within=Rate(sum((o.city_km or 0.0) <= CITY_KM for o in given), len(given)),
        radius_city=Rate(sum(bool(o.radius_holds) for o in radius_city), len(radius_city)),
        radius_zone=Rate(sum(bool(o.radius_holds) for o in radius_zone), len(radius_zone)),
        false_edges=sum(o.edge and not o.truth.edge for o in items),
        missed_edges=sum(o.truth.edge and not o.edge for o in items),
        anycast_unpinned=Rate(sum(o.country is None for o in anycast), len(anycast)),
    )


def by_class(outcomes: Sequence[Outcome]) -> dict[str, Scores]:
    """Scores per class of row, then "all"."""
    groups = {cls: summarise(o for o in outcomes if o.truth.cls == cls) for cls in CLASSES}
    groups["all"] = summarise(outcomes)
    return groups


def table(outcomes: Sequence[Outcome]) -> str:
    """The per-class table printed by the bench and by a failing test."""
    header = (
        "class",
        "rows",
        "country",
        "company ok",
        "unk",
        "wrong",
        "city given",
        "city<=100km",
        "radius (city)",
        "radius (zone)",
        "false edge",
        "missed edge",
        "anycast no country",
    )
    lines = [header]
    for name, s in by_class(outcomes).items():
        lines.append(
            (
                name,
                str(s.rows),
                str(s.country),
                str(s.company_right),
                str(s.company_unknown),
                str(s.company_wrong),
                str(s.city_given),
                str(s.city_within),
                str(s.radius_city),
                str(s.radius_zone),
                str(s.false_edges),
                str(s.missed_edges),
                str(s.anycast_unpinned),
            )
        )
    widths = [max(len(line[i]) for line in lines) for i in range(len(header))]
    return "\n".join(
        "  ".join(cell.ljust(width) for cell, width in zip(line, widths, strict=True)).rstrip()
        for line in lines
    )


def misses(outcomes: Sequence[Outcome]) -> str:
    """One line per row that is wrong on country or company, or marked an edge it is not."""
    lines = []
    for o in outcomes:
        problems = []
        if o.truth.country is not None and not o.country_right:
            problems.append(f"country {o.country} not {o.truth.country}")
        if o.company_verdict == "wrong":
            problems.append(f"company {o.company} not {o.truth.company} ({o.truth.operator})")
        if o.edge and not o.truth.edge:
            problems.append("false edge")
        if problems:
            lines.append(f"{o.truth.ip} [{o.truth.cls}]: " + "; ".join(problems))
    return "\n".join(lines)


def main() -> None:
    rows = load_truth()
    start = time.perf_counter()
    outcomes = score(rows)
    elapsed = time.perf_counter() - start
    print(f"accuracy: {len(rows)} addresses from {GROUND_TRUTH.name} ({elapsed:.2f} s)")
    print(table(outcomes))
    wrong = misses(outcomes)
    if wrong:
        print("wrong answers:")
        print(wrong)


if __name__ == "__main__":
    main()
