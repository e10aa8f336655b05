"""Build resources/map/countries.json, the world map's country shapes, from Natural Earth.

Source: the npm package ``world-atlas`` (TopoJSON of Natural Earth 1:50m admin-0 countries,
Natural Earth is public domain; the packaging is ISC-licensed by Mike Bostock). Run once, by hand,
when the shapes should change; the result is committed, so the app never downloads anything.

    python packaging/build_world_map.py            # npm pack world-atlas@2.0.2, then convert
    python packaging/build_world_map.py --tarball world-atlas-2.0.2.tgz   # offline rebuild

Needs ``npm`` (unless --tarball) and ``pycountry`` (numeric → alpha-2 codes, build time only).

What the conversion does:
- decodes the TopoJSON arcs and simplifies each *arc* (Douglas–Peucker), so two neighbours keep
  exactly the same border;
- keys each country by ISO 3166-1 alpha-2 (Kosovo XK; N. Cyprus and Somaliland merged into CY and
  SO as geolocation databases report them; "Indian Ocean Ter." split into CX and CC);
- cuts rings at the ±180° meridian (Fiji, Chukotka) and closes Antarctica along the pole line;
- quantises to 1/100 degree and delta-encodes each ring as integers (flat [lon, lat, dlon, dlat…]);
- writes a second, coarser set of rings ("lo", 0.1°) that the map draws at world zoom, where the
  detailed one would only spend time on sub-pixel wiggles;
- stores for each country a label point inside its largest polygon (pole of inaccessibility in
  the map's projection), where the map draws a mark when only the country is known.
"""

from __future__ import annotations

import argparse
import heapq
import io
import itertools
import json
import math
import sys
import tarfile
import tempfile
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from _npm import npm_pack  # noqa: E402  (packaging/, the script's own folder)

from app.core.geo.projection import forward  # noqa: E402

PACKAGE = "world-atlas@2.0.2"
DEFAULT_OUT = ROOT / "resources" / "map" / "countries.json"
QUANTUM = 100  # 1/100 degree ≈ 1.1 km: finer than a pixel even zoomed on a small country

# Natural Earth features without an ISO numeric code, and what geolocation databases call them.
NAMED_CODES = {
    "Kosovo": "XK",
    "N. Cyprus": "CY",
    "Somaliland": "SO",
    "Indian Ocean Ter.": "CX",  # split into CX and CC by longitude below
}
UNASSIGNED = {"Siachen Glacier"}  # disputed; drawn as land, belongs to no country code
# Places with no polygon at 1:50m: an approximate label point (lon, lat) so a country-only
# location still has somewhere to go. Public geographic facts, rounded.
EXTRA_POINTS: dict[str, tuple[float, float]] = {
    "GF": (-53.1, 3.9),
    "GP": (-61.55, 16.25),
    "MQ": (-61.02, 14.64),
    "RE": (55.53, -21.13),
    "YT": (45.15, -12.83),
    "GI": (-5.35, 36.14),
    "BQ": (-68.26, 12.18),
    "SJ": (16.0, 78.5),
    "BV": (3.41, -54.42),
    "TK": (-171.85, -9.2),
    "TV": (179.2, -8.52),
    "UM": (166.65, 19.3),
    "IO": (72.42, -7.33),
}


def read_topology(tarball: Path, resolution: str) -> dict[str, Any]:
    """Read one member from the tarball without extracting anything to disk."""
    with tarfile.open(tarball, "r:gz") as tar:
        member = tar.extractfile(f"package/countries-{resolution}.json")
        if member is None:
            raise SystemExit(f"{tarball}: no countries-{resolution}.json")
        return json.load(io.TextIOWrapper(member, encoding="utf-8"))  # type: ignore[no-any-return]


def decode_arcs(topology: dict[str, Any]) -> list[list[tuple[float, float]]]:
    """TopoJSON arcs are delta-encoded quantised integers; return absolute lon/lat points."""
    (sx, sy), (tx, ty) = topology["transform"]["scale"], topology["transform"]["translate"]
    arcs = []
    for arc in topology["arcs"]:
        x = y = 0
        points = []
        for dx, dy in arc:
            x += dx
            y += dy
            points.append((x * sx + tx, y * sy + ty))
        arcs.append(points)
    return arcs


def simplify(points: list[tuple[float, float]], tolerance: float) -> list[tuple[float, float]]:
    """Douglas–Peucker keeping both ends; a closed arc is first split at its farthest vertex."""
    if len(points) < 3:
        return points
    if points[0] == points[-1]:
        far = max(range(len(points)), key=lambda i: _dist2(points[i], points[0]))
        if far in (0, len(points) - 1):
            return points
        first = simplify(points[: far + 1], tolerance)
        return first[:-1] + simplify(points[far:], tolerance)
    keep = [False] * len(points)
    keep[0] = keep[-1] = True
    stack = [(0, len(points) - 1)]
    tol2 = tolerance * tolerance
    while stack:
        start, end = stack.pop()
        best, best_d = -1, tol2
        for i in range(start + 1, end):
            d = _segment_dist2(points[i], points[start], points[end])
            if d > best_d:
                best, best_d = i, d
        if best >= 0:
            keep[best] = True
            stack.append((start, best))
            stack.append((best, end))
    return [p for p, k in zip(points, keep, strict=True) if k]


def _dist2(a: tuple[float, float], b: tuple[float, float]) -> float:
    return (a[0] - b[0]) ** 2 + (a[1] - b[1]) ** 2


def _segment_dist2(p: tuple[float, float], a: tuple[float, float], b: tuple[float, float]) -> float:
    dx, dy = b[0] - a[0], b[1] - a[1]
    if dx == 0 and dy == 0:
        return _dist2(p, a)
    t = max(0.0, min(1.0, ((p[0] - a[0]) * dx + (p[1] - a[1]) * dy) / (dx * dx + dy * dy)))
    return _dist2(p, (a[0] + t * dx, a[1] + t * dy))


def ring_points(
    indexes: list[int], arcs: list[list[tuple[float, float]]]
) -> list[tuple[float, float]]:
    """Join a ring's arcs (a negative index ~i means arc i reversed), dropping shared joints."""
    ring: list[tuple[float, float]] = []
    for index in indexes:
        arc = arcs[index] if index >= 0 else arcs[~index][::-1]
        ring.extend(arc[1:] if ring else arc)
    return ring


def quantise(ring: list[tuple[float, float]]) -> list[tuple[int, int]]:
    """Round to the quantum, drop repeats and the closing point (rings are implicitly closed)."""
    out: list[tuple[int, int]] = []
    for lon, lat in ring:
        q = (round(lon * QUANTUM), round(lat * QUANTUM))
        if not out or q != out[-1]:
            out.append(q)
    while len(out) > 1 and out[0] == out[-1]:
        out.pop()
    return out


def delta_encode(ring: list[tuple[int, int]]) -> list[int]:
    flat = [ring[0][0], ring[0][1]]
    for (x0, y0), (x1, y1) in itertools.pairwise(ring):
        flat += [x1 - x0, y1 - y0]
    return flat


def polygons_of(geometry: dict[str, Any]) -> list[list[list[int]]]:
    if geometry["type"] == "Polygon":
        return [geometry["arcs"]]
    if geometry["type"] == "MultiPolygon":
        return list(geometry["arcs"])
    return []


def code_for(geometry: dict[str, Any]) -> str | None:
    import pycountry  # build-time only

    name = geometry.get("properties", {}).get("name", "")
    if name in UNASSIGNED:
        return None
    if name in NAMED_CODES:
        return NAMED_CODES[name]
    numeric = geometry.get("id")
    if numeric is None:
        raise SystemExit(f"no ISO code for {name!r}: add it to NAMED_CODES or UNASSIGNED")
    country = pycountry.countries.get(numeric=str(numeric))
    if country is None:
        raise SystemExit(f"pycountry knows no numeric code {numeric} ({name})")
    return str(country.alpha_2)


# -- label points: pole of inaccessibility (a grid search refined best-first, in projected units)


def _projected(ring: list[tuple[int, int]]) -> list[tuple[float, float]]:
    return [forward(x / QUANTUM, y / QUANTUM) for x, y in ring]


def _area(ring: list[tuple[float, float]]) -> float:
    return 0.5 * abs(
        sum(ax * by - bx * ay for (ax, ay), (bx, by) in zip(ring, ring[1:] + ring[:1], strict=True))
    )


def _signed_distance(px: float, py: float, rings: list[list[tuple[float, float]]]) -> float:
    inside = False
    best = math.inf
    for ring in rings:
        for (ax, ay), (bx, by) in zip(ring, ring[1:] + ring[:1], strict=True):
            if (ay > py) != (by > py) and px < (bx - ax) * (py - ay) / (by - ay) + ax:
                inside = not inside
            best = min(best, _segment_dist2((px, py), (ax, ay), (bx, by)))
    return math.sqrt(best) * (1 if inside else -1)


def label_point(
    rings: list[list[tuple[float, float]]], precision: float = 0.002
) -> tuple[float, float]:
    """A point well inside the polygon (outer ring first, then holes), in projected units."""
    xs = [x for x, _ in rings[0]]
    ys = [y for _, y in rings[0]]
    min_x, min_y, max_x, max_y = min(xs), min(ys), max(xs), max(ys)
    size = min(max_x - min_x, max_y - min_y)
    if size == 0:
        return rings[0][0]
    precision = min(precision, size / 100)  # tiny countries (the Vatican) need a finer search
    h = size / 2
    queue: list[tuple[float, float, float, float, float]] = []

    def push(x: float, y: float, half: float) -> None:
        d = _signed_distance(x, y, rings)
        heapq.heappush(queue, (-(d + half * math.sqrt(2)), d, x, y, half))

    x = min_x
    while x < max_x:
        y = min_y
        while y < max_y:
            push(x + h, y + h, h)
            y += size
        x += size
    cx, cy = (min_x + max_x) / 2, (min_y + max_y) / 2
    best = (_signed_distance(cx, cy, rings), cx, cy)
    while queue:
        neg_max, d, x, y, half = heapq.heappop(queue)
        if d > best[0]:
            best = (d, x, y)
        if -neg_max - best[0] <= precision:
            continue
        half /= 2
        for ox in (-half, half):
            for oy in (-half, half):
                push(x + ox, y + oy, half)
    return best[1], best[2]


def split_antimeridian(ring: list[tuple[float, float]]) -> list[list[tuple[float, float]]]:
    """Natural Earth rings may jump from +180 to -180; a projected map needs them cut there.

    A ring around a pole (Antarctica) is closed along the pole line instead; a ring that crosses
    the ±180° meridian is unwrapped and clipped into its western and eastern parts.
    """
    jumps = [i for i in range(1, len(ring)) if abs(ring[i][0] - ring[i - 1][0]) > 180]
    if not jumps:
        return [ring]
    unwrapped = [ring[0]]
    for lon, lat in ring[1:]:
        last = unwrapped[-1][0]
        while lon - last > 180:
            lon -= 360
        while lon - last < -180:
            lon += 360
        unwrapped.append((lon, lat))
    if abs(unwrapped[-1][0] - unwrapped[0][0]) > 180:  # goes round a pole
        pole = -90.0 if sum(lat for _, lat in ring) < 0 else 90.0
        out: list[tuple[float, float]] = [ring[0]]
        for before, point in itertools.pairwise(ring):
            if abs(point[0] - before[0]) > 180:
                edge = 180.0 if before[0] > 0 else -180.0
                middle = (before[1] + point[1]) / 2
                out += [(edge, middle), (edge, pole), (-edge, pole), (-edge, middle)]
            out.append(point)
        return [out]
    lons = [lon for lon, _ in unwrapped]
    cut = 180.0 if max(lons) > 180 else -180.0
    west = _clip(unwrapped, cut, keep_below=True)
    east = _clip(unwrapped, cut, keep_below=False)
    shift = -360.0 if cut > 0 else 360.0
    parts = []
    for part, offset in ((west, 0.0 if cut > 0 else shift), (east, shift if cut > 0 else 0.0)):
        if len(part) >= 3:
            parts.append([(lon + offset, lat) for lon, lat in part])
    return parts


def _clip(
    ring: list[tuple[float, float]], cut: float, *, keep_below: bool
) -> list[tuple[float, float]]:
    """Sutherland–Hodgman against the half-plane lon <= cut (or >= cut)."""

    def inside(p: tuple[float, float]) -> bool:
        return p[0] <= cut if keep_below else p[0] >= cut

    out: list[tuple[float, float]] = []
    for prev, point in itertools.pairwise([*ring, ring[0]]):
        if inside(point):
            if not inside(prev):
                out.append(_cross(prev, point, cut))
            out.append(point)
        elif inside(prev):
            out.append(_cross(prev, point, cut))
    return out


def _cross(a: tuple[float, float], b: tuple[float, float], cut: float) -> tuple[float, float]:
    t = (cut - a[0]) / (b[0] - a[0])
    return (cut, a[1] + (b[1] - a[1]) * t)


def build_rings(
    polygon: list[list[int]],
    arcs: list[list[tuple[float, float]]],
    raw: list[list[tuple[float, float]]],
) -> list[list[tuple[int, int]]]:
    rings = []
    for ring_arcs in polygon:
        points = ring_points(ring_arcs, arcs)
        if len(quantise(points)) < 3:  # simplified away: fall back to the full-detail ring
            points = ring_points(ring_arcs, raw)
        for piece in split_antimeridian(points):
            ring = quantise(piece)
            if len(ring) >= 3:
                rings.append(ring)
    return rings


def convert(topology: dict[str, Any], tolerance: float, coarse: float) -> dict[str, Any]:
    """Countries with detailed rings ("rings") and a coarser set for the world view ("lo")."""
    from app.core.geo.projection import inverse

    raw = decode_arcs(topology)
    fine_arcs = [simplify(arc, tolerance) for arc in raw]
    coarse_arcs = [simplify(arc, coarse) for arc in raw]
    countries: dict[str, dict[str, Any]] = {}
    polygons_by_code: dict[str, list[list[list[tuple[int, int]]]]] = {}
    unassigned: list[list[int]] = []
    for geometry in topology["objects"]["countries"]["geometries"]:
        name = geometry.get("properties", {}).get("name", "")
        code = code_for(geometry)
        for polygon in polygons_of(geometry):
            rings = build_rings(polygon, fine_arcs, raw)
            if not rings:
                continue
            if code is None:
                unassigned += [delta_encode(r) for r in rings]
                continue
            target = code
            if name == "Indian Ocean Ter.":
                target = "CX" if rings[0][0][0] > 100 * QUANTUM else "CC"
            entry = countries.setdefault(
                target, {"name": _name(target, name), "rings": [], "lo": []}
            )
            if geometry.get("id") is not None:  # Natural Earth's short names read best
                entry["name"] = name
            entry["rings"] += [delta_encode(r) for r in rings]
            entry["lo"] += [delta_encode(r) for r in build_rings(polygon, coarse_arcs, raw)]
            polygons_by_code.setdefault(target, []).append(rings)
    for code, polygons in polygons_by_code.items():
        projected = [[_projected(r) for r in poly] for poly in polygons]
        largest = max(projected, key=lambda poly: _area(poly[0]))
        lon, lat = inverse(*label_point(largest))
        countries[code]["label"] = [round(lon, 4), round(lat, 4)]
    points = {
        code: [lon, lat] for code, (lon, lat) in EXTRA_POINTS.items() if code not in countries
    }
    return {"countries": dict(sorted(countries.items())), "points": points, "land": unassigned}


def _name(code: str, fallback: str) -> str:
    import pycountry

    if code == "XK":
        return "Kosovo"
    country = pycountry.countries.get(alpha_2=code)
    if country is None:
        return fallback
    return str(getattr(country, "common_name", None) or country.name)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tarball", type=Path, help="use this world-atlas .tgz instead of npm")
    parser.add_argument("--resolution", choices=("50m", "110m"), default="50m")
    parser.add_argument(
        "--tolerance", type=float, default=0.02, help="simplification, degrees (0.02 ≈ 2 km)"
    )
    parser.add_argument(
        "--coarse", type=float, default=0.1, help="simplification of the world-view level"
    )
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    args = parser.parse_args(argv)

    with tempfile.TemporaryDirectory() as tmp:
        if args.tarball:
            tarball, meta = args.tarball, {"filename": args.tarball.name}
        else:
            tarball, meta = npm_pack(PACKAGE, Path(tmp), timeout=300)
        topology = read_topology(tarball, args.resolution)
    data = convert(topology, args.tolerance, args.coarse)
    document = {
        "format": "datalocator-world/1",
        "source": {
            "package": PACKAGE,
            "file": f"countries-{args.resolution}.json",
            "integrity": meta.get("integrity"),
            "data": f"Natural Earth 1:{args.resolution} admin-0 countries v4.1.0 (public domain)",
            "conversion": "packaging/build_world_map.py: arcs simplified (Douglas-Peucker, "
            f"{args.tolerance} deg; world-view level 'lo' {args.coarse} deg), cut at ±180 deg, "
            f"quantised to 1/{QUANTUM} deg, rings delta-encoded",
        },
        "quantum": QUANTUM,
        **data,
    }
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(document, separators=(",", ":")) + "\n", encoding="utf-8")
    points = sum(len(r) // 2 for c in data["countries"].values() for r in c["rings"])
    coarse = sum(len(r) // 2 for c in data["countries"].values() for r in c["lo"])
    print(
        f"{args.out}: {len(data['countries'])} countries, {points} points ({coarse} coarse), "
        f"{args.out.stat().st_size / 1024:.0f} KiB"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
