"""`warm_up` loads the cached kernels without Numba's compiler set-up, and the
screening's own calls then run that loaded code, with the reference's results."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

PROBE = """
import sys
import numpy as np
from daifa.engine import _compiled
from daifa.engine.groups import group_rows
from daifa.engine.scorecard._peers import peer_columns
from tests.engine._peers_reference import reference_peer_columns
from tests.engine.test_scorecard_peer_kernel import DIMENSIONS, _random_inputs

_compiled.warm_up()
kernels = (_compiled._in_group_order, _compiled._peer_rank, _compiled._peer_means)
print("HITS", all(k.stats.cache_hits for k in kernels))
print("MISSES", any(k.stats.cache_misses for k in kernels))
groups, credits, prices = _random_inputs(3, 400)
args = (credits, DIMENSIONS, prices, 2.0)
got = peer_columns(group_rows(groups), *args, n_samples=40, seed=3)
want = reference_peer_columns(groups, *args, n_samples=40, seed=3)
assert got["peer_rank"].to_list() == want["peer_rank"].to_list()
np.testing.assert_allclose(got["closeness"].to_numpy(), want["closeness"].to_numpy(), rtol=1e-12)
np.testing.assert_allclose(got["robustness"].to_numpy(), want["robustness"].to_numpy(), atol=1e-12)
# Numba's full set of implementations (its NumPy support imports SciPy) is only
# needed to compile; a process whose kernels came from the cache never loads it.
print("REGISTRIES", "numba.np.arraymath" in sys.modules)
"""


def run_probe(probe: str = PROBE) -> dict[str, str]:
    """``probe``'s printed "NAME value" lines, run in a fresh process (a fresh Numba)."""
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(ROOT / "src"), str(ROOT)])}
    done = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, env=env, cwd=ROOT
    )
    assert done.returncode == 0, done.stderr
    return dict(line.split(" ", 1) for line in done.stdout.splitlines())


def test_warm_up_loads_cached_kernels_without_the_compiler_set_up() -> None:
    run_probe()  # fills the disk cache if this checkout has not compiled yet
    found = run_probe()
    assert found == {"HITS": "True", "MISSES": "False", "REGISTRIES": "False"}
