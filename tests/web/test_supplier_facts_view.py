"""Adding or correcting a supplier's facts by hand, with validation and history."""

from __future__ import annotations

from django.urls import reverse

from daifa.catalog.models import Observation
from daifa.screening.models import ScreenRow


def url(personas, supplier):
    return reverse("supplier_facts", args=[personas.workspace.pk, supplier.pk])


def test_a_member_records_a_check_and_the_supplier_is_screened_again(client, personas, screened):
    supplier = screened["S-MID"]
    assert "test_order_ship_hours" in ScreenRow.objects.get(supplier=supplier).to_verify
    client.force_login(personas.bob)
    form = client.get(url(personas, supplier), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert 'name="repeat_rate_pct" value="25.0"' in form
    response = client.post(
        url(personas, supplier),
        {"kind": "check", "note": "test order #88", "repeat_rate_pct": "25",
         "test_order_ship_hours": "20小时", "inventory_consistent": "是",
         "sample_test_passed": "✓"},
    )  # fmt: skip
    assert response.status_code == 302
    supplier.refresh_from_db()
    assert supplier.facts["test_order_ship_hours"] == 20.0
    obs = Observation.objects.get(pk=supplier.fact_sources["test_order_ship_hours"])
    assert obs.kind == "check" and obs.detail == "bob: test order #88"
    assert set(obs.values) == {
        "test_order_ship_hours",
        "inventory_consistent",
        "sample_test_passed",
    }
    # the three checked gates left the to-verify list; the certificates are still unknown
    assert ScreenRow.objects.get(supplier=supplier).to_verify == ["certifications"]


def test_an_unreadable_value_names_the_field_and_stores_nothing(client, personas, screened):
    supplier = screened["S-MID"]
    client.force_login(personas.alice)
    before = Observation.objects.count()
    html = client.post(
        url(personas, supplier), {"kind": "manual", "repeat_rate_pct": "很高", "moq": "-3"},
        HTTP_ACCEPT_LANGUAGE="en",
    ).content.decode()  # fmt: skip
    assert "nothing was saved" in html and "很高" in html and "-3" in html
    assert Observation.objects.count() == before


def test_charlie_cannot_read_or_change_alices_supplier(client, personas, screened):
    client.force_login(personas.charlie)
    supplier = screened["S-MID"]
    assert client.get(url(personas, supplier)).status_code == 404
    assert client.post(url(personas, supplier), {"kind": "manual", "moq": "1"}).status_code == 404
    supplier.refresh_from_db()
    assert "moq" not in supplier.facts or supplier.facts["moq"] == 2


def test_yes_no_facts_are_prefilled_in_the_pages_language(client, personas, screened):
    """Not JSON's true/false inside the Chinese form (issue #10 pt 9)."""
    client.force_login(personas.alice)
    zh = client.get(url(personas, screened["S-MID"]), HTTP_ACCEPT_LANGUAGE="zh-hans")
    html = zh.content.decode()
    assert 'name="dropship_supported" value="是"' in html
    assert 'value="true"' not in html and 'value="false"' not in html
    en = client.get(url(personas, screened["S-FAIL"]), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert 'name="dropship_supported" value="no"' in en
