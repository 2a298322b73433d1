"""The demo shows the workflow half-way: checks done, waiting, failed, photos, expiry."""

from __future__ import annotations

from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

from daifa.cli.demo_workspace import demo_workspace_load
from daifa.evidence.services import evidence_path
from daifa.verification.models import Certificate, Check, Quote, SampleItem


def test_the_demo_has_suppliers_half_way_through_verification(client, personas):
    workspace, loaded = demo_workspace_load(
        name="demo", owner=personas.alice, suppliers=60, offers=200
    )
    assert loaded
    done = Check.objects.filter(workspace=workspace, status="done")
    assert done.filter(type="stock_probe", outcome="pass").count() >= 2
    assert done.filter(type="stock_probe", outcome="fail").exists()
    assert Check.objects.filter(workspace=workspace, type="test_order", status="waiting").exists()
    tested = done.filter(type="sample_test")
    assert tested.filter(outcome="pass", is_reference=True).exists()
    assert tested.filter(outcome="fail").exists()
    photos = SampleItem.objects.filter(check_record__in=tested, photo__isnull=False)
    assert photos.count() >= 10
    png = evidence_path(photos.first().photo.sha256).read_bytes()
    assert png.startswith(b"\x89PNG\r\n\x1a\n") and png.endswith(b"IEND\xaeB`\x82")
    soon = timezone.localdate() + timedelta(days=60)
    assert Certificate.objects.filter(workspace=workspace, valid_until__lte=soon).exists()
    assert Quote.objects.filter(workspace=workspace).count() >= 2
    # and the to-verify page shows it to the owner
    client.force_login(personas.alice)
    html = client.get(
        reverse("verification:to_verify", args=[workspace.pk]), HTTP_ACCEPT_LANGUAGE="en"
    ).content.decode()
    assert 'id="expiring"' in html and "waiting for the supplier" in html
