"""The near test's grid (near_edges.near_any) never misses a box that meets a neighbour, and a
kept preparation's check (EdgeCoverage.needed) is exact.

Missing one would leave an edge near a claim cut by its chord: a wrong area. Finding one too
many only splits an edge for nothing. Checked against every pair of boxes compared directly.
"""

from __future__ import annotations

import numpy as np

from imperial_land.core.overlap.near_edges import EdgeCoverage, grown, near_any


def _boxes(rng: np.random.Generator, count: int, span: float, size: float) -> np.ndarray:
    corner = rng.uniform(0.0, span, (count, 2))
    extent = rng.uniform(0.0, size, (count, 2))
    return np.column_stack([corner, corner + extent])


def _meets(queries: np.ndarray, neighbours: np.ndarray) -> np.ndarray:
    """Which queries meet a neighbour (closed boxes: touching counts), pair by pair."""
    q, n = queries[:, None, :], neighbours[None, :, :]
    meet = (q[..., 0] <= n[..., 2]) & (n[..., 0] <= q[..., 2])
    meet &= (q[..., 1] <= n[..., 3]) & (n[..., 1] <= q[..., 3])
    return meet.any(axis=1)


def test_every_box_that_meets_a_neighbour_is_found_and_few_others():
    rng = np.random.default_rng(7)
    neighbours = _boxes(rng, 10_000, 300_000.0, 900.0) - 250_000.0  # negative coordinates too
    queries = _boxes(rng, 2_000, 400_000.0, 3_000.0) - 300_000.0
    found = near_any(neighbours)(queries)
    truth = _meets(queries, neighbours)
    assert truth.sum() > 100
    assert not np.any(truth & ~found)  # never blind
    assert (found & ~truth).sum() <= truth.sum()  # and only cells' worth of extra


def test_touching_boxes_and_boxes_outside_the_grid():
    neighbours = np.array([[0.0, 0.0, 10.0, 10.0], [5_000.0, 5_000.0, 5_010.0, 5_010.0]])
    queries = np.array(
        [
            [10.0, 10.0, 20.0, 20.0],  # touches the first at a corner
            [-50.0, -50.0, -0.0, 3.0],  # touches its left side
            [9_000.0, 9_000.0, 9_100.0, 9_100.0],  # beyond the grid
            [-9_000.0, 2_000.0, -8_000.0, 2_100.0],  # beside it
            [5_010.0, 4_000.0, 6_000.0, 5_000.0],  # touches the second at a corner
        ]
    )
    assert near_any(neighbours)(queries).tolist() == [True, True, False, False, True]


def test_a_single_point_and_no_neighbours():
    point = np.array([[3.0, 4.0, 3.0, 4.0]])
    assert near_any(point)(np.array([[3.0, 4.0, 3.0, 4.0], [4.5, 4.0, 9.0, 9.0]])).tolist() == [
        True,
        False,
    ]
    assert near_any(np.zeros((0, 4)))(point).tolist() == [False]


def test_a_kept_preparation_needs_exactly_the_edges_a_neighbour_comes_near():
    """EdgeCoverage.needed, box against box: an unsplit edge whose grown box meets a neighbour
    is needed, one a neighbour misses by a centimetre is not, whatever grid the first pass
    lays (here the edges of 2,000 random boxes against neighbours of other extents)."""
    rng = np.random.default_rng(11)
    edges = _boxes(rng, 2_000, 200_000.0, 400.0)
    owner = rng.integers(0, 3, len(edges))
    pad = rng.uniform(1.0, 3.0, len(edges))
    reach = np.array([0.0, 500.0, 1_000.0])
    coverage = EdgeCoverage(edges, pad, owner)
    grown_edges = grown(edges, reach[owner] + pad)
    for seed in range(20):
        picked = np.random.default_rng(seed).uniform(0.0, 200_000.0, (1, 2))
        neighbour = np.column_stack([picked, picked + 50.0])
        assert coverage.needed(reach, neighbour) == bool(_meets(grown_edges, neighbour).any())
    # One grown edge box, and neighbours a centimetre off each side, then touching it.
    x0, y0, x1, y1 = grown_edges[0]
    off = [
        [x1 + 0.01, y0, x1 + 5.0, y1],
        [x0 - 5.0, y0, x0 - 0.01, y1],
        [x0, y1 + 0.01, x1, y1 + 5.0],
        [x0, y0 - 5.0, x1, y0 - 0.01],
    ]
    alone = EdgeCoverage(edges[:1], pad[:1], owner[:1])
    assert not alone.needed(reach, np.array(off))
    assert alone.needed(reach, np.array([[x1, y0, x1 + 5.0, y1]]))  # touching
    assert not alone.needed(reach, np.zeros((0, 4)))
    assert not EdgeCoverage.joined([]).needed(reach, np.array(off))  # every edge was split
