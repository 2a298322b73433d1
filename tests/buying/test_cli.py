"""`daifa order`: the MOQ and blocked-supplier rules hold on the command line too."""

from __future__ import annotations

from datetime import timedelta

import pytest

from daifa.accounts.services import local_user, workspace_create
from daifa.buying import clock
from daifa.catalog.models import Offer, Supplier
from daifa.cli import main
from daifa.lifecycle.services import supplier_stage_change
from daifa.sourcing.models import PurchaseOrder
from tests.buying.conftest import T0, TIERS
from tests.buying.order_exports import EXPORT_COLUMNS, export_rows, write_csv

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def local(db):
    clock.fix(T0)
    ws = workspace_create(owner=local_user(), name="cli-shop")
    supplier = Supplier.objects.create(workspace=ws, external_id="shenzhen-audio", name="声悦")
    Offer.objects.create(
        workspace=ws, supplier=supplier, external_id="610001", title="蓝牙耳机",
        facts={"price_tiers": TIERS, "moq": 50},
    )  # fmt: skip
    yield ws, supplier
    clock.fix(None)


def test_add_records_an_order_at_the_tier_price(local, capsys):
    assert (
        main(["order", "add", "--workspace", "cli-shop", "--offer", "610001", "--quantity", "200"])
        == 0
    )
    order = PurchaseOrder.objects.get(order_id=capsys.readouterr().out.strip())
    assert order.quantity == 200 and str(order.unit_price_cny) == "11.8000"


def test_add_below_moq_is_refused(local, capsys):
    code = main(["order", "add", "--workspace", "cli-shop", "--offer", "610001", "--quantity", "5"])
    assert code == 1 and "低于起订量 50" in capsys.readouterr().err
    assert not PurchaseOrder.objects.exists()


def test_add_for_a_blocked_supplier_is_refused(local, capsys):
    ws, supplier = local
    supplier_stage_change(supplier=supplier, to="blocked", by=local_user(), reason="假货")
    args = ["order", "add", "--workspace", "cli-shop", "--offer", "610001", "--quantity", "60"]
    assert main([*args, "--lang", "en"]) == 1
    assert "is blocked" in capsys.readouterr().err
    assert not PurchaseOrder.objects.exists()


def test_import_and_overdue(local, tmp_path, capsys):
    rows = export_rows(5, T0.replace(tzinfo=None) - timedelta(days=3))
    path = write_csv(tmp_path / "export.csv", EXPORT_COLUMNS, rows)
    assert main(["order", "import", str(path), "--workspace", "cli-shop", "--lang", "en"]) == 0
    assert "3 new" in capsys.readouterr().out
    assert main(["order", "overdue", "--workspace", "cli-shop"]) == 0
    # the first order was paid 3 days ago and never shipped: overdue (seed default 24 h)
    assert rows[0]["订单编号"] in capsys.readouterr().out
    bad = write_csv(tmp_path / "bad.csv", EXPORT_COLUMNS, [{**rows[0], "数量": "x"}])
    assert main(["order", "import", str(bad), "--workspace", "cli-shop"]) == 1
    assert "第 2 行" in capsys.readouterr().err
