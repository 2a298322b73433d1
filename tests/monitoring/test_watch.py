"""Offer watch: 1688 API through an injected transport (recorded fixtures) or stored facts;
price/stock history, landed cost at the seller's quantity, alerts, one worker per watch."""

from __future__ import annotations

import copy
from datetime import timedelta

import httpx
import pytest
from django.utils import timezone

from daifa.catalog.models import Offer
from daifa.monitoring.models import Alert, OfferObservation, OfferWatch
from daifa.monitoring.services import settings_save
from daifa.monitoring.watch import (
    _claim,
    from_api,
    from_facts,
    offer_watch_set,
    watch_run,
    watches_ensure,
)
from daifa.sourcing.client import client_for
from tests.monitoring.conftest import order_rows
from tests.sourcing.conftest import DETAIL, Script, connect, detail_answer


def answer(price: str, stock: int, spec: str = "spec-a"):
    body = copy.deepcopy(detail_answer())
    result = body["result"]["result"]
    result["productSaleInfo"]["priceRangeList"] = [{"startQuantity": 1, "price": price}]
    sku = result["productSkuInfos"][0]
    sku.update(specId=spec, skuId=1, amountOnSale=stock, price=price)
    return body


@pytest.fixture
def watched(personas, screened):
    ws = personas.workspace
    offer = Offer.objects.get(workspace=ws, external_id="O-S-BEST")
    offer.external_id = "34513534353434"  # a real-looking 1688 offer id for the API
    offer.save()
    settings_save(workspace=ws, quantity=20)
    return offer_watch_set(workspace=ws, offer=offer, watched=True)


def api(ws, *answers):
    script = Script()
    script.add(DETAIL, *answers)
    connect(ws)
    return from_api(client_for(ws, transport=httpx.MockTransport(script))), script


def test_api_checks_keep_history_and_raise_price_stock_and_sku_alerts(personas, watched):
    ws = personas.workspace
    fetch, script = api(ws, answer("10", 500), answer("11.5", 5), answer("11.5", 500, "spec-b"))
    now = timezone.now()
    result = watch_run(workspace=ws, fetch=fetch, now=now)
    assert result == {"checked": 1, "failed": 0}, OfferWatch.objects.get().last_error
    assert Alert.objects.count() == 0
    first = OfferObservation.objects.get()
    assert (first.sku, first.price_cny, first.stock, first.source) == ("spec-a", 10, 500, "api")
    # Not due again yet: nothing is fetched.
    assert watch_run(workspace=ws, fetch=fetch, now=now + timedelta(hours=1))["checked"] == 0
    later = now + timedelta(hours=7)
    watch_run(workspace=ws, fetch=fetch, now=later)
    rules = sorted(Alert.objects.values_list("rule", flat=True))
    assert rules == ["low_stock", "price_rise"]  # +15 % > 10 %; 5 in stock < 20 needed
    rise = Alert.objects.get(rule="price_rise")
    assert "¥10" in rise.evidence_en and "¥11.5" in rise.evidence_en and rise.offer == watched.offer
    watch_run(workspace=ws, fetch=fetch, now=later + timedelta(hours=7))
    assert Alert.objects.filter(rule="sku_gone").count() == 1
    assert "spec-a" in Alert.objects.get(rule="sku_gone").title_en
    assert OfferObservation.objects.filter(offer=watched.offer).count() == 3
    assert len(script.params(DETAIL)) == 3


def test_landed_cost_and_margin_are_recomputed_at_the_sellers_quantity(personas, watched):
    ws = personas.workspace
    fetch, _ = api(ws, answer("10", 500), answer("20", 500))
    now = timezone.now()
    watch_run(workspace=ws, fetch=fetch, now=now)
    watch_run(workspace=ws, fetch=fetch, now=now + timedelta(hours=7))
    cheap, dear = OfferObservation.objects.order_by("at")
    assert cheap.landed_cost_cny is not None and dear.landed_cost_cny is not None
    # ¥10 more a unit, plus the duty on it.
    assert 10 <= dear.landed_cost_cny - cheap.landed_cost_cny < 15
    assert dear.margin_pct < cheap.margin_pct


def test_without_the_api_the_stored_facts_are_checked(personas, watched):
    ws = personas.workspace
    assert watch_run(workspace=ws, fetch=from_facts)["checked"] == 1
    obs = OfferObservation.objects.get()
    assert obs.source == "import" and float(obs.price_cny) == 30.0


def test_a_failing_fetch_is_recorded_and_the_others_go_on(personas, watched):
    ws = personas.workspace

    def broken(offer, quantity):
        raise RuntimeError("gateway down")

    assert watch_run(workspace=ws, fetch=broken) == {"checked": 0, "failed": 1}
    watch = OfferWatch.objects.get()
    assert "gateway down" in watch.last_error and watch.claimed_by == ""


def test_one_worker_per_watch(personas, watched):
    now = timezone.now()
    first = _claim(personas.workspace, "worker-a", now, 10)
    second = _claim(personas.workspace, "worker-b", now, 10)
    assert [w.pk for w in first] == [watched.pk] and second == []
    # A claim left by a dead worker runs out.
    assert [w.pk for w in _claim(personas.workspace, "worker-b", now + timedelta(hours=1), 10)] == [
        watched.pk
    ]


def test_ordered_offers_are_watched(personas, screened, store):
    store(order_rows("S-CHEAP", 2))
    assert watches_ensure(workspace=personas.workspace, offer_ids={"O-S-CHEAP"}) == 1
    assert watches_ensure(workspace=personas.workspace, offer_ids={"O-S-CHEAP"}) == 0


def test_the_next_check_waits_in_the_task_worker_once(personas, watched, settings):
    from django_tasks_db.models import DBTaskResult

    from daifa.monitoring.tasks import check_offers, schedule_next_check

    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    ws = personas.workspace
    watch_run(workspace=ws, fetch=from_facts)
    schedule_next_check(ws)
    schedule_next_check(ws)  # a second trigger adds no second chain
    waiting = DBTaskResult.objects.filter(task_path=check_offers.module_path)
    assert waiting.count() == 1
    assert waiting.get().run_after == OfferWatch.objects.get().next_check_at


def test_an_unknown_margin_reads_as_a_dash_without_a_percent_sign(client, personas, watched):
    from decimal import Decimal

    from django.urls import reverse

    ws = personas.workspace
    OfferObservation.objects.create(
        workspace=ws, offer=watched.offer, at=timezone.now(), source="import",
        price_cny=Decimal("9.90"), stock=5, margin_pct=None,
    )  # fmt: skip
    client.force_login(personas.alice)
    page = client.get(reverse("monitoring:watch", args=[ws.pk]), HTTP_ACCEPT_LANGUAGE="en")
    text = page.content.decode()
    assert "margin —<br>" in text and "—%" not in text
