"""Claim past deadline, certificate about to expire, backup not ready: each raised once,
with evidence and a next action; silent when off or not due."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from daifa.catalog.models import Offer, Supplier
from daifa.monitoring.models import Alert
from daifa.monitoring.other_rules import (
    BackupFact,
    CertificateFact,
    ClaimFact,
    backups_not_ready,
    certificates_expiring,
    claims_past_deadline,
    other_alerts,
)
from daifa.monitoring.selectors import settings_of
from daifa.monitoring.services import settings_save

NOW = datetime(2026, 12, 6, 12, tzinfo=UTC)


def test_the_rules_by_themselves():
    late = ClaimFact(1, "O1", None, "quality", "sent", NOW - timedelta(hours=1))
    due = ClaimFact(2, "O2", None, "quality", "sent", NOW + timedelta(hours=1))
    undated = ClaimFact(3, "O3", None, "quality", "open", None)
    assert claims_past_deadline([late, due, undated], NOW) == [late]
    soon = CertificateFact(1, None, "CE", "A", date(2026, 12, 30))
    later = CertificateFact(2, None, "CE", "B", date(2027, 3, 1))
    assert certificates_expiring([soon, later], NOW.date(), 30) == [soon]
    ready = BackupFact(1, "SKU", None, None, True, NOW - timedelta(days=2), True)
    empty = BackupFact(2, "SKU", None, None, False, NOW, True)
    stale = BackupFact(3, "SKU", None, None, True, NOW - timedelta(days=30), True)
    gone = BackupFact(4, "SKU", None, None, True, NOW, False)
    assert [(b.pk, why) for b, why in backups_not_ready([ready, empty, stale, gone], NOW)] == [
        (2, "no_stock"), (3, "unchecked"), (4, "gone")
    ]  # fmt: skip


def test_alerts_are_raised_once_and_can_be_turned_off(personas, screened):
    ws = personas.workspace
    best = Supplier.objects.get(workspace=ws, external_id="S-BEST")
    offer = Offer.objects.filter(supplier=best).first()
    sources = {
        "claims": lambda w: [ClaimFact(7, "O7", best, "quality", "sent", NOW - timedelta(days=1))],
        "certificates": lambda w: [CertificateFact(3, best, "CE", "<CE-1>", date(2026, 12, 20))],
        "backups": lambda w: [BackupFact(5, "MY-SKU", offer, best, False, NOW, True)],
    }
    assert other_alerts(workspace=ws, settings=settings_of(ws), now=NOW, sources=sources) == 3
    assert other_alerts(workspace=ws, settings=settings_of(ws), now=NOW, sources=sources) == 0
    rules = dict(Alert.objects.values_list("rule", "evidence_en"))
    assert rules["claim_deadline"].startswith("Due 2026-12-05")
    # The claim's status in words, not its key.
    assert rules["claim_deadline"].endswith("status: sent to the supplier")
    zh = Alert.objects.get(rule="claim_deadline").evidence_zh
    assert zh.endswith("状态：已发给供应商") and "sent" not in zh
    assert "Valid until 2026-12-20" in rules["certificate_expiry"]
    assert rules["backup_not_ready"] == "the backup is out of stock"
    Alert.objects.all().delete()
    settings_save(
        workspace=ws,
        rules={"claim_deadline": {"enabled": False}, "certificate_expiry": {"enabled": True,
               "days": 5}, "backup_not_ready": {"enabled": False}},
    )  # fmt: skip
    assert other_alerts(workspace=ws, settings=settings_of(ws), now=NOW, sources=sources) == 0


def test_the_settings_page_edits_the_rules(client, personas):
    ws = personas.workspace
    client.force_login(personas.alice)
    response = client.post(
        f"/monitoring/w/{ws.pk}/settings/",
        {
            "window_days": 90,
            "half_life_days": 30,
            "clean_orders_to_exit": 8,
            "quantity": 100,
            "price_rise": "on",
            "price_rise_pct": 5,
            "certificate_expiry": "on",
            "certificate_days": 45,
        },  # fmt: skip
    )
    assert response.status_code == 302
    s = settings_of(ws)
    assert (s.window_days, s.half_life_days, s.clean_orders_to_exit, s.quantity) == (90, 30, 8, 100)
    assert s.rule("price_rise") == {"enabled": True, "pct": 5.0}
    assert s.rule("certificate_expiry") == {"enabled": True, "days": 45}
    assert s.rule("kpi_breach")["enabled"] is False
    bad = client.post(f"/monitoring/w/{ws.pk}/settings/",
                      {"window_days": 1, "clean_orders_to_exit": 8, "quantity": 1,
                       "notify_url": "not a url"}, HTTP_ACCEPT_LANGUAGE="en")  # fmt: skip
    assert bad.status_code == 400
    assert "not a notification URL" in bad.content.decode()


def test_a_reader_that_breaks_silences_only_its_rule(personas, screened):
    ws = personas.workspace
    best = Supplier.objects.get(workspace=ws, external_id="S-BEST")

    def broken(workspace):
        raise AttributeError("the other app's model changed")

    sources = {
        "claims": broken,
        "certificates": lambda w: [CertificateFact(3, best, "CE", "X", date(2026, 12, 20))],
        "backups": broken,
    }
    assert other_alerts(workspace=ws, settings=settings_of(ws), now=NOW, sources=sources) == 1
