"""The `daifa` command line. Each subcommand lives in its own module here."""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Sequence

# Module names under daifa.cli; each exposes `register(subparsers)` which adds
# its parser and sets `func` (returning an exit code) as the default.
COMMANDS: tuple[str, ...] = (
    "transfer",
    "serve",
    "users",
    "cost",
    "open1688",
    "screen",
    "rates",
    "token",
    "buy",
    "kpis",
)


class UsageError(Exception):
    """Bad arguments: exit code 2, like argparse."""


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="daifa", description="1688 dropshipping supplier workbench"
    )
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    for name in COMMANDS:
        importlib.import_module(f"daifa.cli.{name}").register(subparsers)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return int(args.func(args))
    except UsageError as exc:
        parser.print_usage(sys.stderr)
        print(f"daifa: error: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    sys.exit(main())
