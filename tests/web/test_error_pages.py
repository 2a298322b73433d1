"""Error pages speak the seller's language and keep the workbench's navigation (issue #10 pt 9)."""

from __future__ import annotations

import pytest
from django.template.loader import render_to_string

pytestmark = pytest.mark.django_db


def test_a_missing_supplier_page_is_a_workbench_page_in_chinese(client, personas):
    client.force_login(personas.alice)
    response = client.get(f"/w/{personas.workspace.pk}/suppliers/999999/")
    assert response.status_code == 404
    html = response.content.decode()
    assert "找不到这个页面" in html and "Not Found" not in html
    assert f'href="/w/{personas.workspace.pk}/suppliers/"' in html  # the workspace's nav


def test_a_missing_page_in_english_and_outside_any_workspace(client, personas):
    client.force_login(personas.alice)
    client.cookies["django_language"] = "en"
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    html = response.content.decode()
    assert "Page not found" in html and 'lang="en"' in html
    assert "/w/" not in html  # no workspace nav where there is no workspace


def test_another_users_workspace_gets_no_navigation(client, personas):
    client.force_login(personas.charlie)
    response = client.get(f"/w/{personas.workspace.pk}/")
    assert response.status_code == 404
    assert f"/w/{personas.workspace.pk}/suppliers/" not in response.content.decode()


def test_the_server_error_page_is_bilingual():
    html = render_to_string("500.html")
    assert "出错了" in html and "Server error" in html
