"""Every buying page: members (alice owner, bob member) see it, charlie the outsider gets
404 for every URL; forms refuse below-MOQ and blocked-supplier orders; supplier text is
escaped."""

from __future__ import annotations

import io
import zipfile
from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from daifa.buying import clock
from daifa.buying.models import Claim, Product
from daifa.buying.services import (
    backup_add,
    claim_create,
    order_create,
    order_mark,
    product_create,
)
from daifa.evidence.pngs import solid_png
from daifa.lifecycle.services import supplier_stage_change
from daifa.sourcing.models import PurchaseOrder
from tests.buying.conftest import T0
from tests.buying.order_exports import EXPORT_COLUMNS, export_rows, write_xlsx

EN = {"HTTP_ACCEPT_LANGUAGE": "en"}
ZH = {"HTTP_ACCEPT_LANGUAGE": "zh-hans"}


@pytest.fixture
def world(shop):
    order = order_create(
        workspace=shop.workspace, offer=shop.offer, quantity=60, agreement=shop.agreement
    )
    order_mark(order=order, step="paid", at=T0)
    claim = claim_create(order=order, kind="late_pickup", now=T0 + timedelta(hours=30))
    product = product_create(workspace=shop.workspace, sku="MY-TWS5", primary=shop.offer)
    backup_add(product=product, offer=shop.backup_offer)
    return shop, order, claim, product


def all_urls(shop, order, claim, product) -> list[str]:
    ws = shop.workspace.pk
    a = shop.agreement.pk
    return [
        reverse("buying:overview", args=[ws]),
        reverse("buying:agreement_new", args=[ws, shop.supplier.pk]),
        reverse("buying:agreement", args=[ws, a]),
        reverse("buying:agreement_print", args=[ws, a]),
        reverse("buying:agreement_file", args=[ws, a, "pdf"]),
        reverse("buying:agreement_file", args=[ws, a, "docx"]),
        reverse("buying:order_new", args=[ws]),
        reverse("buying:overdue", args=[ws]),
        reverse("buying:order_import", args=[ws]),
        reverse("buying:order", args=[ws, order.pk]),
        reverse("buying:order_place", args=[ws, order.pk]),
        reverse("buying:claim", args=[ws, claim.pk]),
        reverse("buying:claim_zip", args=[ws, claim.pk]),
        reverse("buying:products", args=[ws]),
        reverse("buying:product", args=[ws, product.pk]),
    ]


POST_ONLY = ["buying:order_mark", "buying:claim_new"]


@pytest.mark.parametrize("who", ["alice", "bob"])
def test_members_see_every_page(client, personas, world, who):
    client.force_login(getattr(personas, who))
    for url in all_urls(*world):
        assert client.get(url, **EN).status_code == 200, url


def test_outsider_gets_404_everywhere(client, personas, world):
    shop, order, claim, product = world
    client.force_login(personas.charlie)
    for url in all_urls(*world):
        assert client.get(url, **EN).status_code == 404, url
        assert client.post(url, {}, **EN).status_code == 404, url
    ws = shop.workspace.pk
    for name in POST_ONLY:
        assert client.post(reverse(name, args=[ws, order.pk]), {}, **EN).status_code == 404
    # and their own workspace does not open alice's objects either
    own = personas.charlie_workspace.pk
    assert client.get(reverse("buying:order", args=[own, order.pk])).status_code == 404
    assert client.get(reverse("buying:claim", args=[own, claim.pk])).status_code == 404


def test_anonymous_is_sent_to_login(client, world):
    response = client.get(all_urls(*world)[0])
    assert response.status_code == 302 and "login" in response["Location"]


def test_pages_are_bilingual(client, personas, world):
    client.force_login(personas.alice)
    url = reverse("buying:overview", args=[world[0].workspace.pk])
    assert "Pickup overdue" in client.get(url, **EN).content.decode()
    assert "揽收超时" in client.get(url, **ZH).content.decode()


def _order_post(shop, **extra):
    return {
        "offer": shop.offer.pk,
        "agreement": shop.agreement.pk,
        "quantity": 60,
        "payment_method": "alipay",
        **extra,
    }


def test_order_form_refuses_below_moq(client, personas, shop):
    client.force_login(personas.bob)
    url = reverse("buying:order_new", args=[shop.workspace.pk])
    response = client.post(url, _order_post(shop, quantity=10), **EN)
    assert response.status_code == 400
    assert "below the minimum order quantity 50" in response.content.decode()
    response = client.post(url, _order_post(shop, quantity=10), **ZH)
    assert "低于起订量 50" in response.content.decode()
    assert not PurchaseOrder.objects.exists()


def test_order_form_refuses_a_blocked_supplier(client, personas, shop):
    supplier_stage_change(
        supplier=shop.supplier, to="blocked", by=personas.alice, reason="fake stock"
    )
    client.force_login(personas.alice)
    url = reverse("buying:order_new", args=[shop.workspace.pk])
    response = client.post(url, _order_post(shop), **EN)
    assert response.status_code == 400 and "is blocked" in response.content.decode()
    assert not PurchaseOrder.objects.exists()


def test_order_form_records_and_the_clock_makes_it_overdue(client, personas, shop):
    client.force_login(personas.alice)
    ws = shop.workspace.pk
    response = client.post(reverse("buying:order_new", args=[ws]), _order_post(shop), **EN)
    order = PurchaseOrder.objects.get()
    assert response.status_code == 302
    assert order.unit_price_cny == Decimal("12.5") and order.quantity == 60
    mark = reverse("buying:order_mark", args=[ws, order.pk])
    assert client.post(mark, {"step": "paid"}, **EN).status_code == 302
    clock.fix(T0 + timedelta(hours=25))
    page = client.get(reverse("buying:overdue", args=[ws]), **EN).content.decode()
    assert order.order_id in page
    claim_url = reverse("buying:claim_new", args=[ws, order.pk])
    response = client.post(claim_url, {"kind": "late_pickup", "remedy": "refund"}, **EN)
    claim = Claim.objects.get()
    assert response.status_code == 302 and claim.amount_cny == Decimal("37.50")  # 750 × 5 %


def test_supplier_text_is_escaped(client, personas, shop):
    shop.offer.title = '<script>alert("x")</script>耳机'
    shop.offer.save()
    shop.supplier.name = "<b>坏</b>"
    shop.supplier.save()
    from daifa.buying.services import agreement_revise

    terms = dict(
        shop.agreement.terms, seller=dict(shop.agreement.terms["seller"], name="<b>坏</b>")
    )
    terms["products"] = [dict(terms["products"][0], title='<script>alert("x")</script>耳机')]
    shop.agreement = agreement_revise(agreement=shop.agreement, terms=terms)
    order = order_create(workspace=shop.workspace, offer=shop.offer, quantity=60)
    client.force_login(personas.alice)
    for url in (
        reverse("buying:order", args=[shop.workspace.pk, order.pk]),
        reverse("buying:overview", args=[shop.workspace.pk]),
        reverse("buying:order_new", args=[shop.workspace.pk]),
        reverse("buying:agreement_print", args=[shop.workspace.pk, shop.agreement.pk]),
        reverse("buying:agreement", args=[shop.workspace.pk, shop.agreement.pk]),
    ):
        body = client.get(url, **EN).content.decode()
        assert "<script>alert" not in body and "<b>坏</b>" not in body, url


def test_claim_with_evidence_upload_and_zip(client, personas, shop):
    order = order_create(workspace=shop.workspace, offer=shop.offer, quantity=60)
    order_mark(order=order, step="paid", at=T0)
    client.force_login(personas.bob)
    photo = SimpleUploadedFile("wrong.png", solid_png(6, 6, (0, 0, 255)), "image/png")
    url = reverse("buying:claim_new", args=[shop.workspace.pk, order.pk])
    response = client.post(url, {"kind": "wrong_item", "remedy": "reship", "evidence": photo}, **EN)
    assert response.status_code == 302
    claim = Claim.objects.get()
    zipped = client.get(reverse("buying:claim_zip", args=[shop.workspace.pk, claim.pk]))
    with zipfile.ZipFile(io.BytesIO(zipped.content)) as archive:
        assert "evidence/01-wrong.png" in archive.namelist()
    fake = SimpleUploadedFile("photo.png", b"MZ\x90\x00 not an image", "image/png")
    response = client.post(url, {"kind": "quality", "remedy": "refund", "evidence": fake}, **EN)
    assert response.status_code == 400 and Claim.objects.count() == 1


def test_claim_status_flow_by_page(client, personas, world):
    shop, order, claim, product = world
    client.force_login(personas.alice)
    url = reverse("buying:claim", args=[shop.workspace.pk, claim.pk])
    assert client.post(url, {"action": "status", "status": "settled"}, **EN).status_code == 400
    assert client.post(url, {"action": "status", "status": "sent"}, **EN).status_code == 302
    claim.refresh_from_db()
    assert claim.status == "sent" and claim.answer_due_at == T0 + timedelta(hours=24)
    assert 'id="answer-late"' not in client.get(url, **EN).content.decode()
    clock.fix(T0 + timedelta(hours=25))
    assert 'id="answer-late"' in client.get(url, **EN).content.decode()
    chat = SimpleUploadedFile("chat.png", solid_png(5, 5, (9, 9, 9)), "image/png")
    response = client.post(url, {"action": "evidence", "evidence": chat}, **EN)
    assert response.status_code == 302 and claim.evidence.count() == 1
    program = SimpleUploadedFile("chat2.png", b"MZ\x90\x00program", "image/png")
    assert client.post(url, {"action": "evidence", "evidence": program}, **EN).status_code == 400


def test_the_claim_page_speaks_the_pages_language(client, personas, world):
    """The formula in the page's language only; the history with the status's name and
    a readable time, not the stored key and ISO text (browser sweep)."""
    shop, order, claim, product = world
    client.force_login(personas.alice)
    url = reverse("buying:claim", args=[shop.workspace.pk, claim.pk])
    assert client.post(url, {"action": "status", "status": "sent"}, **EN).status_code == 302
    claim.refresh_from_db()
    en = client.get(url, **EN).content.decode()
    zh = client.get(url, **ZH).content.decode()

    def formula(page: str) -> str:
        return page[page.index('id="claim-formula"') :].split("</p>")[0]

    assert claim.formula_en in formula(en) and claim.formula_zh not in formula(en)
    assert claim.formula_zh in formula(zh) and claim.formula_en not in formula(zh)
    history = en[en.index('id="claim-history"') :].split("</ul>")[0]
    assert "sent to the supplier · " in history and "open · " in history
    assert "T" not in history.split("·")[1] and "+00:00" not in history
    history = zh[zh.index('id="claim-history"') :].split("</ul>")[0]
    assert "已发给供应商 · " in history and "待发送 · " in history and "sent" not in history


def test_a_product_without_other_offers_of_its_group_says_how_to_add_a_backup(
    client, personas, world
):
    """Both offers of the group are already linked: no empty picker, but what to do."""
    shop, order, claim, product = world
    client.force_login(personas.alice)
    url = reverse("buying:product", args=[shop.workspace.pk, product.pk])
    zh = client.get(url, **ZH).content.decode()
    assert 'id="no-backup-candidates"' in zh and "同一同款分组" in zh
    assert 'name="offer"' not in zh
    from daifa.catalog.models import Offer

    Offer.objects.create(
        workspace=shop.workspace, supplier=shop.backup_supplier, external_id="610009",
        title="蓝牙耳机 TWS-9", product_group="耳机-01",
    )  # fmt: skip
    en = client.get(url, **EN).content.decode()
    assert 'name="offer"' in en and 'id="no-backup-candidates"' not in en


def test_agreement_edit_makes_a_version_and_bad_terms_are_named(client, personas, shop):
    client.force_login(personas.alice)
    url = reverse("buying:agreement", args=[shop.workspace.pk, shop.agreement.pk])
    page = client.get(url, **EN)
    form = page.context["form"]
    data = {k: v for k, v in form.initial.items() if v is not None}
    data["confidential"] = "on"
    data["late_rate_pct"] = "abc"
    response = client.post(url, data, **ZH)
    assert response.status_code == 400 and "abc" in response.content.decode()
    data["late_rate_pct"] = "8"
    response = client.post(url, data, **EN)
    assert response.status_code == 302
    from daifa.buying.models import Agreement

    newest = Agreement.objects.order_by("-version").first()
    assert newest.version == 2 and newest.terms["late_rate_pct"] == "8"


def test_backup_switch_by_page(client, personas, world):
    shop, order, claim, product = world
    client.force_login(personas.alice)
    url = reverse("buying:product", args=[shop.workspace.pk, product.pk])
    backup = product.links.get(rank=1)
    assert (
        client.post(url, {"action": "switch", "link": backup.pk, "reason": ""}, **EN).status_code
        == 400
    )
    response = client.post(url, {"action": "switch", "link": backup.pk, "reason": "主供缺货"}, **EN)
    assert response.status_code == 302
    product = Product.objects.get()
    assert product.links.get(rank=0).offer == shop.backup_offer
    assert product.switches.get().reason == "主供缺货"
    assert "主供缺货" in client.get(url, **EN).content.decode()


def test_order_file_upload_refuses_and_imports(client, personas, shop, tmp_path):
    client.force_login(personas.alice)
    url = reverse("buying:order_import", args=[shop.workspace.pk])
    rows = export_rows(3, T0.replace(tzinfo=None))
    rows[0]["实付款(元)"] = "很多"
    bad = write_xlsx(tmp_path / "bad.xlsx", EXPORT_COLUMNS, rows)
    with bad.open("rb") as fh:
        response = client.post(url, {"file": fh}, **EN)
    body = response.content.decode()
    assert response.status_code == 400 and "row 2" in body and "很多" in body
    assert not PurchaseOrder.objects.exists()
    good = write_xlsx(
        tmp_path / "good.xlsx", EXPORT_COLUMNS, export_rows(3, T0.replace(tzinfo=None))
    )
    with good.open("rb") as fh:
        response = client.post(url, {"file": fh}, **EN)
    assert response.status_code == 200 and PurchaseOrder.objects.count() == 3
