"""The CSV writer's word kernels load from Numba's disk cache without its compiler
set-up (``daifa.engine.numba_cache``), as the engine's kernels do: a screening
command that writes a large CSV never pays Numba's 0.4 s of registries."""

from __future__ import annotations

from tests.engine.test_compiled_warm_up import run_probe

PROBE = """
import io
import sys
import polars as pl
from daifa.engine._compiled import warm_up
from daifa.reports import _rows
from daifa.reports.csv_text import warm_kernels

warm_up()
warm_kernels()
kernels = (_rows.distinct, _rows.encode, _rows.categories, _rows.assemble)
print("HITS", all(k.stats.cache_hits for k in kernels))
print("MISSES", any(k.stats.cache_misses for k in kernels))
print("REGISTRIES", "numba.np.arraymath" in sys.modules)
"""


def test_the_word_kernels_load_cached_without_the_compiler_set_up() -> None:
    run_probe(PROBE)  # fills the disk cache if this checkout has not compiled yet
    assert run_probe(PROBE) == {"HITS": "True", "MISSES": "False", "REGISTRIES": "False"}
