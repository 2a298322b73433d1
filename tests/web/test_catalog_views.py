"""Workspace pages with the three personas: owner, member and outsider."""

from __future__ import annotations

import pytest
from django.test import override_settings
from django.urls import reverse
from tests.catalog.test_import_service import Tables, rows

from daifa.catalog.models import Supplier
from daifa.catalog.services import import_tables, supplier_record_facts


@pytest.fixture
def alice_supplier(personas):
    tables = Tables(
        rows(
            {
                "supplier_id": "S1",
                "supplier_name": "<script>alert(1)</script>义乌甲",
                "offer_id": "O1",
                "product_title": "蓝牙耳机 TWS",
                "repeat_rate_pct": 41.0,
            }
        )
    )
    import_tables(workspace=personas.workspace, tables=tables, filename="alice.csv")
    return Supplier.objects.get(workspace=personas.workspace, external_id="S1")


def test_pages_require_login(client, personas):
    response = client.get(reverse("dashboard", args=[personas.workspace.pk]))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


@pytest.mark.parametrize("who", ["alice", "bob"])
def test_owner_and_member_see_the_dashboard(client, personas, alice_supplier, who):
    client.force_login(getattr(personas, who))
    response = client.get(reverse("dashboard", args=[personas.workspace.pk]))
    assert response.status_code == 200
    assert "Alice&#x27;s suppliers" in response.content.decode()


def test_outsider_gets_404_for_every_page_of_alice(client, personas, alice_supplier):
    client.force_login(personas.charlie)
    ws = personas.workspace.pk
    for url in [
        reverse("dashboard", args=[ws]),
        reverse("supplier_list", args=[ws]),
        reverse("supplier_detail", args=[ws, alice_supplier.pk]),
        # guessing alice's supplier id inside charlie's own workspace
        reverse("supplier_detail", args=[personas.charlie_workspace.pk, alice_supplier.pk]),
    ]:
        assert client.get(url).status_code == 404, url


def test_index_lists_only_my_workspaces(client, personas):
    client.force_login(personas.bob)
    response = client.get(reverse("index"))
    # bob has exactly one workspace (alice's), so he is taken straight to it
    assert response.status_code == 302
    assert response["Location"] == reverse("dashboard", args=[personas.workspace.pk])


def test_supplier_list_searches_names_and_titles(client, personas, alice_supplier):
    client.force_login(personas.alice)
    url = reverse("supplier_list", args=[personas.workspace.pk])
    assert "S1" in client.get(url, {"q": "耳机"}).content.decode()
    assert (
        "No supplier matches"
        in client.get(url, {"q": "毛衣"}, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    )


def test_supplier_page_escapes_untrusted_names_and_shows_history(client, personas, alice_supplier):
    supplier_record_facts(
        supplier=alice_supplier, values={"repeat_rate_pct": 45.0}, kind="manual", detail="typed in"
    )
    client.force_login(personas.alice)
    html = client.get(
        reverse("supplier_detail", args=[personas.workspace.pk, alice_supplier.pk])
    ).content.decode()
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;义乌甲" in html
    assert "alice.csv, row 2" in html and "typed in" in html


def test_every_response_carries_a_content_security_policy(client, personas):
    client.force_login(personas.alice)
    response = client.get(reverse("index"))
    assert "default-src 'self'" in response["Content-Security-Policy"]


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
