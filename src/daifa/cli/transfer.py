"""`daifa import` and `daifa export`: spreadsheets in and out of a workspace."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from daifa.cli import UsageError

if TYPE_CHECKING:
    from daifa.accounts.models import Workspace
    from daifa.sources.spreadsheet import ReadReport, Tables

MAX_REPORTED_PROBLEMS = 1000
SUFFIXES = {".csv", ".tsv", ".txt", ".xlsx"}


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser(
        "import", help="import suppliers, sales and reviews from CSV/XLSX into a workspace"
    )
    parser.add_argument("file", type=Path, metavar="FILE")
    parser.add_argument("--workspace", required=True, metavar="NAME")
    parser.add_argument("--dry-run", action="store_true", help="read and report; store nothing")
    parser.add_argument("--lang", choices=["zh", "en"], default="zh")
    parser.add_argument("--format", choices=["text", "json"], default="text", dest="report_format")
    parser.set_defaults(func=run_import)

    parser = subparsers.add_parser("export", help="write a workspace as canonical CSV/XLSX")
    parser.add_argument("--workspace", required=True, metavar="NAME")
    parser.add_argument("--format", choices=["csv", "xlsx"], required=True)
    parser.add_argument("--out", type=Path, required=True, metavar="PATH")
    parser.set_defaults(func=run_export)


def _say(lang: str, zh: str, en: str) -> str:
    return zh if lang == "zh" else en


def run_import(args: argparse.Namespace) -> int:
    path: Path = args.file
    if not path.is_file():
        raise UsageError(f"no such file: {path}")
    if path.suffix.lower() not in SUFFIXES:
        raise UsageError(f"{path.name}: expected a .csv, .tsv, .txt or .xlsx file")
    from daifa.cli import _django
    from daifa.cli.progress import progress_bar
    from daifa.sources.spreadsheet import SpreadsheetError, read_tables

    try:
        with progress_bar(args.lang) as update:
            tables = read_tables(path, progress=lambda done, total: update("read", done, total))
    except SpreadsheetError as exc:
        print(f"daifa: {exc.message(args.lang)}", file=sys.stderr)
        return 1
    report = tables.report
    if not report.ok or args.dry_run:
        _print_report(args, report, tables)
        return 0 if report.ok else 1
    _django.setup()
    from daifa.catalog.services import ImportRejected, import_tables

    workspace = _django.workspace(args.workspace, create=True)
    try:
        with progress_bar(args.lang) as update:
            result = import_tables(
                workspace=workspace, tables=tables, filename=path.name, progress=update
            )
    except ImportRejected as exc:
        # Values the screening would refuse (e.g. shipped before paid): found
        # before anything was stored, reported like unreadable cells.
        _print_report(args, exc.report, tables)
        return 1
    # The rows are committed: whatever the re-screening does, the import stands
    # and the exit code says so; a failed re-screening is reported, not raised.
    screened = _screen(args, workspace)
    _print_result(args, report, result.as_dict(), screened)
    return 0


def _screen(args: argparse.Namespace, workspace: Workspace) -> dict[str, object]:
    from daifa.cli.progress import progress_bar
    from daifa.workbench.actions import workspace_screen

    try:
        with progress_bar(args.lang) as update:
            update("screening", 0, 1)
            workspace_screen(workspace=workspace)
            update("screening", 1, 1)
    except Exception as exc:
        reason = getattr(exc, "message_en", None) or type(exc).__name__
        reason_zh = getattr(exc, "message_zh", None) or type(exc).__name__
        print(
            _say(
                args.lang,
                f"数据已导入，但重新筛选失败（{reason_zh}）。稍后保存一次筛选方案即可重新筛选。",
                f"The rows were imported, but the re-screening failed ({reason}). Re-screen "
                "later by saving the profile.",
            ),
            file=sys.stderr,
        )
        return {"ok": False, "error": reason}
    return {"ok": True}


def _print_report(args: argparse.Namespace, report: ReadReport, tables: Tables) -> None:
    if args.report_format == "json":
        payload = {**report.to_dict(), "ok": report.ok, "dry_run": args.dry_run}
        json.dump(payload, sys.stdout, ensure_ascii=False, indent=2, default=str)
        print()
        return
    text = report.to_text(lang=args.lang, limit=MAX_REPORTED_PROBLEMS)
    if text:
        print(text, file=sys.stdout if report.ok else sys.stderr)
    if not report.ok:
        print(
            _say(
                args.lang,
                "文件中有无法读取的行，未导入任何数据。请修正上面列出的单元格后重试。",
                "The file has rows that could not be read; nothing was imported. "
                "Fix the cells listed above and try again.",
            ),
            file=sys.stderr,
        )
    elif args.dry_run:
        print(
            _say(
                args.lang,
                f"试运行：{tables.suppliers.height} 行可以导入，未保存任何数据。",
                f"Dry run: {tables.suppliers.height} rows can be imported; nothing was stored.",
            )
        )


def _print_result(
    args: argparse.Namespace, report: ReadReport, stats: dict[str, int], screened: dict[str, object]
) -> None:
    if args.report_format == "json":
        payload = {**report.to_dict(), "ok": True, "dry_run": False, "workspace": args.workspace}
        payload["imported"] = stats
        payload["screening"] = screened
        json.dump(payload, sys.stdout, ensure_ascii=False, indent=2, default=str)
        print()
        return
    text = report.to_text(lang=args.lang)
    if text:
        print(text)
    print(
        _say(
            args.lang,
            "已导入到工作区「{w}」：新增供应商 {suppliers_created}，更新 {suppliers_updated}；"
            "新增商品 {offers_created}，更新 {offers_updated}；销量记录 {sales_points}；"
            "新增评价 {reviews_added}。",
            "Imported into workspace '{w}': {suppliers_created} suppliers added, "
            "{suppliers_updated} updated; {offers_created} offers added, {offers_updated} "
            "updated; {sales_points} sales points; {reviews_added} reviews added.",
        ).format(w=args.workspace, **stats)
    )


def run_export(args: argparse.Namespace) -> int:
    from daifa.cli import _django

    _django.setup()
    workspace = _django.workspace(args.workspace, create=False)
    if workspace is None:
        raise UsageError(f"no workspace named {args.workspace!r}")
    from daifa.importers.spreadsheet.exporting import workspace_tables
    from daifa.sources.spreadsheet import write_tables

    out: Path = args.out
    out.parent.mkdir(parents=True, exist_ok=True)
    write_tables(workspace_tables(workspace), out, format=args.format)
    print(f"{out}")
    return 0
