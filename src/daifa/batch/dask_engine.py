"""Pass 2 on a Dask cluster: one task per partition (``daifa screen --engine dask``).

Why Dask (not Ray): pure-Python wheels that install from PyPI on every platform our
sellers and agencies use (the optional extra ``scale``), partitions that are plain
pandas/pyarrow/Parquet files, a ``LocalCluster`` that runs in-process for tests and
on one machine, and a scheduler (``dask scheduler`` / ``dask worker``) an agency can
run on its own machines; see docs/scale.md.

The workers read the partition files and write their results where the scheduler's
client can read them back: on one machine, the local disk; on a cluster, a shared
folder (``--work-dir`` on NFS or similar) mounted at the same path everywhere.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from daifa.batch.screen_parts import Job, PartResult, screen_partition, tasks
from daifa.batch.stage import Staged


class DaskUnavailable(Exception):
    """Dask is not installed, or its scheduler cannot be reached: (en, zh)."""

    def __init__(self, en: str, zh: str) -> None:
        super().__init__(en)
        self.en, self.zh = en, zh

    def message(self, lang: str) -> str:
        return self.zh if lang == "zh" else self.en


def require() -> None:
    """Raise :class:`DaskUnavailable` unless Dask's distributed scheduler is installed."""
    try:
        import distributed  # noqa: F401
    except ImportError as exc:
        raise DaskUnavailable(
            "--engine dask needs Dask: pip install 'daifa[scale]' "
            "(dask[dataframe] and distributed)",
            "--engine dask 需要安装 Dask：pip install 'daifa[scale]'"
            "（dask[dataframe] 和 distributed）",
        ) from exc


def client(address: str | None, *, timeout: float = 10.0) -> Any:
    """A Dask client: of the scheduler at ``address``, or of a local cluster."""
    require()
    from distributed import Client, LocalCluster

    if address is None:
        cluster = LocalCluster(n_workers=2, threads_per_worker=1, processes=False)  # type: ignore[no-untyped-call]
        return Client(cluster)  # type: ignore[no-untyped-call]
    try:
        return Client(address, timeout=f"{timeout}s")  # type: ignore[no-untyped-call]
    except (OSError, TimeoutError) as exc:
        raise DaskUnavailable(
            f"cannot reach the Dask scheduler at {address} ({exc.__class__.__name__}); "
            "check the address and that `dask scheduler` is running",
            f"无法连接 Dask 调度器 {address}（{exc.__class__.__name__}）；"
            "请检查地址，并确认 `dask scheduler` 正在运行",
        ) from exc


def screen_on_dask(
    job: Job,
    staged: Staged,
    *,
    address: str | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> list[PartResult]:
    """Every partition as a task on the cluster; results in partition order."""
    dask = client(address)
    from distributed import as_completed

    try:
        futures = [
            dask.submit(screen_partition, job, files, out, pure=False)
            for files, out in tasks(staged)
        ]
        index = {future.key: i for i, future in enumerate(futures)}
        results: list[PartResult | None] = [None] * len(futures)
        for done, future in enumerate(as_completed(futures), start=1):  # type: ignore[no-untyped-call]
            results[index[future.key]] = future.result()
            if progress is not None:
                progress(done, len(futures))
        return [r for r in results if r is not None]
    finally:
        cluster = getattr(dask, "cluster", None)
        dask.close()
        if address is None and cluster is not None:
            cluster.close()
