"""The agreement as a printable page, a PDF (WeasyPrint) and a DOCX (python-docx).

All three are made from :func:`daifa.buying.wording.clauses`, so they carry the same
terms; each clause is printed in 简体中文 and then in English.
"""

from __future__ import annotations

import io
from typing import Any, NoReturn

from django.template.loader import render_to_string

from daifa.buying.models import Agreement
from daifa.buying.wording import clauses


def agreement_context(agreement: Agreement) -> dict[str, Any]:
    return {
        "agreement": agreement,
        "clauses": clauses(agreement.terms),
        "terms": agreement.terms,
    }


def agreement_html(agreement: Agreement) -> str:
    """The printable page (also the PDF's source): autoescaped, no scripts, no remote files."""
    return render_to_string("buying/agreement_print.html", agreement_context(agreement))


def agreement_pdf(agreement: Agreement) -> bytes:
    from weasyprint import HTML  # imported here: Pango loads only when a PDF is asked for

    # No base_url and a fetcher that refuses everything: supplier text can't make the
    # renderer read a file or a URL.
    def no_fetch(url: str, *args: Any, **kwargs: Any) -> NoReturn:
        raise ValueError(f"agreement PDFs load nothing: {url}")

    pdf: bytes = HTML(string=agreement_html(agreement), url_fetcher=no_fetch).write_pdf()
    return pdf


def agreement_docx(agreement: Agreement) -> bytes:
    from docx import Document
    from docx.oxml.ns import qn
    from docx.shared import Pt

    doc = Document()
    style = doc.styles["Normal"]
    style.font.name = "Noto Sans CJK SC"
    style.font.size = Pt(10.5)
    # East Asian text takes its font from w:eastAsia, not w:ascii.
    style.element.rPr.rFonts.set(qn("w:eastAsia"), "Noto Sans CJK SC")
    doc.add_heading("采购合作协议 Purchase Agreement", level=0)
    doc.add_paragraph(
        f"协议编号 Agreement no.：{agreement.reference}　版本 Version：{agreement.version}　"
        f"日期 Date：{agreement.created_at:%Y-%m-%d}"
    )
    for clause in clauses(agreement.terms):
        doc.add_heading(f"{clause.number}. {clause.title_zh} {clause.title_en}", level=2)
        doc.add_paragraph(clause.text_zh)
        english = doc.add_paragraph(clause.text_en)
        english.runs[0].italic = True
    doc.add_paragraph("")
    doc.add_paragraph("甲方（签章）Buyer (signature/seal)：＿＿＿＿＿＿　日期 Date：＿＿＿＿")
    doc.add_paragraph("乙方（签章）Supplier (signature/seal)：＿＿＿＿＿＿　日期 Date：＿＿＿＿")
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()
