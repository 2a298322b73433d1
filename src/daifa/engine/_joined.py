"""Per row, the labels whose mask holds, joined: ``"a;c"`` from masks a, b, c.

The scorecard's ``blocking``/``to_verify``/``flags`` and the costing notes are
such columns. Built as ``concat_str`` of one ``when`` per label they cost a
string per label per row (a third of a second at a million rows); but rows
repeat few combinations. Here each row gets an integer code (bit ``i`` = mask
``i``), the text of each distinct code is joined once, and one gather of that
small string column gives every row its text.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import numpy.typing as npt
import polars as pl

BoolArray = npt.NDArray[np.bool_]

# Up to this many masks a lookup table of 2**n entries finds the distinct codes
# (a counting pass); beyond it, a sort does.
_TABLE_BITS = 16
# Codes are int64 bit sets.
MAX_MASKS = 62


def joined_where(
    masks: Sequence[BoolArray],
    labels: Sequence[str],
    separator: str,
    none: str | None,
    height: int,
) -> pl.Series:
    """Per row, ``labels[i]`` for every ``masks[i]`` that is true, in order, joined
    with ``separator``; ``none`` for a row with no true mask.

    Equal to ``pl.concat_str([pl.when(m).then(label) ...], separator=separator,
    ignore_nulls=True)`` (with ``""`` replaced by ``none``). At most
    :data:`MAX_MASKS` masks.

    Examples
    --------
    >>> import numpy as np
    >>> masks = [np.array([True, False, True]), np.array([True, False, False])]
    >>> joined_where(masks, ["a", "b"], ";", "", 3).to_list()
    ['a;b', '', 'a']
    """
    if len(masks) > MAX_MASKS:
        raise ValueError(f"at most {MAX_MASKS} masks, not {len(masks)}")
    if not masks:
        return pl.Series([none] * height, dtype=pl.String)
    code = np.zeros(height, dtype=np.int64)
    for bit, mask in enumerate(masks):
        code |= mask.astype(np.int64) << bit
    if len(masks) <= _TABLE_BITS:
        present = np.flatnonzero(np.bincount(code, minlength=1 << len(masks)))
        position = np.zeros(1 << len(masks), dtype=np.int64)
        position[present] = np.arange(present.size)
        index = position[code]
    else:
        present, index = np.unique(code, return_inverse=True)
    texts = [
        separator.join(label for bit, label in enumerate(labels) if int(c) >> bit & 1) or none
        for c in present
    ]
    return pl.Series(texts, dtype=pl.String).gather(index)
