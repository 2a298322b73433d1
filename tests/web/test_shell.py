"""The page shell's navigation is rendered once per language and workspace (issue #19)."""

from __future__ import annotations

import pytest
from django.test import override_settings

from daifa.web import shell

pytestmark = pytest.mark.django_db


def _nav(html: str) -> str:
    return html[html.index("<nav>") : html.index("</nav>")]


@override_settings(DEBUG=False)
def test_the_navigation_is_rendered_once_and_kept_per_workspace_and_language(client, personas):
    shell._nav.cache_clear()
    client.force_login(personas.alice)
    workspace = personas.workspace.pk
    first = _nav(client.get(f"/w/{workspace}/").content.decode())
    again = _nav(client.get(f"/w/{workspace}/compare/").content.decode())
    assert first == again and f'href="/w/{workspace}/suppliers/"' in first and "供应商" in first
    assert shell._nav.cache_info().hits >= 1

    english = _nav(client.get(f"/w/{workspace}/", HTTP_ACCEPT_LANGUAGE="en").content.decode())
    assert "Suppliers" in english and "供应商" not in english

    other = shell.workspace_nav(type(personas.workspace)(pk=workspace + 1000))
    assert f'href="/w/{workspace + 1000}/suppliers/"' in other
    assert f"/w/{workspace}/" not in other


@override_settings(DEBUG=False)
def test_the_kept_navigation_is_the_one_the_template_renders(client, personas):
    client.force_login(personas.alice)
    shell._nav.cache_clear()
    kept = _nav(client.get(f"/w/{personas.workspace.pk}/").content.decode())
    with override_settings(DEBUG=True):  # rendered afresh, as the template says
        fresh = _nav(client.get(f"/w/{personas.workspace.pk}/").content.decode())
    assert kept == fresh
