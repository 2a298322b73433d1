"""The screened supplier list as CSV or XLSX, for spreadsheets and sharing."""

from __future__ import annotations

import io

import openpyxl
import polars as pl

HEADERS = (
    "supplier_id", "supplier_name", "grade", "score", "coverage", "approvable", "blocking",
    "to_verify", "flags", "offer_id", "product_title", "category", "unit_price_cny", "moq",
    "landed_unit_cost_cny", "peer_group", "peer_rank", "closeness", "robustness",
)  # fmt: skip


EXPORT_FIELDS = (
    "supplier__external_id", "supplier__name", "grade", "score", "coverage", "approvable",
    "blocking", "to_verify", "flags", "offer__external_id", "offer__title", "category",
    "unit_price_cny", "moq", "landed_unit_cost_cny", "peer_group", "peer_rank", "closeness",
    "robustness",
)  # fmt: skip


def _frame(rows) -> pl.DataFrame:
    records = [
        (r.supplier.external_id, r.supplier.name, r.grade, r.score, r.coverage, r.approvable,
         ";".join(r.blocking), ";".join(r.to_verify), ";".join(r.flags), r.offer.external_id,
         r.offer.title, r.category, r.unit_price_cny, r.moq,
         r.landed_unit_cost_cny, r.peer_group, r.peer_rank, r.closeness, r.robustness)
        for r in rows.only(*EXPORT_FIELDS).iterator(chunk_size=2000)
    ]  # fmt: skip
    return pl.DataFrame(records, schema=list(HEADERS), orient="row", infer_schema_length=None)


def screened_list(rows, fmt: str) -> tuple[bytes, str]:
    frame = _frame(rows)
    if fmt == "csv":
        # BOM: Chinese Excel opens UTF-8 CSV correctly only with it.
        return b"\xef\xbb\xbf" + frame.write_csv().encode("utf-8"), "text/csv; charset=utf-8"
    book = openpyxl.Workbook(write_only=True)
    sheet = book.create_sheet("screening")
    sheet.append(list(HEADERS))
    for row in frame.iter_rows():
        sheet.append(list(row))
    out = io.BytesIO()
    book.save(out)
    return out.getvalue(), "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
