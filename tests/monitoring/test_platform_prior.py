"""1688's own 30-day rates as the KPI prior (issue #17's option): where the 1688 sync
stored a supplier's 品质退货率, its return-rate estimate is pulled toward that rate,
with the workspace prior's strength, and the KPI card says so."""

from __future__ import annotations

from datetime import UTC, datetime

from django.urls import reverse

from daifa.catalog.models import Observation, Supplier
from daifa.monitoring.selectors import platform_rates, workspace_kpis
from tests.monitoring.conftest import order_rows

N = 40
RETURNS = {"S-BEST": 4, "S-CHEAP": 10}


def _observe(supplier: Supplier, raw: dict, at: datetime) -> None:
    Observation.objects.create(
        workspace=supplier.workspace, supplier=supplier, kind=Observation.Kind.API,
        detail="1688 offer search", observed_at=at, raw=raw,
    )  # fmt: skip


def _setup(personas, store) -> Supplier:
    ws = personas.workspace
    best = Supplier.objects.get(workspace=ws, external_id="S-BEST")
    # An older observation said otherwise; the newest one with the rate counts.
    _observe(best, {"quality_return_30d_pct": 9.0}, datetime(2026, 1, 1, tzinfo=UTC))
    _observe(best, {"quality_return_30d_pct": 2.0, "quality_refund_30d_pct": 7.5,
                    "trade_medal_level": 3}, datetime(2026, 6, 1, tzinfo=UTC))  # fmt: skip
    for supplier, returns in RETURNS.items():
        store(order_rows(supplier, N, returns=returns, start=100 * len(supplier)))
    return best


def test_the_1688_rate_centres_the_prior_by_hand(personas, screened, no_decay, store):
    _setup(personas, store)
    assert platform_rates(personas.workspace) == {"S-BEST": {"kpi_return_rate": 0.02}}
    # The workspace prior by hand (method of moments over the two suppliers' counts).
    total = 2 * N
    mu = (sum(RETURNS.values()) + 0.5) / (total + 1)
    spread = sum(N * (r / N - mu) ** 2 for r in RETURNS.values())
    tau2 = (spread - mu * (1 - mu)) / (total - 2 * N * N / total - 1)
    strength = min(max(mu * (1 - mu) / tau2 - 1, 1.0), total)
    found = {k.key: k for k in workspace_kpis(personas.workspace) if k.kpi == "kpi_return_rate"}
    best, cheap = found["S-BEST"], found["S-CHEAP"]
    assert best.prior == "1688" and cheap.prior == "workspace"
    assert abs(best.shrunk - (4 + 0.02 * strength) / (N + strength)) < 1e-12
    assert abs(cheap.shrunk - (10 + mu * strength) / (N + strength)) < 1e-12
    # Only the estimate moves: the interval and the verdict are the supplier's own orders.
    assert best.rate == 4 / N and best.as_dict()["prior"] == "1688"
    others = [k for k in workspace_kpis(personas.workspace) if k.kpi != "kpi_return_rate"]
    assert {k.prior for k in others} == {"workspace"}


def test_the_kpi_card_says_which_prior(client, personas, screened, no_decay, store):
    best = _setup(personas, store)
    ws = personas.workspace
    client.force_login(personas.alice)
    cheap = Supplier.objects.get(workspace=ws, external_id="S-CHEAP")

    def card(supplier: Supplier, lang: str) -> str:
        page = reverse("supplier_detail", args=[ws.pk, supplier.pk])
        text = client.get(page, HTTP_ACCEPT_LANGUAGE=lang).content.decode()
        return text[text.index('id="kpis"') :]

    assert card(best, "zh-hans").count("先验：1688 近 30 天") == 1
    assert card(best, "en").count("prior: 1688, last 30 days") == 1
    assert "prior-1688" not in card(cheap, "zh-hans")
