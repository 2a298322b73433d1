from __future__ import annotations

import inspect

import daifa.sources.spreadsheet as spreadsheet


def test_the_public_api_is_pinned_and_sorted() -> None:
    assert spreadsheet.__all__ == sorted(spreadsheet.__all__)
    assert set(spreadsheet.__all__) == {
        "CellProblem",
        "HeaderMatch",
        "Note",
        "Progress",
        "ReadReport",
        "SpreadsheetError",
        "Tables",
        "companion_path",
        "match_header",
        "normalise_header",
        "read_tables",
        "write_tables",
    }


def test_the_functions_the_import_service_calls_keep_their_signatures() -> None:
    read = inspect.signature(spreadsheet.read_tables)
    assert list(read.parameters) == ["path", "progress", "name"]
    assert read.parameters["progress"].kind is inspect.Parameter.KEYWORD_ONLY
    assert read.parameters["name"].kind is inspect.Parameter.KEYWORD_ONLY
    write = inspect.signature(spreadsheet.write_tables)
    assert list(write.parameters) == ["tables_or_frames", "path", "format", "all_columns"]
    problem_fields = list(spreadsheet.CellProblem.__dataclass_fields__)
    assert problem_fields[:7] == [
        "sheet",
        "row",
        "column",
        "field",
        "value",
        "reason_en",
        "reason_zh",
    ]
