"""Workspace-level pages that stay in the catalog app: the index and access rules."""

from __future__ import annotations

from django.test import override_settings
from django.urls import reverse


def test_pages_require_login(client, personas):
    response = client.get(reverse("dashboard", args=[personas.workspace.pk]))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_index_takes_a_single_workspace_member_straight_to_it(client, personas):
    client.force_login(personas.bob)
    response = client.get(reverse("index"))
    assert response.status_code == 302
    assert response["Location"] == reverse("dashboard", args=[personas.workspace.pk])


def test_index_lists_only_my_workspaces(client, personas):
    from daifa.accounts.services import workspace_create

    workspace_create(owner=personas.alice, name="Second")
    client.force_login(personas.alice)
    html = client.get(reverse("index")).content.decode()
    assert "Alice&#x27;s suppliers" in html and "Second" in html
    assert "Charlie" not in html


def test_every_response_carries_a_content_security_policy(client, personas):
    client.force_login(personas.alice)
    response = client.get(reverse("dashboard", args=[personas.workspace.pk]))
    assert "default-src 'self'" in response["Content-Security-Policy"]
    assert "script-src 'self'" in response["Content-Security-Policy"]


@override_settings(LOCAL_MODE=True)
def test_local_mode_signs_in_the_local_user(client, db):
    response = client.get(reverse("index"))
    assert response.status_code == 200
    assert response.wsgi_request.user.username == "local"


def test_language_follows_the_browser(client, personas):
    client.force_login(personas.alice)
    url = reverse("supplier_list", args=[personas.workspace.pk])
    assert "供应商" in client.get(url, HTTP_ACCEPT_LANGUAGE="zh-CN").content.decode()
    assert "Suppliers" in client.get(url, HTTP_ACCEPT_LANGUAGE="en").content.decode()


def test_logging_in_lands_on_my_workspace(client, personas):
    response = client.post(
        reverse("login"), {"username": "alice", "password": "alice-password-1"}, follow=True
    )
    assert response.redirect_chain[-1][0] == reverse("dashboard", args=[personas.workspace.pk])
