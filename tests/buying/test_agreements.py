"""Agreements: terms as data, versions, and the same terms in the PDF and the DOCX."""

from __future__ import annotations

import io
import re

import pytest
from docx import Document
from pypdf import PdfReader

from daifa.buying.documents import agreement_docx, agreement_pdf
from daifa.buying.errors import BuyingRefused
from daifa.buying.services import agreement_revise
from daifa.buying.wording import clauses


def _flat(text: str) -> str:
    # PDF text extraction breaks lines and may add spaces between CJK glyphs.
    return re.sub(r"\s+", "", text)


def test_defaults_come_from_the_seed_and_the_offer(shop):
    terms = shop.agreement.terms
    assert terms["pickup_hours"] == 24 and terms["late_rate_pct"] == "5"
    assert terms["reship_hours"] == 48 and terms["late_reship_pct"] == "10"
    assert terms["unsold_return_days"] == 30 and terms["unsold_max_loss_pct"] == "5"
    product = terms["products"][0]
    assert product["offer_id"] == "610001" and product["moq"] == 50
    assert product["tiers"] == "50-199:12.5;200+:11.8"
    assert shop.agreement.reference.startswith("PA-20261102-")


def test_revising_adds_a_version_and_keeps_the_old_one(shop, personas):
    terms = dict(shop.agreement.terms, pickup_hours=12)
    v2 = agreement_revise(agreement=shop.agreement, terms=terms, by=personas.alice)
    assert (v2.reference, v2.version, v2.terms["pickup_hours"]) == (shop.agreement.reference, 2, 12)
    shop.agreement.refresh_from_db()
    assert shop.agreement.terms["pickup_hours"] == 24


def test_a_bad_term_is_refused_in_both_languages(shop):
    with pytest.raises(BuyingRefused) as caught:
        agreement_revise(
            agreement=shop.agreement, terms=dict(shop.agreement.terms, late_cap_pct="200")
        )
    assert caught.value.field == "late_cap_pct" and "200" in caught.value.zh
    with pytest.raises(BuyingRefused) as caught:
        bad = dict(shop.agreement.terms, products=[{"offer_id": "1", "tiers": "lots:cheap"}])
        agreement_revise(agreement=shop.agreement, terms=bad)
    assert caught.value.field == "tiers"


def test_pdf_and_docx_carry_the_same_terms_in_both_languages(shop):
    pdf = PdfReader(io.BytesIO(agreement_pdf(shop.agreement)))
    pdf_text = _flat("".join(page.extract_text() for page in pdf.pages))
    docx = Document(io.BytesIO(agreement_docx(shop.agreement)))
    docx_text = _flat("\n".join(p.text for p in docx.paragraphs))
    for clause in clauses(shop.agreement.terms):
        for text in (clause.title_zh, clause.title_en, clause.text_zh, clause.text_en):
            assert _flat(text) in docx_text, text
            assert _flat(text) in pdf_text, text
    # the numbers the claims compute with are in both languages in both files
    for needle in (
        "付款后24小时内",
        "within24hours",
        "订单实付金额的5%",
        "one-off5%",
        "第585条",
        "art.585",
        "48小时内补发",
        "reshipswithin48hours",
        "深圳市声悦电子有限公司",
        "91440300MA5TEST01X",
    ):
        assert needle in pdf_text and needle in docx_text, needle


def test_daily_mode_says_daily_rate_and_cap(shop):
    terms = dict(shop.agreement.terms, late_mode="daily", late_daily_pct="1", late_cap_pct="6")
    v2 = agreement_revise(agreement=shop.agreement, terms=terms)
    docx_text = _flat(
        "\n".join(p.text for p in Document(io.BytesIO(agreement_docx(v2))).paragraphs)
    )
    assert "每逾期一日" in docx_text and "不超过该订单实付金额的6%" in docx_text
    assert "foreverydayofdelay" in docx_text and "atmost6%" in docx_text


def test_a_valid_quote_sets_the_price_from_its_quantity_and_the_moq(personas, fixed_clock):
    """With the verification app installed (after the branches merge), the newest valid
    quote for an offer becomes its tier from the quoted quantity, and its MOQ."""
    from django.apps import apps

    if not apps.is_installed("daifa.verification"):
        pytest.skip("daifa.verification is not installed on this branch")
    from datetime import date

    from daifa.buying.services import agreement_defaults
    from daifa.catalog.models import Offer, Supplier

    quote_model = apps.get_model("verification", "Quote")
    ws = personas.workspace
    supplier = Supplier.objects.create(workspace=ws, external_id="q-shop", name="报价店")
    offer = Offer.objects.create(
        workspace=ws, supplier=supplier, external_id="777", title="杯子",
        facts={"moq": 10, "price_tiers": [{"min_qty": 10, "max_qty": None, "price_cny": 9.0}]},
    )  # fmt: skip
    quote_model.objects.create(
        workspace=ws, supplier=supplier, offer=offer, quoted_at=date(2026, 10, 1),
        quantity=300, unit_price_cny="7.20", moq=50, valid_until=date(2026, 12, 31),
    )  # fmt: skip
    product = agreement_defaults(supplier=supplier)["products"][0]
    assert product["tiers"] == "10-299:9;300+:7.2" and product["moq"] == 50


def test_quote_tiers_are_merged_below_the_quoted_quantity(shop, monkeypatch):
    from datetime import date
    from types import SimpleNamespace

    from daifa.buying import services

    quote = SimpleNamespace(
        quantity=150, unit_price_cny="11.00", moq=80, quoted_at=date(2026, 10, 1)
    )
    monkeypatch.setattr(services, "_latest_quote", lambda offer: quote)
    product = services.agreement_defaults(supplier=shop.supplier)["products"][0]
    # listing: 50-199 at 12.5, 200+ at 11.8; the quote: 150+ at 11
    assert product["tiers"] == "50-149:12.5;150+:11" and product["moq"] == 80
