"""The worked example of docs/costing.md as a workspace's own cards, rates and settings."""

from __future__ import annotations

import pytest
from django.utils import timezone
from tests.costs.cases import BULK, DUTIES, LINES, PLATFORMS, SETTINGS

from daifa.costs.services import cost_files_import, cost_rates_save


@pytest.fixture
def worked_example(personas):
    """alice's workspace: the worked example's cards and settings, 1 USD = 7 CNY set today."""
    workspace = personas.workspace
    cost_files_import(
        workspace=workspace,
        user=personas.alice,
        files={
            "lines.toml": LINES,
            "bulk.toml": BULK,
            "platforms.toml": PLATFORMS,
            "duties.toml": DUTIES,
            "settings.toml": SETTINGS,
        },
    )
    cost_rates_save(
        workspace=workspace,
        user=personas.alice,
        as_of=timezone.localdate(),
        cny_per_unit={"USD": 7.0},
    )
    return workspace
