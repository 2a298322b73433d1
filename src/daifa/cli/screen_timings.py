"""Where a ``daifa screen`` run spends its time: ``DAIFA_TIMINGS=1`` prints, on stderr,
each phase's wall time and CPU time (user + system, every thread of the process).

CPU / wall is how many cores a phase kept busy: on 2 cores a phase at 1.0 leaves one
idle, which is what overlapping the phases wins back (``bench/screening.py`` reads
these lines). Phases are the main thread's steps; work another thread does during a
step (the kernels' warm-up, a partition being written) counts in that step's CPU.
``DAIFA_TIMINGS=2`` also prints the busy cores of every tenth of a second.
Off by default: then every call here is a no-op.
"""

from __future__ import annotations

import os
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager

ENV = "DAIFA_TIMINGS"
PREFIX = "daifa timings:"


def _cpu() -> float:
    """CPU seconds of the whole process (all threads), as the kernel counts them."""
    times = os.times()
    return times.user + times.system


def _since_start() -> float | None:
    """Wall seconds since this process started (imports included), or None off Linux."""
    try:
        with open("/proc/self/stat", "rb") as handle:
            fields = handle.read().rsplit(b")", 1)[1].split()
        with open("/proc/uptime", "rb") as handle:
            uptime = float(handle.read().split()[0])
    except (OSError, IndexError, ValueError):
        return None
    return uptime - int(fields[19]) / os.sysconf("SC_CLK_TCK")


class Timings:
    """Phase spans of one run, printed by :meth:`report` when enabled."""

    def __init__(self, level: int) -> None:
        self.level = level
        self.spans: list[tuple[str, float, float, float]] = []
        self._samples: list[float] = []
        self._stop = threading.Event()
        if level:
            started = _since_start()
            now = _cpu()
            self.spans.append(("start", started if started is not None else 0.0, now, now))
        if level >= 2:
            threading.Thread(target=self._sample, name="daifa-timings", daemon=True).start()

    @contextmanager
    def phase(self, name: str) -> Iterator[None]:
        if not self.level:
            yield
            return
        wall, cpu, own = time.perf_counter(), _cpu(), time.thread_time()
        try:
            yield
        finally:
            self.spans.append(
                (name, time.perf_counter() - wall, _cpu() - cpu, time.thread_time() - own)
            )

    def _sample(self) -> None:
        last = _cpu()
        while not self._stop.wait(0.1):
            now = _cpu()
            self._samples.append((now - last) / 0.1)
            last = now

    def report(self) -> None:
        if not self.level:
            return
        self._stop.set()
        total = _since_start()
        lines = [
            f"{PREFIX} {name:<8} wall {wall:6.2f} s  cpu {cpu:6.2f} s  "
            f"({cpu / wall if wall > 0 else 0.0:.2f} cores)  calling thread {own:6.2f} s"
            for name, wall, cpu, own in self.spans
        ]
        if total is not None:
            cpu = _cpu()
            lines.append(
                f"{PREFIX} {'total':<8} wall {total:6.2f} s  cpu {cpu:6.2f} s  "
                f"({cpu / total if total > 0 else 0.0:.2f} cores)"
            )
        if self._samples:
            lines.append(f"{PREFIX} cores/0.1s " + " ".join(f"{s:.1f}" for s in self._samples))
        print("\n".join(lines), file=sys.stderr)


def timings() -> Timings:
    """A :class:`Timings` at the level ``DAIFA_TIMINGS`` asks for (0: off)."""
    try:
        level = int(os.environ.get(ENV, "0") or 0)
    except ValueError:
        level = 1
    return Timings(level)
