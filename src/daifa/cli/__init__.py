"""The `daifa` command line. Each subcommand lives in its own module here."""

from __future__ import annotations

import argparse
import importlib
import os
import sys
from collections.abc import Sequence
from typing import NoReturn

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


# Polars' allocator (jemalloc) keeps freed pages this long before handing them back
# to the system. Polars' own setting (0.5 s, which Polars extends with this variable
# when it loads) hands them back at once for a batch command that builds and drops
# frames of hundreds of MB, which then faults every page in again: at a million rows
# `daifa screen` spent 2 s of system time on that. Only for the batch commands, and
# only when the user has not configured jemalloc.
_BATCH_ALLOCATOR = ("_RJEM_MALLOC_CONF", "dirty_decay_ms:20000,muzzy_decay_ms:20000")
_BATCH_COMMANDS = frozenset({"screen"})


def build_parser(command: str | None = None) -> argparse.ArgumentParser:
    """The parser; with ``command``, when the module of that name registers it, only that
    module is imported, so a run of one command does not import every other command's
    modules (e.g. ``daifa screen`` skips httpx); otherwise every command is registered."""
    if command in COMMANDS:
        parser = _parser()
        subparsers = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
        importlib.import_module(f"daifa.cli.{command}").register(subparsers)
        if command in subparsers.choices:
            return parser
    parser = _parser()
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    for name in COMMANDS:
        importlib.import_module(f"daifa.cli.{name}").register(subparsers)
    return parser


def _parser() -> argparse.ArgumentParser:
    return argparse.ArgumentParser(prog="daifa", description="1688 dropshipping supplier workbench")


def main(argv: Sequence[str] | None = None) -> int:
    args_list = list(sys.argv[1:] if argv is None else argv)
    command = args_list[0] if args_list else None
    if command in _BATCH_COMMANDS and "polars" not in sys.modules:
        os.environ.setdefault(*_BATCH_ALLOCATOR)
    parser = build_parser(command)
    args = parser.parse_args(args_list)
    try:
        code = int(args.func(args))
    except UsageError as exc:
        parser.print_usage(sys.stderr)
        print(f"daifa: error: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130
    if argv is None and command in _BATCH_COMMANDS:
        _exit_now(code)
    return code


def _exit_now(code: int) -> NoReturn:
    """End a batch command's process without Python's teardown.

    After ``daifa screen`` has written its output, tearing the interpreter down (module
    finalisers, Numba's and Polars' threads, freeing gigabytes a page at a time) costs
    0.3 s of CPU on a small file and more on a large one, all on one core, for nothing:
    the process ends anyway. Only when run as the command (``argv`` not given), never
    when called in-process. The output is flushed first; a reader that went away
    (``| head``) gives CPython's own exit status for that, 120.
    """
    import logging

    logging.shutdown()
    try:
        sys.stdout.flush()
        sys.stderr.flush()
    except OSError:
        code = 120
    os._exit(code)


if __name__ == "__main__":
    sys.exit(main())
