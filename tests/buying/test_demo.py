"""The demo workspace has agreements, orders in every state (some overdue), claims with
evidence and products with backups."""

from __future__ import annotations

from daifa.buying import clock
from daifa.buying.demo import load_buying_demo
from daifa.buying.models import Agreement, Claim, Product
from daifa.buying.selectors import overdue_orders
from daifa.buying.states import state_of
from daifa.cli.demo_workspace import demo_workspace_load
from daifa.demo.buying import STATES
from daifa.sourcing.models import PurchaseOrder


def test_demo_has_every_state_and_claims_with_evidence(personas):
    workspace, loaded = demo_workspace_load(
        name="demo", seed=7, suppliers=40, offers=160, owner=personas.alice
    )
    assert loaded
    now = clock.now()
    assert Agreement.objects.filter(workspace=workspace).count() == 3
    states = {state_of(o, now) for o in PurchaseOrder.objects.filter(workspace=workspace)}
    expected = {s for s in STATES if s not in ("picked_up_late", "cancelled_no_stock")}
    assert expected | {"cancelled"} <= states
    assert len(overdue_orders(workspace, now)) == 3
    assert PurchaseOrder.objects.filter(workspace=workspace, cancel_reason="no_stock").exists()
    claims = Claim.objects.filter(workspace=workspace)
    assert claims.count() == 4 and all(c.evidence.count() == 1 for c in claims)
    assert all(c.amount_cny > 0 for c in claims if c.kind in ("late_pickup", "quality"))
    products = Product.objects.filter(workspace=workspace)
    assert products.count() == 2 and all(p.links.count() >= 2 for p in products)
    assert load_buying_demo(workspace, seed=7) is False  # once
