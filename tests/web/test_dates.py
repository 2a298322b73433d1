"""One time-zone rule: every date a page shows is in the workspace's zone (issue #10 pt 10).

A value recorded at 17:20 UTC on 6 December is 01:20 on 7 December in
Shanghai: the evidence date and the history must both say the 7th.
"""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from daifa.catalog.services import supplier_record_facts
from daifa.screening.services import screening_refresh

pytestmark = pytest.mark.django_db

LATE_EVENING_UTC = datetime(2026, 12, 6, 17, 20, tzinfo=UTC)


def _page(client, personas, screened) -> str:
    supplier = screened["S-MID"]
    supplier_record_facts(
        supplier=supplier,
        values={"response_minutes": 7.0},
        kind="check",
        detail="alice: asked on WangWang",
        observed_at=LATE_EVENING_UTC,
    )
    screening_refresh(workspace=personas.workspace)
    client.force_login(personas.alice)
    response = client.get(f"/w/{personas.workspace.pk}/suppliers/{supplier.pk}/")
    assert response.status_code == 200
    return response.content.decode()


def _row(html: str, row_id: str) -> str:
    start = html.index(f'id="{row_id}"')
    return html[start : html.index("</tr>", start)]


def test_the_workspace_zone_is_shanghai_by_default(personas):
    assert personas.workspace.time_zone == "Asia/Shanghai"


def test_evidence_and_history_agree_in_the_workspace_zone(client, personas, screened):
    html = _page(client, personas, screened)
    evidence = _row(html, "c-response_minutes")
    assert "2026-12-07" in evidence and "2026-12-06" not in evidence
    assert "2026-12-07 01:20" in html.split('class="history"')[1]


def test_another_zone_moves_every_date_with_it(client, personas, screened):
    personas.workspace.time_zone = "UTC"
    personas.workspace.save()
    html = _page(client, personas, screened)
    assert "2026-12-06" in _row(html, "c-response_minutes")
    assert "2026-12-06 17:20" in html.split('class="history"')[1]


def test_an_unknown_zone_is_refused(personas):
    from django.core.exceptions import ValidationError

    personas.workspace.time_zone = "Mars/Olympus"
    with pytest.raises(ValidationError, match="Mars/Olympus"):
        personas.workspace.full_clean()


def test_the_dashboard_says_when_it_was_screened_in_the_workspace_zone(client, personas, screened):
    from daifa.screening.models import ScreenRow

    ScreenRow.objects.filter(workspace=personas.workspace).update(computed_at=LATE_EVENING_UTC)
    client.force_login(personas.alice)
    html = client.get(f"/w/{personas.workspace.pk}/").content.decode()
    assert "2026-12-07 01:20" in html and "2026-12-06 17:20" not in html
