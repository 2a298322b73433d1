"""Compiled kernels (Numba) for the CSV writer: cells as codes into word tables, rows from codes.

Polars' CSV writer pays about 7 ns of dispatch per cell whatever the cell holds,
and formats every float again (a Float32 column costs three Enum columns). A
screening result is mostly status and points columns with a few distinct values
each: their words are rendered once and rows are copied together from them.

The module imports Numba, so it is imported only when a frame is written this
way; compiled code is cached on disk (``cache=True``). The kernels run on the
calling thread and release the GIL (``nogil``).

Floats are keyed by their bits, so -0.0 and 0.0 (and NaNs) keep texts of their
own. Nulls come as an Arrow validity bitmap (``valid``, empty when the column
has none, read from bit ``offset``) and take code 0, the empty word.
"""

from __future__ import annotations

from typing import Any

import numpy as np
from numba import njit, types
from numba.core import cgutils
from numba.extending import intrinsic

from daifa.engine.numba_cache import FromCache

_GOLDEN = np.uint64(0x9E3779B97F4A7C15)
# Words are copied in chunks of this many bytes: buffers carry that much slack.
CHUNK = 16


def _copy_chunk_typed(typingctx, dst, at, src, start):  # type: ignore[no-untyped-def]
    """``dst[at:at + CHUNK] = src[start:start + CHUNK]`` as one unaligned move: copied
    byte by byte, words cost four times as much."""
    signature = types.void(dst, at, src, start)

    def codegen(context, builder, sig, args):  # type: ignore[no-untyped-def]
        target = context.make_array(sig.args[0])(context, builder, args[0])
        source = context.make_array(sig.args[2])(context, builder, args[2])
        cgutils.raw_memcpy(  # type: ignore[no-untyped-call]  # Numba's helpers are untyped
            builder,
            builder.gep(target.data, [args[1]]),
            builder.gep(source.data, [args[3]]),
            context.get_constant(types.intp, CHUNK),
            1,
        )
        return context.get_dummy_value()

    return signature, codegen


# Called from compiled code only, as (dst, at, src, start): Numba supplies the typing context.
_copy_chunk: Any = intrinsic(_copy_chunk_typed)


@njit(cache=True, nogil=True, inline="always")
def _slot(key, bits):  # type: ignore[no-untyped-def]
    return np.int64((np.uint64(key) * _GOLDEN) >> np.uint64(64 - bits))


@njit(cache=True, nogil=True, inline="always")
def _is_null(valid, offset, i):  # type: ignore[no-untyped-def]
    if valid.size == 0:
        return False
    at = offset + i
    return (valid[at >> 3] >> (at & 7)) & 1 == 0


@njit(cache=True, nogil=True)
def distinct(keys, valid, offset, limit, firsts):  # type: ignore[no-untyped-def]
    """The distinct non-null keys, numbered from 1 in order of first appearance:
    ``(count, slot_key, slot_code)``, an open-addressing table for :func:`encode`,
    and ``firsts[c - 1]`` the first row holding code ``c``. ``count`` is -1 once
    there are more than ``limit``."""
    bits = 10
    size = 1 << bits
    slot_key = np.zeros(size, keys.dtype)
    slot_code = np.zeros(size, np.int32)
    count = 0
    for i in range(keys.size):
        if _is_null(valid, offset, i):
            continue
        key = keys[i]
        h = _slot(key, bits)
        while True:
            code = slot_code[h]
            if code == 0:
                if count == limit:
                    return -1, slot_key, slot_code
                count += 1
                firsts[count - 1] = i
                slot_key[h] = key
                slot_code[h] = count
                if 2 * count > size:  # keep the table at most half full
                    bits += 1
                    size = 1 << bits
                    slot_key = np.zeros(size, keys.dtype)
                    slot_code = np.zeros(size, np.int32)
                    for c in range(1, count + 1):
                        k = keys[firsts[c - 1]]
                        g = _slot(k, bits)
                        while slot_code[g] != 0:
                            g = (g + 1) & (size - 1)
                        slot_key[g] = k
                        slot_code[g] = c
                break
            if slot_key[h] == key:
                break
            h = (h + 1) & (size - 1)
    return count, slot_key, slot_code


@njit(cache=True, nogil=True)
def encode(keys, valid, offset, start, slot_key, slot_code, codes):  # type: ignore[no-untyped-def]
    """``codes[i]``: the code :func:`distinct` gave row ``start + i`` (0 when null)."""
    size = slot_code.size
    bits = 0
    while (1 << bits) < size:
        bits += 1
    for i in range(codes.size):
        row = start + i
        if _is_null(valid, offset, row):
            codes[i] = 0
            continue
        key = keys[row]
        h = _slot(key, bits)
        while slot_key[h] != key or slot_code[h] == 0:
            h = (h + 1) & (size - 1)
        codes[i] = slot_code[h]


@njit(cache=True, nogil=True)
def categories(physical, valid, offset, start, null_code, codes):  # type: ignore[no-untyped-def]
    """``codes[i]``: an Enum row's category number (``null_code`` when null)."""
    for i in range(codes.size):
        row = start + i
        if _is_null(valid, offset, row):
            codes[i] = null_code
        else:
            codes[i] = physical[row]


# A word's place in the table: start << SPAN_BITS | length.
SPAN_BITS = 16


@njit(cache=True, nogil=True)
def assemble(head, ends, codes, base, spans, table, out):  # type: ignore[no-untyped-def]
    """CSV rows into ``out``: row ``i`` is ``head[ends[i - 1] + 1:ends[i]]`` (the leading
    columns as Polars wrote them; none when ``ends`` is empty), then per code column
    the word ``w = base[j] + codes[j, i]`` at ``spans[w]`` in ``table`` (each word
    begins with its comma; the first column's is skipped without a head), and a
    line break. ``head``, ``table`` and ``out`` have :data:`CHUNK` bytes of slack.
    Returns the bytes written."""
    pos = 0
    line = 0
    lead = ends.size > 0
    columns, rows = codes.shape
    mask = (1 << SPAN_BITS) - 1
    for i in range(rows):
        if lead:
            stop = ends[i]
            n = stop - line
            done = 0
            while done < n:
                _copy_chunk(out, pos + done, head, line + done)
                done += CHUNK
            pos += n
            line = stop + 1
        for j in range(columns):
            span = spans[base[j] + codes[j, i]]
            s = span >> SPAN_BITS
            n = span & mask
            if j == 0 and not lead:
                s += 1
                n -= 1
            # Most words fit one chunk: copied without a test first.
            _copy_chunk(out, pos, table, s)
            done = CHUNK
            while done < n:
                _copy_chunk(out, pos + done, table, s + done)
                done += CHUNK
            pos += n
        out[pos] = 10  # "\n"
        pos += 1
    return pos


# What the writer calls: the first calls load the cached machine code without
# Numba's compiler set-up (daifa.engine.numba_cache), 0.4 s of CPU a process.
call_distinct, call_encode, call_categories, call_assemble = (
    FromCache(kernel) for kernel in (distinct, encode, categories, assemble)
)
