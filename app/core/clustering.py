"""Screen-space clustering: marks closer than a few pixels merge into one mark with a count.

Greedy over a uniform grid (cell = radius): the heaviest point seeds a cluster and takes every
unclaimed point within the radius; only the 3×3 neighbouring cells are searched, so the cost is
about linear in the number of points (5,000 points cluster in a few milliseconds). Deterministic:
the same input always gives the same clusters, so the map does not shimmer between repaints.
Coordinates and radius may be in any unit (pixels, or projected units with radius/zoom).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import NamedTuple


class Cluster(NamedTuple):
    """A group of input points (a NamedTuple: thousands are made per zoom step, cheaply)."""

    members: tuple[int, ...]  # indexes into the input, seed first
    x: float  # weight-averaged position of the members
    y: float
    weight: int  # sum of the members' weights

    @property
    def seed(self) -> int:
        return self.members[0]


def cluster_points(
    xs: Sequence[float],
    ys: Sequence[float],
    radius: float,
    weights: Sequence[int] | None = None,
) -> list[Cluster]:
    """Group points within `radius` of a seed. Clusters come out heaviest first."""
    n = len(xs)
    if len(ys) != n or (weights is not None and len(weights) != n):
        raise ValueError("xs, ys and weights must have the same length")
    w = list(weights) if weights is not None else [1] * n
    # Heaviest first; ties keep input order (Python's sort is stable, also when reversed).
    order = range(n) if weights is None else sorted(range(n), key=w.__getitem__, reverse=True)
    if radius <= 0:
        return [Cluster((i,), xs[i], ys[i], w[i]) for i in order]
    inv = 1.0 / radius
    # Cells keyed by one int (cx * _STRIDE + cy): cheaper to hash than a tuple.
    cell_of = [
        math.floor(x * inv) * _STRIDE + math.floor(y * inv) for x, y in zip(xs, ys, strict=True)
    ]
    cells: dict[int, list[int]] = {}
    for i, cell in enumerate(cell_of):
        bucket = cells.get(cell)
        if bucket is None:
            cells[cell] = [i]
        else:
            bucket.append(i)
    r2 = radius * radius
    taken = [False] * n
    clusters: list[Cluster] = []
    append = clusters.append
    get = cells.get
    for i in order:
        if taken[i]:
            continue
        taken[i] = True
        sx, sy = xs[i], ys[i]
        members = [i]
        base = cell_of[i]
        for offset in _NEIGHBOURS:
            bucket = get(base + offset)
            if bucket is None:
                continue
            for j in bucket:
                if not taken[j]:
                    dx = xs[j] - sx
                    dy = ys[j] - sy
                    if dx * dx + dy * dy <= r2:
                        taken[j] = True
                        members.append(j)
        if len(members) == 1:
            append(Cluster((i,), sx, sy, w[i]))
            continue
        total = sum([w[m] for m in members])
        append(
            Cluster(
                tuple(members),
                sum([xs[m] * w[m] for m in members]) / total,
                sum([ys[m] * w[m] for m in members]) / total,
                total,
            )
        )
    return clusters


_STRIDE = 1 << 40  # far more cells per column than any zoom level makes
_NEIGHBOURS = tuple(dx * _STRIDE + dy for dx in (-1, 0, 1) for dy in (-1, 0, 1))
