"""After a write, the page the seller is sent to shows the new verdict (issue #12, P1)."""

from __future__ import annotations

import pytest
from django.test import override_settings
from django.urls import reverse

from daifa.accounts.models import Workspace
from daifa.screening.models import ScreenRow

# Tasks queued, never run: the production ordering (a worker runs them later),
# which tests/settings.py's immediate backend hides.
QUEUED = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}

CHECKS = {"kind": "check", "note": "test order", "test_order_ship_hours": "20小时",
          "inventory_consistent": "是", "sample_test_passed": "✓"}  # fmt: skip


@override_settings(TASKS=QUEUED)
def test_the_page_after_add_or_correct_facts_shows_the_new_verdict(client, personas, screened):
    supplier = screened["S-MID"]
    page = reverse("supplier_detail", args=[personas.workspace.pk, supplier.pk])
    client.force_login(personas.alice)
    before = client.get(page, HTTP_ACCEPT_LANGUAGE="en").content.decode()  # now cached
    assert 'class="status-unknown" id="c-test_order_ship_hours"' in before
    facts = reverse("supplier_facts", args=[personas.workspace.pk, supplier.pk])
    response = client.post(facts, CHECKS, HTTP_ACCEPT_LANGUAGE="en", follow=True)
    html = response.content.decode()
    assert response.redirect_chain[-1][0] == page
    assert 'class="status-pass" id="c-test_order_ship_hours"' in html
    assert 'id="rescreening"' not in html
    workspace = Workspace.objects.get(pk=personas.workspace.pk)
    assert workspace.screened_version == workspace.data_version > 0


@override_settings(TASKS=QUEUED)
def test_a_queued_rescreening_is_announced_until_it_lands(client, personas, screened):
    from daifa.screening.tasks import refresh_workspace
    from daifa.workbench.actions import workspace_changed

    client.force_login(personas.alice)
    page = reverse("supplier_list", args=[personas.workspace.pk])
    assert 'id="rescreening"' not in client.get(page).content.decode()
    done = workspace_changed(workspace=personas.workspace)
    assert done.how == "queued"
    assert 'id="rescreening"' in client.get(page).content.decode()
    refresh_workspace.call(personas.workspace.pk, done.version)
    assert 'id="rescreening"' not in client.get(page).content.decode()


def test_queued_rescreenings_drop_themselves_once_a_newer_one_ran(personas, screened, monkeypatch):
    from daifa.screening import tasks

    runs = []
    monkeypatch.setattr(tasks, "screening_refresh", lambda **kw: runs.append(kw))
    workspace = Workspace.objects.get(pk=personas.workspace.pk)
    workspace.screened_version = 7
    workspace.save()
    tasks.refresh_workspace.call(workspace.pk, 5)  # already screened
    Workspace.objects.filter(pk=workspace.pk).update(queued_version=9)
    tasks.refresh_workspace.call(workspace.pk, 8)  # a newer one is queued
    assert runs == []
    tasks.refresh_workspace.call(workspace.pk, 9)
    assert len(runs) == 1


@override_settings(TASKS=QUEUED)
def test_suppliers_changed_rescreens_them_at_once(personas, screened):
    from daifa.workbench.actions import suppliers_changed

    supplier = screened["S-MID"]
    supplier.facts["test_order_ship_hours"] = 20.0
    supplier.save()
    done = suppliers_changed(workspace=personas.workspace, supplier_ids=[supplier.pk], by=None)
    assert done.how == "screened"
    assert "test_order_ship_hours" not in ScreenRow.objects.get(supplier=supplier).to_verify


@pytest.mark.parametrize("offers", [1])
def test_a_write_that_changes_nothing_leaves_the_workspace_screened(personas, screened, offers):
    from daifa.workbench.actions import facts_record

    supplier = screened["S-MID"]
    assert facts_record(supplier=supplier, values={}, kind="manual", detail="x") is None
    workspace = Workspace.objects.get(pk=personas.workspace.pk)
    assert workspace.screened_version == workspace.data_version
