"""Compiled kernels (Numba): the peer comparisons, group by group.

Product groups are small (3-5 offers) and there are hundreds of thousands of
them. Array code must then make a pass over all rows for every step (impute,
sub-score, normalise, ideal points, distances, each weight sample), and those
passes, not the arithmetic, were the time. These kernels walk the rows of one
group at a time while they sit in cache, doing every step for the group before
moving on: one pass in all.

Inputs come from :func:`daifa.engine.groups.group_rows` (``order``,
``starts``). Outputs are written by input row; rows outside a compared group
keep NaN. The peer ranking first copies its thirty columns into group order
(one streaming pass), so each group is read from one place; the price means
read their two columns by input row.

The module imports Numba (about 0.2 s of CPU), so it is imported only when a
kernel is needed; compiled code is cached on disk (``cache=True``), and
a process's first calls load it from there without Numba's compiler set-up
(see :mod:`daifa.engine.numba_cache`).

Calls are serialised by a lock: each call already uses every core, and Numba's
fallback threading layer (``workqueue``, used when neither OpenMP nor TBB is
installed) aborts the process when two threads, say two web requests, launch
parallel kernels at once.
"""

from __future__ import annotations

import threading
from typing import Any

import numpy as np
from numba import njit, prange

from daifa.engine.numba_cache import load_cached

_LOCK = threading.Lock()


def peer_rank(order: Any, starts: Any, columns: Any, *args: Any) -> Any:
    """The accelerated twin of the reference TOPSIS, :func:`daifa.engine.ranking.rank_groups`
    (closeness, rank and rank robustness per product group); equality pinned by
    ``tests/engine/test_scorecard_peer_kernel.py``. See :func:`_peer_rank`;
    ``columns`` is rows x (criteria + 2), column-major."""
    with _LOCK:
        order, starts, columns = _writable((order, starts, columns))
        # Allocated by NumPy, not inside the kernel: NumPy asks the kernel for
        # huge pages, and the 4 KiB page faults of Numba's own allocation of
        # these 250 MB (a million rows) cost 0.1-0.2 s of system time.
        values = np.empty((order.size, columns.shape[1]))
        load_cached(_in_group_order, (columns, order, values))
        _in_group_order(columns, order, values)
        args = (order, starts, columns.shape[0], values, *_writable(args))
        load_cached(_peer_rank, args)
        return _peer_rank(*args)


def peer_means(*args: Any) -> Any:
    """See :func:`_peer_means`."""
    with _LOCK:
        args = tuple(_writable(args))
        load_cached(_peer_means, args)
        return _peer_means(*args)


def _writable(args: tuple[Any, ...]) -> list[Any]:
    # Polars hands out read-only views; Numba compiles read-only arrays as a
    # type of their own, so one call would compile the kernel a second time.
    return [a.copy() if isinstance(a, np.ndarray) and not a.flags.writeable else a for a in args]


def warm_up() -> None:
    """Load the kernels now, so a first screening does not wait: from the disk cache
    (a tenth of a second), else by compiling them (seconds, once).

    ``./dev`` runs it after installing: ``python -m daifa.engine._compiled``.
    """
    order, starts = np.arange(2, dtype=np.int64), np.array([0, 2], dtype=np.int64)
    values = np.array([[0.5, 1.0, np.nan], [1.0, 2.0, np.nan]])
    weights = np.array([0.5, 0.5])
    peer_rank(
        order, starts, np.asfortranarray(values), np.array([0, 1]), np.ones(1), weights,
        np.array([True, False]), weights[None, :],
    )  # fmt: skip
    peer_means(order, starts, np.arange(2, dtype=np.uint64), values[:, 1].copy())


# --------------------------------------------------------------------------- peer ranking


# Groups are shared out in this many chunks (statically: Numba's dynamic
# schedule, parallel_chunksize, measured four times slower here), few enough
# that each chunk's scratch arrays are allocated once, not per group.
_CHUNKS = 64
# Input rows per block when copying into group order.
_BLOCK = 256


@njit(cache=True, nogil=True, parallel=True, error_model="numpy")
def _peer_rank(
    order, starts, n_rows, values, dimension_starts, criterion_weight, weights, benefit, samples
):
    """TOPSIS closeness, rank and robustness of every row inside its group.

    ``values`` is rows x (criteria + 2) in group order (see
    :func:`_in_group_order`): each score criterion's credit (NaN = unknown),
    then the quoted price and the landed cost. The credits become one
    sub-score per dimension (the criteria of dimension ``d`` are columns
    ``dimension_starts[d]:dimension_starts[d + 1]``, weighted by
    ``criterion_weight``); with the price that makes the decision matrix. See
    :mod:`daifa.engine.scorecard._peers` for the rules and
    :mod:`daifa.engine.ranking` for TOPSIS itself.

    An optional last column of ``values`` is each row's *tier* (0 = no failed
    gate and no raised flag, 1 = otherwise): a row is never ranked above a row
    of a lower tier, and only the lowest tier of a group can win a weight
    sample, so "first place" is always one the seller may choose.

    Returns input rows x 3 (``order`` maps back): closeness, rank, robustness
    (NaN for rows outside a compared group). Row-major, so each row written
    costs one cache line, not three.
    """
    n = n_rows
    n_dimensions = weights.size - 1
    tier_column = criterion_weight.size + 2
    has_tiers = values.shape[1] > tier_column
    out = np.full((n, 3), np.nan)
    n_groups = starts.size - 1
    largest = 0
    for gi in range(n_groups):
        largest = max(largest, starts[gi + 1] - starts[gi])
    m = n_dimensions + 1
    # The seller's own weights are column 0, the perturbed samples follow;
    # squared and criterion-major so the inner loop runs over the samples.
    w2 = np.empty((m, samples.shape[0] + 1))
    for c in range(m):
        w2[c, 0] = weights[c] * weights[c]
        for s in range(samples.shape[0]):
            w2[c, s + 1] = samples[s, c] * samples[s, c]
    chunks = min(_CHUNKS, n_groups)
    for chunk in prange(chunks):
        lowest = np.empty(criterion_weight.size)
        matrix = np.empty((largest, m))
        gap_plus = np.empty((largest, m))
        gap_minus = np.empty((largest, m))
        close = np.empty((largest, w2.shape[1]))
        wins = np.empty(largest)
        tier = np.empty(largest)
        for gi in range(chunk * n_groups // chunks, (chunk + 1) * n_groups // chunks):
            a, b = starts[gi], starts[gi + 1]
            if b - a < 2:
                continue
            rows = order[a:b]
            k = b - a
            _decision_matrix(values[a:b], dimension_starts, criterion_weight, lowest, matrix[:k])
            _gaps(matrix[:k], benefit, gap_plus[:k], gap_minus[:k])
            _closeness(gap_plus[:k], gap_minus[:k], w2, close[:k])
            top_tier = np.inf
            for i in range(k):
                tier[i] = values[a + i, tier_column] if has_tiers else 0.0
                top_tier = min(top_tier, tier[i])
            wins[:k] = 0.0
            for s in range(1, w2.shape[1]):
                best = -np.inf
                for i in range(k):
                    if tier[i] == top_tier:
                        best = max(best, close[i, s])
                # rows tied for first share the sample: shares sum to 1
                tied = 0
                for i in range(k):
                    if tier[i] == top_tier and close[i, s] == best:
                        tied += 1
                for i in range(k):
                    if tier[i] == top_tier and close[i, s] == best:
                        wins[i] += 1.0 / tied
            for i in range(k):
                higher = 0
                for other in range(k):
                    if tier[other] < tier[i] or (
                        tier[other] == tier[i] and close[other, 0] > close[i, 0]
                    ):
                        higher += 1
                out[rows[i], 0] = close[i, 0]
                out[rows[i], 1] = higher + 1
                out[rows[i], 2] = wins[i] / samples.shape[0]
    return out


@njit(cache=True, nogil=True, parallel=True, error_model="numpy")
def _in_group_order(columns, order, out):
    """``columns[order]`` into ``out``, a row-major copy, from column-major ``columns``.

    The groups' rows lie anywhere in the input; copied next to each other once,
    the kernel then reads each group from one place. The copy walks the input
    in order, block by block, so the reads stream and the rows written by a
    block stay in cache until they are complete.
    """
    n, m = columns.shape
    position = np.full(n, -1, dtype=np.int64)
    for p in range(order.size):
        position[order[p]] = p
    for block in prange((n + _BLOCK - 1) // _BLOCK):
        lo, hi = block * _BLOCK, min(n, (block + 1) * _BLOCK)
        for j in range(m):
            for r in range(lo, hi):
                if position[r] >= 0:
                    out[position[r], j] = columns[r, j]


@njit(cache=True, nogil=True, error_model="numpy")
def _decision_matrix(values, dimension_starts, criterion_weight, lowest, matrix):
    k = values.shape[0]
    n_dimensions = dimension_starts.size - 1
    n_criteria = criterion_weight.size
    quoted, landed = n_criteria, n_criteria + 1
    # An unknown credit counts as the group's lowest known one, so knowing less
    # never ranks an offer higher; a criterion nobody knows is left out.
    lowest[:] = np.inf
    for i in range(k):
        for j in range(n_criteria):
            value = values[i, j]
            if value < lowest[j]:
                lowest[j] = value
    for d in range(n_dimensions):
        known = 0.0
        for j in range(dimension_starts[d], dimension_starts[d + 1]):
            if lowest[j] < np.inf:
                known += criterion_weight[j]
        for i in range(k):
            earned = 0.0
            for j in range(dimension_starts[d], dimension_starts[d + 1]):
                if lowest[j] < np.inf:
                    value = values[i, j]
                    earned += (lowest[j] if np.isnan(value) else value) * criterion_weight[j]
            matrix[i, d] = 100.0 * earned / known if known > 0 else 1.0
    all_landed = True
    for i in range(k):
        if np.isnan(values[i, landed]):
            all_landed = False
    highest = -np.inf
    for i in range(k):
        price = values[i, landed if all_landed else quoted]
        matrix[i, n_dimensions] = price
        if price > highest:
            highest = price
    for i in range(k):
        if np.isnan(matrix[i, n_dimensions]):
            matrix[i, n_dimensions] = highest if highest > -np.inf else 1.0


@njit(cache=True, nogil=True, error_model="numpy")
def _gaps(matrix, benefit, gap_plus, gap_minus):
    """Squared gaps of each vector-normalised cell to the ideal and anti-ideal."""
    k, m = matrix.shape
    for c in range(m):
        scale = 0.0
        for i in range(k):
            scale += matrix[i, c] * matrix[i, c]
        scale = np.sqrt(scale)
        if scale == 0.0:
            scale = 1.0
        high, low = -np.inf, np.inf
        for i in range(k):
            v = matrix[i, c] / scale
            gap_plus[i, c] = v
            high, low = max(high, v), min(low, v)
        ideal, anti = (high, low) if benefit[c] else (low, high)
        for i in range(k):
            v = gap_plus[i, c]
            gap_plus[i, c] = (v - ideal) * (v - ideal)
            gap_minus[i, c] = (v - anti) * (v - anti)


@njit(cache=True, nogil=True, error_model="numpy")
def _closeness(gap_plus, gap_minus, w2, out):
    """Closeness of each row (rows of ``out``) for each weighting (columns of ``w2``)."""
    k, m = gap_plus.shape
    n_weights = w2.shape[1]
    d_plus = np.empty(n_weights)
    d_minus = np.empty(n_weights)
    for i in range(k):
        d_plus[:] = 0.0
        d_minus[:] = 0.0
        for c in range(m):
            plus, minus = gap_plus[i, c], gap_minus[i, c]
            for s in range(n_weights):
                d_plus[s] += plus * w2[c, s]
                d_minus[s] += minus * w2[c, s]
        for s in range(n_weights):
            near, far = np.sqrt(d_plus[s]), np.sqrt(d_minus[s])
            total = near + far
            # Identical on every weighted criterion: ideal and anti-ideal at once.
            out[i, s] = 0.5 if total == 0.0 else far / total


# --------------------------------------------------------------------------- price vs peers


@njit(cache=True, nogil=True, parallel=True, error_model="numpy")
def _peer_means(order, starts, supplier, price):
    """Per row: the mean price of the *other* suppliers of its group, their count,
    and the first row of the group with the same supplier key.

    Each supplier counts once, as the mean of its priced offers in the group;
    ``supplier`` holds one integer key per supplier (see the detector, which
    uses the third output to check that equal keys are equal ids).
    """
    n = price.size
    mean = np.full(n, np.nan)
    count = np.zeros(n, dtype=np.int64)
    same = np.arange(n)
    n_groups = starts.size - 1
    largest = 0
    for gi in range(n_groups):
        largest = max(largest, starts[gi + 1] - starts[gi])
    chunks = min(_CHUNKS, n_groups)
    for chunk in prange(chunks):
        rows = np.empty(largest, dtype=order.dtype)
        own = np.empty(largest)
        for gi in range(chunk * n_groups // chunks, (chunk + 1) * n_groups // chunks):
            k = starts[gi + 1] - starts[gi]
            if k > 1:
                rows[:k] = order[starts[gi] : starts[gi + 1]]
                _by_key(rows[:k], supplier)
                _group_peer_means(rows[:k], supplier, price, own[:k], mean, count, same)
    return mean, count, same


@njit(cache=True, nogil=True, error_model="numpy")
def _by_key(rows, key):
    """Sort ``rows`` in place by ``key[row]``, stable (groups are small: insertion sort)."""
    if rows.size > 32:
        rows[:] = rows[np.argsort(key[rows], kind="mergesort")]
        return
    for i in range(1, rows.size):
        row = rows[i]
        j = i - 1
        while j >= 0 and key[rows[j]] > key[row]:
            rows[j + 1] = rows[j]
            j -= 1
        rows[j + 1] = row


@njit(cache=True, nogil=True, error_model="numpy")
def _group_peer_means(rows, supplier, price, own, mean, count, same):
    k = rows.size
    own[:] = np.nan
    total, priced = 0.0, 0
    i = 0
    while i < k:
        j, s, c = i, 0.0, 0
        while j < k and supplier[rows[j]] == supplier[rows[i]]:
            same[rows[j]] = rows[i]
            if not np.isnan(price[rows[j]]):
                s += price[rows[j]]
                c += 1
            j += 1
        if c > 0:
            own[i:j] = s / c
            total += s / c
            priced += 1
        i = j
    for i in range(k):
        row = rows[i]
        mine = not np.isnan(own[i])
        peers = priced - 1 if mine else priced
        count[row] = peers
        if peers > 0:
            mean[row] = ((total - own[i]) if mine else total) / peers


if __name__ == "__main__":
    warm_up()
