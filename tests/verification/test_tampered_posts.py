"""Posted ids that are not numbers are refused or ignored, never a server error
(found while typing the views, issue #12)."""

from __future__ import annotations

from django.urls import reverse

from daifa.verification.models import Check


def test_an_offer_id_that_is_not_a_number_adds_the_check_for_the_judged_offer(
    client, personas, screened
):
    client.force_login(personas.bob)
    supplier = screened["S-MID"]
    url = reverse("verification:supplier_checks", args=[personas.workspace.pk, supplier.pk])
    response = client.post(url, {"add": "stock_probe", "offer": "abc"})
    assert response.status_code == 302
    check = Check.objects.get(supplier=supplier)
    assert check.type == "stock_probe" and check.offer is not None
