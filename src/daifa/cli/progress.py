"""A progress bar on stderr for long jobs (quiet when stderr is not a terminal)."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager

from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    TaskID,
    TextColumn,
    TimeElapsedColumn,
)

STAGES = {
    "read": ("读取文件", "reading"),
    "rows": ("处理行", "rows"),
    "suppliers": ("保存供应商", "suppliers"),
    "offers": ("保存商品", "offers"),
    "observations": ("保存数据来源", "observations"),
    "sales": ("保存销量", "sales"),
    "reviews": ("保存评价", "reviews"),
    "screening": ("重新筛选", "screening"),
    "partitions": ("筛选分区", "partitions"),
}


@contextmanager
def progress_bar(lang: str) -> Iterator[Callable[[str, int, int | None], None]]:
    console = Console(stderr=True)
    bar = Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=console,
        disable=not sys.stderr.isatty(),
    )
    tasks: dict[str, TaskID] = {}

    def update(stage: str, done: int, total: int | None) -> None:
        if stage not in tasks:
            zh, en = STAGES.get(stage, (stage, stage))
            tasks[stage] = bar.add_task(zh if lang == "zh" else en, total=total)
        bar.update(tasks[stage], completed=done, total=total)

    with bar:
        yield update
