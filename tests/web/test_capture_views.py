"""Paste a 1688 page → check the values → store them as a manual observation."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.urls import reverse
from django.utils import timezone

from daifa.catalog.models import Observation, Offer, Supplier

DATA = Path(__file__).parents[1] / "sources" / "capture" / "data"
OFFER_PAGE = (DATA / "offer_interleaved.txt").read_text(encoding="utf-8")
SHOP_PAGE = (DATA / "shop_profile_lines.txt").read_text(encoding="utf-8")


def _paste(client, workspace, text, **extra):
    url = reverse("capture:paste", args=[workspace.pk])
    return client.post(url, {"text": text, **extra}, HTTP_ACCEPT_LANGUAGE="en")


def _confirm_data(response, **changes):
    """What the browser posts back when the seller changes nothing but ``changes``."""
    form = response.context["form"]
    data = {k: v for k, v in form.initial.items() if v is not None}
    for name in form.names:
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
    response = _confirm(client, personas.workspace, _confirm_data(response))
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
    assert f'<option value="{supplier.pk}" selected>' in page
    assert "Text copied from the 1688 page" in page
