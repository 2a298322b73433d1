"""Compiled kernels loaded from Numba's disk cache without its compiler set-up.

A first call of a ``cache=True`` kernel, on a cache hit, first runs
``target_context.refresh()``: it imports and registers every implementation
Numba has (its NumPy, random, linear algebra via SciPy, cffi, typed
containers ...), 0.4 s of CPU in every process, which only *compiling* needs;
cached code is already machine code. :func:`load_cached` does what that first
call does, minus the refresh. It reads Numba internals (pinned in the lock
file): anything not found, or a Numba whose internals differ, is left to the
first call, which compiles or loads the usual way.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any


def load_cached(kernel: Any, args: Sequence[Any]) -> None:
    """Add ``kernel``'s cached machine code for ``args``' types, if the disk cache has it."""
    from numba.core.compiler_lock import global_compiler_lock
    from numba.core.runtime.nrt import rtsys

    try:
        signature = tuple(kernel.typeof_pyval(a) for a in args)
        if kernel.overloads.get(signature) is not None:
            return
        with global_compiler_lock:
            if kernel.overloads.get(signature) is not None:
                return
            context = kernel.targetctx
            rtsys.initialize(context)  # the allocator the kernels' arrays use
            compiled = kernel._cache._load_overload(signature, context)
            if compiled is None:
                return
            context.insert_user_function(compiled.entry_point, compiled.fndesc, [compiled.library])
            kernel.add_overload(compiled)
            kernel._cache_hits[signature] += 1
    except Exception:  # noqa: BLE001 - best effort: the first call loads it anyway
        return


class FromCache:
    """``kernel``, whose first calls load their machine code through :func:`load_cached`.

    Only the first ``calls`` calls look (typing the arguments costs microseconds a
    call, and a writer calls its kernels thousands of times); every signature a
    command uses appears long before.
    """

    def __init__(self, kernel: Any, calls: int = 256) -> None:
        self.kernel = kernel
        self._left = calls

    def __call__(self, *args: Any) -> Any:
        if self._left > 0:
            self._left -= 1  # a race between threads only looks once more or less
            load_cached(self.kernel, args)
        return self.kernel(*args)
