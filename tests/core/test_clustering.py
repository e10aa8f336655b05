"""Screen-space clustering of map marks."""

import math
import random
import time

import pytest

from app.core.clustering import Cluster, cluster_points


def _random_points(n: int, seed: int) -> tuple[list[float], list[float], list[int]]:
    rng = random.Random(seed)
    xs = [rng.uniform(0, 1000) for _ in range(n)]
    ys = [rng.uniform(0, 600) for _ in range(n)]
    weights = [rng.randint(1, 50) for _ in range(n)]
    return xs, ys, weights


def test_empty_and_single() -> None:
    assert cluster_points([], [], 10.0) == []
    assert cluster_points([5.0], [7.0], 10.0) == [Cluster((0,), 5.0, 7.0, 1)]


def test_near_points_merge_far_points_do_not() -> None:
    (cluster,) = cluster_points([0.0, 6.0], [0.0, 8.0], 10.0, [3, 1])  # 10 apart: merge
    assert cluster.members == (0, 1)
    assert cluster.weight == 4
    # Weighted centre: three quarters of the way to the heavier point.
    assert (cluster.x, cluster.y) == pytest.approx((1.5, 2.0))
    assert len(cluster_points([0.0, 6.1], [0.0, 8.0], 10.0)) == 2


def test_heaviest_point_seeds_and_comes_first() -> None:
    clusters = cluster_points([0.0, 5.0, 500.0], [0.0, 0.0, 0.0], 10.0, [1, 9, 20])
    assert [c.seed for c in clusters] == [2, 1]
    assert clusters[1].members == (1, 0)


def test_every_point_in_exactly_one_cluster_within_radius_of_its_seed() -> None:
    xs, ys, weights = _random_points(3000, seed=3)
    radius = 25.0
    clusters = cluster_points(xs, ys, radius, weights)
    members = sorted(m for c in clusters for m in c.members)
    assert members == list(range(len(xs)))
    for c in clusters:
        assert c.weight == sum(weights[m] for m in c.members)
        for m in c.members:
            assert math.hypot(xs[m] - xs[c.seed], ys[m] - ys[c.seed]) <= radius + 1e-9


def test_clusters_split_as_the_radius_shrinks() -> None:
    """Zooming in (a smaller radius in world units) never merges, and ends with every point."""
    xs, ys, weights = _random_points(800, seed=5)
    counts = [len(cluster_points(xs, ys, r, weights)) for r in (200, 100, 50, 25, 10, 1, 0.01)]
    assert counts == sorted(counts)
    assert counts[0] < counts[-1] == 800


def test_deterministic_whatever_the_input_order() -> None:
    xs, ys, _ = _random_points(500, seed=9)
    weights = list(range(1, 501))  # distinct: the seed order is fixed by weight alone
    first = cluster_points(xs, ys, 40.0, weights)
    order = list(range(500))
    random.Random(1).shuffle(order)
    second = cluster_points(
        [xs[i] for i in order], [ys[i] for i in order], 40.0, [weights[i] for i in order]
    )
    as_sets = {frozenset(c.members) for c in first}
    remapped = {frozenset(order[m] for m in c.members) for c in second}
    assert as_sets == remapped


def test_zero_radius_keeps_every_point() -> None:
    clusters = cluster_points([1.0, 1.0], [2.0, 2.0], 0.0, [1, 2])
    assert [c.members for c in clusters] == [(1,), (0,)]


def test_mismatched_lengths() -> None:
    with pytest.raises(ValueError, match="same length"):
        cluster_points([1.0], [1.0, 2.0], 5.0)
    with pytest.raises(ValueError, match="same length"):
        cluster_points([1.0], [1.0], 5.0, [1, 2])


def test_five_thousand_marks_are_fast() -> None:
    xs, ys, weights = _random_points(5000, seed=11)
    start = time.perf_counter()
    cluster_points(xs, ys, 26.0, weights)
    assert time.perf_counter() - start < 0.5  # typically ~10 ms; generous for busy CI machines
