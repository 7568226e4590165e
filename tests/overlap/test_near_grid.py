"""The near test's grid (near_edges.near_any) never misses a box that meets a neighbour.

Missing one would leave an edge near a claim cut by its chord: a wrong area. Finding one too
many only splits an edge for nothing. Checked against every pair of boxes compared directly.
"""

from __future__ import annotations

import numpy as np

from imperial_land.core.overlap.near_edges import near_any


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
