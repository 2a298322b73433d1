"""The orders' columns are defined once, in the schema (issue #12, smaller items)."""

from __future__ import annotations

from daifa.demo import ORDER_COLUMNS as DEMO_ORDER_COLUMNS
from daifa.demo import generate_demo
from daifa.engine import schema
from daifa.engine.profile import Profile
from daifa.engine.scorecard import _kpis


def test_the_kpis_read_the_schemas_order_columns_and_the_demo_writes_the_file_layout():
    assert _kpis.ORDER_COLUMNS is schema.ORDER_COLUMNS
    assert _kpis.ORDER_STATUSES is schema.ORDER_STATUSES
    assert DEMO_ORDER_COLUMNS is schema.ORDER_FILE_COLUMNS
    for name, dtype in schema.ORDER_COLUMNS.items():
        assert schema.ORDER_FILE_COLUMNS[name] == dtype


def test_the_demos_orders_are_what_the_kpis_read():
    orders = generate_demo(seed=3, suppliers=30, offers=60).orders
    kpis = _kpis.kpi_frame(orders, Profile.default())
    assert kpis.height == orders["supplier_id"].n_unique()
