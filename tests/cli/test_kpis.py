"""`daifa kpis` and `daifa alerts`: per supplier and KPI n, events, rate, lower, upper, status."""

from __future__ import annotations

import csv
import io
import json

import pytest
from tests.monitoring.conftest import order_rows

from daifa.catalog.models import Supplier
from daifa.cli import _django, main
from daifa.monitoring import stats
from daifa.monitoring.services import alerts_evaluate, orders_store, settings_save

pytestmark = pytest.mark.django_db


@pytest.fixture
def shop():
    workspace = _django.workspace("店铺A", create=True)
    for sid, name in (("S-1", "好店"), ("S-2", '=HYPERLINK("x")')):
        Supplier.objects.create(workspace=workspace, external_id=sid, name=name)
    settings_save(workspace=workspace, half_life_days=None)
    rows = order_rows("S-1", 40, returns=12) + order_rows("S-2", 3, start=100)
    assert orders_store(workspace=workspace, rows=rows)[2] == []
    alerts_evaluate(workspace=workspace)
    return workspace


def run(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_kpis_json_has_the_bounds_and_status(shop, capsys):
    code, out, _ = run(capsys, "kpis", "--workspace", "店铺A", "--format", "json")
    assert code == 0
    rows = json.loads(out)
    ret = next(r for r in rows if r["supplier_id"] == "S-1" and r["kpi"] == "kpi_return_rate")
    low, high = stats.clopper_pearson(12, 40)
    assert (ret["n"], ret["events"], ret["status"]) == (40, 12, "fail")
    assert ret["rate"] == pytest.approx(30.0)
    assert ret["lower"] == pytest.approx(low * 100, abs=1e-3)
    assert ret["upper"] == pytest.approx(high * 100, abs=1e-3)
    small = next(r for r in rows if r["supplier_id"] == "S-2" and r["kpi"] == "kpi_return_rate")
    assert (small["n"], small["events"], small["status"]) == (3, 0, "warn")
    assert small["more_orders"] > 0


def test_kpis_for_one_supplier_as_csv(shop, capsys):
    code, out, _ = run(
        capsys, "kpis", "--workspace", "店铺A", "--supplier", "S-2", "--format", "csv"
    )
    assert code == 0
    rows = list(csv.DictReader(io.StringIO(out)))
    assert {r["supplier_id"] for r in rows} == {"S-2"}
    assert {"n", "events", "rate", "lower", "upper", "status"} <= set(rows[0])
    assert len(rows) == len(stats.KPI_IDS)


def test_kpis_table(shop, capsys):
    code, out, _ = run(capsys, "kpis", "--workspace", "店铺A")
    assert code == 0 and "kpi_return_rate" in out and "fail" in out


def test_unknown_workspace_or_supplier_exits_1_in_both_languages(shop, capsys):
    code, _, err = run(capsys, "kpis", "--workspace", "nope")
    assert code == 1 and "no workspace" in err and "工作区" in err
    code, _, err = run(capsys, "kpis", "--workspace", "店铺A", "--supplier", "S-9")
    assert code == 1 and "S-9" in err and "供应商" in err


def test_alerts_with_rule_and_evidence(shop, capsys):
    code, out, _ = run(capsys, "alerts", "--workspace", "店铺A", "--format", "json")
    assert code == 0
    alerts = json.loads(out)
    assert [a["rule"] for a in alerts] == ["kpi_breach"]
    assert alerts[0]["supplier_id"] == "S-1" and "12 of 40 orders" in alerts[0]["evidence"]
    code, out, _ = run(capsys, "alerts", "--workspace", "店铺A", "--lang", "zh", "--format", "csv")
    assert code == 0 and "12 / 40 单" in out
    code, out, _ = run(capsys, "alerts", "--workspace", "店铺A", "--state", "resolved")
    assert code == 0 and "kpi_breach" not in out


def test_csv_neutralises_formulas(shop, capsys):
    shop.alerts.update(title_en='=HYPERLINK("x")')
    code, out, _ = run(capsys, "alerts", "--workspace", "店铺A", "--format", "csv")
    assert "'=HYPERLINK" in out
