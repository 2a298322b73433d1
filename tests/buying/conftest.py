"""A workspace with two suppliers of one product group, their offers, and a fixed clock."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

import pytest

from daifa.buying import clock
from daifa.buying.services import agreement_create, agreement_defaults
from daifa.catalog.models import Offer, Supplier

T0 = datetime(2026, 11, 2, 9, 0, tzinfo=UTC)
TIERS = [
    {"min_qty": 50, "max_qty": 199, "price_cny": 12.5},
    {"min_qty": 200, "max_qty": None, "price_cny": 11.8},
]


@dataclass
class Shop:
    workspace: object
    supplier: object
    offer: object
    backup_supplier: object
    backup_offer: object
    agreement: object


@pytest.fixture
def fixed_clock():
    clock.fix(T0)
    yield T0
    clock.fix(None)


@pytest.fixture
def shop(personas, fixed_clock) -> Shop:
    ws = personas.workspace
    supplier = Supplier.objects.create(
        workspace=ws,
        external_id="shenzhen-audio",
        name="深圳市声悦电子有限公司",
        facts={"uscc": "91440300MA5TEST01X"},
    )
    offer = Offer.objects.create(
        workspace=ws,
        supplier=supplier,
        external_id="610001",
        title="蓝牙耳机 TWS-5",
        product_group="耳机-01",
        facts={"price_tiers": TIERS, "moq": 50},
    )
    backup_supplier = Supplier.objects.create(
        workspace=ws, external_id="dongguan-sound", name="东莞市好声音科技"
    )
    backup_offer = Offer.objects.create(
        workspace=ws,
        supplier=backup_supplier,
        external_id="620002",
        title="TWS 蓝牙耳机",
        product_group="耳机-01",
        facts={"price_tiers": [{"min_qty": 30, "max_qty": None, "price_cny": 13.2}], "moq": 30},
    )
    terms = agreement_defaults(supplier=supplier)
    terms["buyer"] = {"name": "Alice Trading", "contact": "alice@example.com", "uscc": ""}
    agreement = agreement_create(workspace=ws, supplier=supplier, terms=terms, by=personas.alice)
    return Shop(ws, supplier, offer, backup_supplier, backup_offer, agreement)
