"""Paste a 1688 page → check the values → store them as a manual observation."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.urls import reverse
from django.utils import timezone

from daifa.catalog.models import Observation, Offer, Supplier

DATA = Path(__file__).parents[2] / "sources" / "capture" / "data"
OFFER_PAGE = (DATA / "offer_interleaved.txt").read_text(encoding="utf-8")
SHOP_PAGE = (DATA / "shop_profile_lines.txt").read_text(encoding="utf-8")


def _paste(client, workspace, text, **extra):
    url = reverse("capture:paste", args=[workspace.pk])
    return client.post(url, {"text": text, **extra}, HTTP_ACCEPT_LANGUAGE="en")


def _confirm_data(response, **changes):
    """What the browser posts back when the seller changes nothing but ``changes``."""
    form = response.context["form"]
    data = {k: v for k, v in form.initial.items() if v is not None}
    for name in form.fact_names:
        data[f"use_{name}"] = "on"
    data.update(changes)
    return {k: v for k, v in data.items() if v is not None}


def _confirm(client, workspace, data):
    url = reverse("capture:confirm", args=[workspace.pk])
    return client.post(url, data, HTTP_ACCEPT_LANGUAGE="en")


def test_an_offer_page_is_shown_for_checking_then_stored_on_a_new_supplier(client, personas):
    client.force_login(personas.alice)
    response = _paste(client, personas.workspace, OFFER_PAGE)
    page = response.content.decode()
    assert response.status_code == 200
    assert "This looks like an offer page." in page
    assert "Repeat rate %" in page and "回头率 41%" in page  # the value and where it came from
    assert 'value="1-49:12.5;50-199:11.8;200+:10.9"' in page
    assert "title was taken from the line above the price" in page
    assert Supplier.objects.count() == 0  # nothing stored before the seller confirms

    data = _confirm_data(response, supplier_id="jiamei")
    response = _confirm(client, personas.workspace, data)
    supplier = Supplier.objects.get(workspace=personas.workspace, external_id="jiamei")
    assert response.status_code == 302
    assert response["Location"] == reverse(
        "supplier_detail", args=[personas.workspace.pk, supplier.pk]
    )
    assert supplier.name == "义乌市佳美饰品有限公司"
    assert supplier.facts["repeat_rate_pct"] == 41.0 and supplier.facts["trustpass_years"] == 8.0
    offer = Offer.objects.get(supplier=supplier)
    assert offer.external_id == "712345678901"
    assert offer.facts["moq"] == 2 and offer.facts["dropship_price_cny"] == 13.8
    assert offer.facts["price_tiers"][2] == {"min_qty": 200, "max_qty": None, "price_cny": 10.9}
    observation = Observation.objects.get()
    assert observation.kind == "manual" and observation.offer == offer
    today = timezone.localdate().isoformat()
    assert observation.detail == f"pasted from 1688 page (offer) on {today}"
    assert observation.raw["snippets"]["moq"] == "起批量 ≥2件"
    assert observation.raw["extra"]["sold_units"] == 3000


def test_bob_adds_a_shop_profile_to_an_existing_supplier_with_his_edits(client, personas):
    supplier = Supplier.objects.create(
        workspace=personas.workspace, external_id="S1", name="义乌甲"
    )
    client.force_login(personas.bob)
    response = _paste(client, personas.workspace, SHOP_PAGE, supplier=supplier.pk)
    assert "This looks like a shop profile page." in response.content.decode()
    data = _confirm_data(
        response, value_repeat_rate_pct="42%", use_response_minutes="", supplier_name=""
    )
    data.pop("use_response_minutes")  # an unticked box is not posted
    assert _confirm(client, personas.workspace, data).status_code == 302
    supplier.refresh_from_db()
    assert Supplier.objects.count() == 1
    assert supplier.facts["repeat_rate_pct"] == 42.0  # the edit, not the page's 41%
    assert "response_minutes" not in supplier.facts  # unticked: not stored
    assert supplier.facts["dispute_rate_pct"] == 0.0
    detail = Observation.objects.get().detail
    assert detail.startswith("pasted from 1688 page (shop profile) on ")


def test_an_unreadable_edit_is_shown_with_its_reason_and_nothing_is_stored(client, personas):
    client.force_login(personas.alice)
    response = _paste(client, personas.workspace, SHOP_PAGE)
    data = _confirm_data(response, supplier_id="S9", value_repeat_rate_pct="很高")
    response = _confirm(client, personas.workspace, data)
    page = response.content.decode()
    assert response.status_code == 200
    assert "很高" in page and "not a percentage" in page
    assert Supplier.objects.count() == 0 and Observation.objects.count() == 0


def test_a_target_is_required(client, personas):
    client.force_login(personas.alice)
    response = _paste(client, personas.workspace, SHOP_PAGE)
    response = _confirm(client, personas.workspace, _confirm_data(response, supplier_id=""))
    assert "Choose a supplier or type the id of a new one." in response.content.decode()
    assert Supplier.objects.count() == 0


def test_an_offer_already_in_the_workspace_is_offered_to_its_supplier(client, personas):
    supplier = Supplier.objects.create(workspace=personas.workspace, external_id="S1")
    Offer.objects.create(
        workspace=personas.workspace, supplier=supplier, external_id="712345678901"
    )
    client.force_login(personas.alice)
    response = _paste(client, personas.workspace, OFFER_PAGE)
    assert response.context["form"].initial["supplier"] == supplier.pk
    _confirm(client, personas.workspace, _confirm_data(response))
    assert Offer.objects.count() == 1
    assert Offer.objects.get().facts["moq"] == 2


def test_text_with_no_facts_says_so(client, personas):
    client.force_login(personas.alice)
    response = _paste(client, personas.workspace, (DATA / "not_a_page.txt").read_text())
    assert response.status_code == 200
    assert "Nothing in this text was recognised" in response.content.decode()


def test_supplier_text_is_escaped(client, personas):
    client.force_login(personas.alice)
    response = _paste(client, personas.workspace, "发货地 <script>alert(1)</script>\n回头率 41%")
    page = response.content.decode()
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "<script>alert(1)" not in page


def test_charlie_can_neither_paste_into_nor_store_in_alices_workspace(client, personas):
    client.force_login(personas.alice)
    alice_page = _paste(client, personas.workspace, SHOP_PAGE)
    data = _confirm_data(alice_page, supplier_id="S1")
    client.force_login(personas.charlie)
    assert client.get(reverse("capture:paste", args=[personas.workspace.pk])).status_code == 404
    assert _paste(client, personas.workspace, SHOP_PAGE).status_code == 404
    assert _confirm(client, personas.workspace, data).status_code == 404
    assert Supplier.objects.count() == 0 and Observation.objects.count() == 0


def test_charlie_cannot_target_alices_supplier_from_his_workspace(client, personas):
    supplier = Supplier.objects.create(workspace=personas.workspace, external_id="S1")
    client.force_login(personas.charlie)
    response = _paste(client, personas.charlie_workspace, SHOP_PAGE)
    data = _confirm_data(response, supplier=supplier.pk)
    response = _confirm(client, personas.charlie_workspace, data)
    assert response.status_code == 200  # not a valid choice in his workspace
    assert Observation.objects.count() == 0 and supplier.facts == {}


@pytest.mark.parametrize("method", ["get", "post"])
def test_visitors_must_log_in(client, personas, method):
    response = getattr(client, method)(reverse("capture:paste", args=[personas.workspace.pk]))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_the_paste_page_can_preselect_a_supplier(client, personas):
    supplier = Supplier.objects.create(workspace=personas.workspace, external_id="S1")
    client.force_login(personas.alice)
    url = reverse("capture:paste", args=[personas.workspace.pk]) + f"?supplier={supplier.pk}"
    page = client.get(url, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert f'name="supplier" value="{supplier.pk}"' in page
    assert "Adding to S1 (S1)." in page
    assert "<select" not in page  # no list of every supplier to scroll through
    assert "Text copied from the 1688 page" in page
    response = _paste(client, personas.workspace, SHOP_PAGE, supplier=supplier.pk)
    assert response.context["target"].supplier == supplier
    assert response.context["form"].initial["supplier_id"] == "S1"


HENGXING_SHOP = (DATA / "shop_hengxing.txt").read_text(encoding="utf-8")
HENGXING_OFFER = (DATA / "offer_hengxing.txt").read_text(encoding="utf-8")


def _many_suppliers(workspace, n=40):
    """A workspace with other shops, created in an order that is not the names' order."""
    for i in range(n, 0, -1):
        Supplier.objects.create(
            workspace=workspace, external_id=f"b2b-22{i:08d}", name=f"义乌市第{i}饰品有限公司"
        )


def test_a_shop_page_suggests_its_shop_id_and_saves_under_it(client, personas):
    _many_suppliers(personas.workspace)
    client.force_login(personas.alice)
    response = _paste(client, personas.workspace, HENGXING_SHOP)
    page = response.content.decode()
    assert response.context["target"].supplier is None
    assert 'name="supplier_id" value="hengxing888"' in page
    assert "its id taken from the shop address" in page
    assert 'list="supplier-options"' in page and "<select" not in page
    response = _confirm(client, personas.workspace, _confirm_data(response))
    supplier = Supplier.objects.get(workspace=personas.workspace, external_id="hengxing888")
    assert response.status_code == 302
    assert supplier.name == "义乌市恒星饰品有限公司"
    assert supplier.facts["years_in_business"] == 5.0
    assert "pickup_sla_hours" not in supplier.facts  # 48小时发货 is no pickup promise
    raw = Observation.objects.get(supplier=supplier).raw
    assert raw["extra"]["dispatch_promise_hours"] == 48.0
    assert raw["extra"]["sales_90d"] == 23000 and raw["extra"]["service_stars"] == 4.5
    assert raw["extra"]["late_shipping_compensation"] is True
    assert raw["snippets"]["years_in_business"] == "入驻1688 5年"
    assert raw["snippets"]["dispatch_promise_hours"] == "48小时发货"  # extra facts keep it too
    assert raw["snippets"]["late_shipping_compensation"] == "晚发必赔"
    url = reverse("supplier_detail", args=[personas.workspace.pk, supplier.pk])
    page = client.get(url, HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    shown = page[page.index('id="captured-extras"') :]
    shown = shown[: shown.index("</table>")]
    assert "承诺发货时效(小时)</td><td>48</td>" in shown and "晚发必赔</td><td>是</td>" in shown
    assert "综合服务星级</td><td>4.5</td>" in shown and "近90天成交（件）</td><td>23000" in shown


def test_the_supplier_choices_are_sorted_by_name(client, personas):
    _many_suppliers(personas.workspace, n=12)
    client.force_login(personas.alice)
    response = _paste(client, personas.workspace, HENGXING_SHOP)
    options = [o["name"] for o in response.context["supplier_options"]]
    assert options == sorted(options, key=str.casefold) and len(options) == 12


def test_an_offer_page_is_matched_to_its_shop_by_name(client, personas):
    _many_suppliers(personas.workspace)
    shop = Supplier.objects.create(
        workspace=personas.workspace, external_id="hengxing888", name="义乌市恒星饰品有限公司"
    )
    client.force_login(personas.alice)
    response = _paste(client, personas.workspace, HENGXING_OFFER)
    page = response.content.decode()
    assert response.context["target"].supplier == shop
    assert 'name="supplier_id" value="hengxing888"' in page
    assert "Matched by the name on the page (“恒星饰品”)" in page
    assert _confirm(client, personas.workspace, _confirm_data(response)).status_code == 302
    offer = Offer.objects.get(supplier=shop)
    assert offer.external_id == "723456789012" and offer.facts["weight_g"] == 50.0
    assert Supplier.objects.filter(workspace=personas.workspace).count() == 41


def test_typing_another_id_overrides_the_match(client, personas):
    shop = Supplier.objects.create(
        workspace=personas.workspace, external_id="hengxing888", name="义乌市恒星饰品有限公司"
    )
    other = Supplier.objects.create(workspace=personas.workspace, external_id="S2", name="乙")
    client.force_login(personas.alice)
    response = _paste(client, personas.workspace, HENGXING_OFFER)
    assert _confirm(client, personas.workspace, _confirm_data(response, supplier_id="S2"))
    assert Offer.objects.get(external_id="723456789012").supplier == other
    assert not shop.offers.exists()


def test_a_shop_only_capture_has_a_scorecard_and_no_empty_offer_row(client, personas):
    client.force_login(personas.alice)
    response = _paste(client, personas.workspace, HENGXING_SHOP)
    _confirm(client, personas.workspace, _confirm_data(response))
    supplier = Supplier.objects.get(external_id="hengxing888")
    url = reverse("supplier_detail", args=[personas.workspace.pk, supplier.pk])
    page = client.get(url, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Scorecard" in page and 'id="c-repeat_rate"' in page
    assert 'id="no-offers"' in page and "No offer of this supplier yet" in page
    assert "screening-pending" not in page

    # the shop's offer page then takes the blank row's place: one offer, not two
    response = _paste(client, personas.workspace, HENGXING_OFFER)
    assert response.context["target"].supplier == supplier
    _confirm(client, personas.workspace, _confirm_data(response))
    assert list(supplier.offers.values_list("external_id", flat=True)) == ["723456789012"]
    page = client.get(url, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert 'id="no-offers"' not in page and "723456789012" in page


def test_a_supplier_not_screened_yet_says_so(client, personas):
    supplier = Supplier.objects.create(workspace=personas.workspace, external_id="S1")
    Offer.objects.create(workspace=personas.workspace, supplier=supplier, external_id="1")
    client.force_login(personas.alice)
    url = reverse("supplier_detail", args=[personas.workspace.pk, supplier.pk])
    page = client.get(url, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert 'id="screening-pending"' in page


def test_yes_no_values_are_shown_in_the_sellers_language_and_stored_as_booleans(client, personas):
    client.force_login(personas.alice)
    url = reverse("capture:paste", args=[personas.workspace.pk])
    response = client.post(url, {"text": HENGXING_SHOP}, HTTP_ACCEPT_LANGUAGE="zh-hans")
    page = response.content.decode()
    assert 'name="value_dropship_supported" value="是"' in page
    assert 'value="true"' not in page
    extra = {row["label"]: row["value"] for row in response.context["extra"]}
    assert extra["晚发必赔"] == "是" and extra["承诺发货时效(小时)"] == 48
    confirm = reverse("capture:confirm", args=[personas.workspace.pk])
    client.post(confirm, _confirm_data(response), HTTP_ACCEPT_LANGUAGE="zh-hans")
    assert Supplier.objects.get(external_id="hengxing888").facts["dropship_supported"] is True
