"""Write the criteria tables of docs/ from the catalogue (``--check``: only compare).

Run: .venv/bin/python scripts/criteria_docs.py [--check]
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from daifa.engine.criteria._tables import TABLES, replace_block

ROOT = Path(__file__).resolve().parents[1]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--check", action="store_true", help="fail if a table is stale")
    args = parser.parse_args(argv)
    stale = []
    for (doc, name), render in TABLES.items():
        path = ROOT / doc
        text = path.read_text(encoding="utf-8")
        updated = replace_block(text, name, render())
        if updated != text:
            stale.append(doc)
            if not args.check:
                path.write_text(updated, encoding="utf-8")
    if stale:
        print(("stale: " if args.check else "updated: ") + ", ".join(stale))
    return 1 if stale and args.check else 0


if __name__ == "__main__":
    sys.exit(main())
