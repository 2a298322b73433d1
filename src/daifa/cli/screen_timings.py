"""Where a ``daifa screen`` run spends its time: ``DAIFA_TIMINGS=1`` prints, on stderr,
each phase's wall time and CPU time (user + system, every thread of the process).

CPU / wall is how many cores a phase kept busy: on 2 cores a phase at 1.0 leaves one
idle, which is what overlapping the phases wins back (``bench/screening.py`` reads
these lines). The calling thread's own CPU time is shown too: Python, and the native
work that runs on it, which no other core helps with. Phases are the main thread's
steps; work other threads do during a step (the kernels' warm-up, a partition being
written) counts in that step's CPU. ``DAIFA_TIMINGS=2`` adds each phase's bounds on
the monotonic clock (to line up with a sampler outside the process) and each
thread's CPU time. Off by default: then every call here is a no-op.
"""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager

ENV = "DAIFA_TIMINGS"
PREFIX = "daifa timings:"


def _cpu() -> float:
    """CPU seconds of the whole process (all threads), as the kernel counts them."""
    times = os.times()
    return times.user + times.system


def _sys() -> float:
    """The system part of :func:`_cpu` (page faults, writes, ...)."""
    return os.times().system


def _faults() -> int:
    """Minor page faults of the whole process so far (first touches of fresh memory)."""
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_minflt


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
        # (name, wall, cpu, its system part, calling thread's cpu, monotonic start, end,
        # page faults)
        self.spans: list[tuple[str, float, float, float, float, float, float, int]] = []
        if level:
            started, now = _since_start(), _cpu()
            wall = started if started is not None else 0.0
            clock = time.monotonic()
            start = ("start", wall, now, _sys(), now, clock - wall, clock, _faults())
            self.spans.append(start)

    @contextmanager
    def phase(self, name: str) -> Iterator[None]:
        if not self.level:
            yield
            return
        begin, cpu, system, own = time.monotonic(), _cpu(), _sys(), time.thread_time()
        faults = _faults()
        try:
            yield
        finally:
            end = time.monotonic()
            self.spans.append(
                (
                    name,
                    end - begin,
                    _cpu() - cpu,
                    _sys() - system,
                    time.thread_time() - own,
                    begin,
                    end,
                    _faults() - faults,
                )
            )

    def report(self) -> None:
        if not self.level:
            return
        lines = []
        for name, wall, cpu, system, own, begin, end, faults in self.spans:
            lines.append(
                f"{PREFIX} {name:<8} wall {wall:6.2f} s  cpu {cpu:6.2f} s (sys {system:5.2f})  "
                f"({cpu / wall if wall > 0 else 0.0:.2f} cores)  calling thread {own:6.2f} s"
                + (f"  [{begin:.3f}, {end:.3f}] faults {faults}" if self.level >= 2 else "")
            )
        total = _since_start()
        if total is not None:
            cpu = _cpu()
            lines.append(
                f"{PREFIX} {'total':<8} wall {total:6.2f} s  cpu {cpu:6.2f} s (sys {_sys():5.2f})  "
                f"({cpu / total if total > 0 else 0.0:.2f} cores)"
            )
        if self.level >= 2:
            lines.append(f"{PREFIX} threads (cpu s): " + ", ".join(_threads()))
        print("\n".join(lines), file=sys.stderr)


def _threads() -> list[str]:
    """Each live thread of the process: its name and CPU seconds so far."""
    tick = os.sysconf("SC_CLK_TCK")
    found = []
    for name in sorted(os.listdir("/proc/self/task"), key=int):
        try:
            with open(f"/proc/self/task/{name}/stat", "rb") as handle:
                raw = handle.read()
        except OSError:
            continue
        comm = raw[raw.index(b"(") + 1 : raw.rindex(b")")].decode(errors="replace")
        fields = raw.rsplit(b")", 1)[1].split()
        found.append(f"{comm} {(int(fields[11]) + int(fields[12])) / tick:.2f}")
    return found


def timings() -> Timings:
    """A :class:`Timings` at the level ``DAIFA_TIMINGS`` asks for (0: off)."""
    try:
        level = int(os.environ.get(ENV, "0") or 0)
    except ValueError:
        level = 1
    return Timings(level)
