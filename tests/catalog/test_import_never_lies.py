"""An import never lies (issue #11, F1): what the screening would refuse is found
before anything is stored, by row, column and value; the re-screen runs after the
import's transaction and a workspace with bad stored data stays usable."""

from __future__ import annotations

import json

import pytest

from daifa.accounts.models import Workspace
from daifa.catalog.models import ImportBatch, Offer, Supplier
from daifa.cli import main
from daifa.engine.profile import Profile
from daifa.screening.models import ScreenRow
from daifa.screening.services import profile_save

pytestmark = pytest.mark.django_db(transaction=True)

BASE = "supplier_id,supplier_name,unit_price_cny\nS1,甲,12.5\nS2,乙,8\n"
TRIGGERS = {
    "paid_after_shipped": (
        "supplier_id,test_order_paid_at,test_order_shipped_at\n"
        "S1,2024-05-02 10:00,2024-05-01 10:00\n",
        "test_order_shipped_at",
        "2024-05-01",
    ),
    "transit_min_above_max": (
        "supplier_id,transit_days_min,transit_days_max\nS1,20,5\n",
        "transit_days_max",
        "5",
    ),
    "excel_serial_zero": (
        "supplier_id,test_order_paid_at,test_order_shipped_at\nS1,2024-05-02 10:00,00000\n",
        "test_order_shipped_at",
        "00000",
    ),
    "excel_epoch_date": (
        "supplier_id,test_order_paid_at,test_order_shipped_at\nS1,2024-05-02 10:00,1899-12-30\n",
        "test_order_shipped_at",
        "1899-12-30",
    ),
}


def _export(tmp_path, name, tag):
    out = tmp_path / f"{name}-{tag}.csv"
    assert main(["export", "--workspace", name, "--format", "csv", "--out", str(out)]) == 0
    return out.read_bytes()


def _seed(tmp_path, name="w"):
    base = tmp_path / "base.csv"
    base.write_text(BASE, encoding="utf-8")
    assert main(["import", str(base), "--workspace", name]) == 0
    return Workspace.objects.get(name=name)


@pytest.mark.parametrize("trigger", sorted(TRIGGERS))
def test_a_value_the_screening_refuses_is_reported_by_row_and_nothing_is_stored(
    tmp_path, capsys, trigger
):
    text, field, value = TRIGGERS[trigger]
    _seed(tmp_path)
    before = _export(tmp_path, "w", "before")
    batches = ImportBatch.objects.count()
    bad = tmp_path / f"{trigger}.csv"
    bad.write_text(text, encoding="utf-8")
    capsys.readouterr()

    code = main(["import", str(bad), "--workspace", "w", "--format", "json", "--lang", "en"])
    out = capsys.readouterr()
    assert code == 1 and "Traceback" not in out.err
    payload = json.loads(out.out)
    assert payload["ok"] is False
    problem = next(p for p in payload["problems"] if p["field"] == field)
    assert problem["row"] == 2 and value in problem["value"]
    assert problem["reason_en"] and problem["reason_zh"]
    assert _export(tmp_path, "w", "after") == before
    assert ImportBatch.objects.count() == batches

    # ... and the workspace still takes a valid file.
    good = tmp_path / "good.csv"
    good.write_text("supplier_id,unit_price_cny\nS3,9.9\n", encoding="utf-8")
    assert main(["import", str(good), "--workspace", "w"]) == 0


def test_the_order_check_spans_the_file_and_what_is_stored(tmp_path, capsys):
    first = tmp_path / "paid.csv"
    first.write_text("supplier_id,test_order_paid_at\nS1,2024-05-02 10:00\n", encoding="utf-8")
    assert main(["import", str(first), "--workspace", "w"]) == 0
    second = tmp_path / "shipped.csv"
    second.write_text("supplier_id,test_order_shipped_at\nS1,2024-05-01 09:00\n", encoding="utf-8")
    capsys.readouterr()
    assert main(["import", str(second), "--workspace", "w", "--lang", "en"]) == 1
    err = capsys.readouterr().err
    assert "test_order_shipped_at" in err and "row 2" in err and "nothing was imported" in err
    assert "test_order_shipped_at" not in Supplier.objects.get(external_id="S1").facts


def _poison(workspace):
    """Values an older version let in, written straight to the database."""
    supplier = Supplier.objects.get(workspace=workspace, external_id="S1")
    supplier.facts.update(
        test_order_paid_at="2024-05-02T10:00:00",
        test_order_shipped_at="1899-12-30T00:00:00",
        transit_days_min=20.0,
        transit_days_max=5.0,
    )
    supplier.save()


def test_a_workspace_with_bad_stored_data_still_imports_valid_files_and_saves_the_profile(
    tmp_path, capsys
):
    workspace = _seed(tmp_path)
    _poison(workspace)
    good = tmp_path / "good.csv"
    good.write_text("supplier_id,supplier_name,unit_price_cny\nS1,甲,11\nS3,丙,7\n", "utf-8")
    capsys.readouterr()
    assert main(["import", str(good), "--workspace", "w", "--format", "json"]) == 0
    payload = json.loads(capsys.readouterr().out)
    assert payload["screening"] == {"ok": True}
    assert (
        ScreenRow.objects.filter(workspace=workspace).count()
        == Offer.objects.filter(workspace=workspace).count()
    )
    lenient = Profile.default().replace(grades={"A": 0.0, "B": 0.0, "C": 0.0, "min_coverage": {}})
    profile_save(workspace=workspace, profile=lenient)
    assert ScreenRow.objects.filter(workspace=workspace, grade="A").exists()


def test_a_failed_rescreen_does_not_turn_a_committed_import_into_exit_1(
    tmp_path, capsys, monkeypatch
):
    _seed(tmp_path)
    import daifa.screening.services as services

    def broken(*args, **kwargs):
        raise RuntimeError("engine down")

    monkeypatch.setattr(services, "run_screen", broken)
    good = tmp_path / "good.csv"
    good.write_text("supplier_id,unit_price_cny\nS9,1\n", encoding="utf-8")
    capsys.readouterr()
    assert main(["import", str(good), "--workspace", "w", "--format", "json", "--lang", "en"]) == 0
    out = capsys.readouterr()
    assert json.loads(out.out)["screening"]["ok"] is False
    assert "were imported, but the re-screening failed" in out.err and "Traceback" not in out.err
    assert Supplier.objects.filter(external_id="S9").exists()


def test_an_id_longer_than_the_database_allows_is_a_row_error(tmp_path, capsys):
    _seed(tmp_path)
    before = _export(tmp_path, "w", "before")
    bad = tmp_path / "long.csv"
    bad.write_text(f"supplier_id,unit_price_cny\n{'X' * 101},1\nS5,2\n", encoding="utf-8")
    capsys.readouterr()
    assert main(["import", str(bad), "--workspace", "w", "--format", "json", "--lang", "en"]) == 1
    payload = json.loads(capsys.readouterr().out)
    assert [(p["row"], p["code"]) for p in payload["problems"]] == [(2, "id_too_long")]
    assert _export(tmp_path, "w", "after") == before
