"""CPU of first views of the supplier list, in-process (issue #19's list pages).

Requests the pages `web.py` uses for first views (10 pages of the list, every
filtered page: grade/approvable/sort, category + price + credentials, search +
flag) through Django's test client on a workspace `web.py` built, with the page
cache emptied before each request; prints each kind's median over its pages of
the best of ``--reps`` CPU times (`time.process_time`). A filtered page's own
query is never remembered between its repetitions (it is a first view); what a
process keeps for every query (categories, search texts, the unfiltered list's
ids) stays, as in a running server after its first pages.

    cp -a BUILT_DIR /tmp/copy   # a run empties its cache
    PYTHONPATH=src .venv/bin/python bench/list_cpu.py /tmp/copy [--queries]

``--pages supplier`` measures the supplier pages' first views instead (the 60
pages `web.py` requests as first views; median and slowest), signed in as
`daifa serve` signs in on 127.0.0.1 (local mode: the local user, no session).

Run the code before and after alternately, each on its own copy (a newer
migration changes the database).
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import sys
import time
from pathlib import Path


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("data_dir", type=Path, help="a workspace built by web.py --into")
    parser.add_argument("--reps", type=int, default=3)
    parser.add_argument("--queries", action="store_true", help="queries per page")
    parser.add_argument(
        "--pages",
        choices=("list", "supplier"),
        default="list",
        help="list: the list and its filtered pages; supplier: the supplier pages' first views",
    )
    args = parser.parse_args()
    os.environ["DAIFA_DATA_DIR"] = str(args.data_dir)
    if args.pages == "supplier":
        # As `daifa serve` on 127.0.0.1 (web.py's server): the local user, no session.
        os.environ["DAIFA_LOCAL_MODE"] = "true"
    sys.path.insert(0, str(Path(__file__).parent))
    import web

    workspace, suppliers, categories = web.reuse(args.data_dir)
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from daifa.accounts.models import Workspace

    try:
        from daifa.screening.memo import _ID_LISTS as id_lists
    except ImportError:  # before the per-process memory
        id_lists = {}
    sets = web.page_sets(workspace, suppliers, categories)
    if args.pages == "supplier":
        # The 60 pages web.py requests as first views; warmed on the other half.
        pages = {"supplier": sets["supplier page"][0]}
        warm = sets["supplier page"][1][:5]
    else:
        pages = {
            "list": sets["supplier list"][0][:10],
            "filtered": sorted(
                sets["supplier list, filtered"][0] + sets["supplier list, filtered"][1]
            ),
        }
        warm = pages["list"][:2] + pages["filtered"][:3]
    client = Client(HTTP_HOST="127.0.0.1")
    if args.pages != "supplier":
        client.force_login(Workspace.objects.get(pk=workspace).owner)
    cache = args.data_dir / "cache"
    for path in warm:  # warm the process up
        shutil.rmtree(cache, ignore_errors=True)
        client.get(path)
    for kind, paths in pages.items():
        times = []
        for path in paths:
            best = float("inf")
            for _ in range(args.reps):
                shutil.rmtree(cache, ignore_errors=True)
                if kind == "filtered":
                    id_lists.clear()
                start = time.process_time()
                response = client.get(path)
                best = min(best, time.process_time() - start)
            assert response.status_code == 200, (path, response.status_code)
            times.append(best * 1000)
            if args.queries:
                shutil.rmtree(cache, ignore_errors=True)
                with CaptureQueriesContext(connection) as queries:
                    client.get(path)
                count = len(queries.captured_queries)
                print(f"  {best * 1000:6.1f} ms  {count:2d} queries  {path}")
        print(f"{kind:9s} n={len(times):3d}  median {statistics.median(times):6.2f} ms"
              f"  max {max(times):6.2f} ms")  # fmt: skip
        if kind == "filtered":
            for part in ("grade=", "category=", "q="):
                some = [t for t, p in zip(times, paths, strict=True) if part in p]
                print(f"  {part:10s} n={len(some):3d}  median {statistics.median(some):6.2f} ms"
                      f"  max {max(some):6.2f} ms")  # fmt: skip
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
