"""Every page that shows a verdict says which offer it judges, and recording a
check lands on that offer (issue 10, points 3, 4, 7, 8)."""

from __future__ import annotations

from django.urls import reverse

from daifa.catalog.models import Observation
from daifa.catalog.services import supplier_record_facts
from daifa.screening.models import ScreenRow


def url(name, personas, *args):
    return reverse(name, args=[personas.workspace.pk, *args])


def judged(supplier) -> ScreenRow:
    return ScreenRow.objects.select_related("offer").get(supplier=supplier, is_best=True)


# ------------------------------------------------------------------ 3: recorded checks


def test_the_facts_form_opens_on_the_offer_the_verdict_is_about(client, personas, two_offers):
    client.force_login(personas.alice)
    row = judged(two_offers)
    assert row.offer.external_id == "O-JUDGED" and row.offer.position > 0
    html = client.get(
        url("supplier_facts", personas, two_offers.pk), HTTP_ACCEPT_LANGUAGE="en"
    ).content.decode()
    assert f'<option value="{row.offer_id}" selected>' in html
    assert "The supplier's verdict is about this offer: 新款耳机 (offer O-JUDGED)" in html
    first = two_offers.offers.get(external_id="O-FIRST")
    other = client.get(
        url("supplier_facts", personas, two_offers.pk),
        {"offer": first.pk},
        HTTP_ACCEPT_LANGUAGE="en",
    ).content.decode()
    assert "The supplier's verdict is about another offer: 新款耳机 (offer O-JUDGED)" in other
    assert f'href="?offer={row.offer_id}"' in other


def test_recording_without_an_offer_targets_the_judged_offer(personas, two_offers):
    obs = supplier_record_facts(
        supplier=two_offers,
        values={"inventory_consistent": True},
        kind=Observation.Kind.CHECK,
        detail="小号",
    )
    assert obs.offer.external_id == "O-JUDGED"
    assert two_offers.offers.get(external_id="O-JUDGED").facts["inventory_consistent"] is True
    assert "inventory_consistent" not in two_offers.offers.get(external_id="O-FIRST").facts


def test_supplier_page_and_list_row_name_the_judged_offer(client, personas, two_offers):
    client.force_login(personas.alice)
    page = client.get(
        url("supplier_detail", personas, two_offers.pk), HTTP_ACCEPT_LANGUAGE="en"
    ).content.decode()
    assert "This verdict is about the offer" in page and "(offer O-JUDGED)" in page
    row = judged(two_offers)
    assert f"/facts/?offer={row.offer_id}" in page
    listing = client.get(url("supplier_list", personas), HTTP_ACCEPT_LANGUAGE="en").content
    assert "新款耳机" in listing.decode() and "O-JUDGED" in listing.decode()
