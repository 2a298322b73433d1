"""The 1688 settings page: the owner sets the app; the secret is write-only."""

from __future__ import annotations

import logging

import pytest
from django.urls import reverse
from tests.sources.open1688.open1688_fake_gateway import APP_SECRET, fixture
from tests.sourcing.conftest import KEYWORD, Script, connect

from daifa.catalog.models import Offer, Supplier
from daifa.sourcing.models import BuyerToken, Open1688Account

EN = {"HTTP_ACCEPT_LANGUAGE": "en"}


def url(personas):
    return reverse("sourcing:settings", args=[personas.workspace.pk])


def test_the_owner_sets_the_app_key_and_secret(client, personas):
    client.force_login(personas.alice)
    assert "No 1688 app is set" in client.get(url(personas), **EN).content.decode()
    response = client.post(url(personas), {"app_key": " 1000000 ", "app_secret": APP_SECRET}, **EN)
    assert response.status_code == 302
    account = Open1688Account.objects.get(workspace=personas.workspace)
    assert (account.app_key, account.app_secret) == ("1000000", APP_SECRET)
    html = client.get(url(personas), **EN).content.decode()
    assert "App key: 1000000" in html and "a secret is set" in html
    assert "The 1688 app settings were saved." in html


def test_an_empty_secret_keeps_the_one_that_is_set(client, personas):
    connect(personas.workspace)
    client.force_login(personas.alice)
    response = client.post(url(personas), {"app_key": "1000000", "app_secret": ""})
    assert response.status_code == 302
    assert Open1688Account.objects.get().app_secret == APP_SECRET
    assert BuyerToken.objects.exists()  # same app: the buyer account stays connected


def test_a_first_save_needs_a_secret_and_a_numeric_key(client, personas):
    client.force_login(personas.alice)
    response = client.post(url(personas), {"app_key": "abc<b>"}, **EN)
    html = response.content.decode()
    assert response.status_code == 200
    assert "not abc&lt;b&gt;" in html and "Enter the app secret." in html
    assert not Open1688Account.objects.exists()


def test_a_member_sees_the_state_but_cannot_change_it(client, personas):
    connect(personas.workspace)
    client.force_login(personas.bob)
    html = client.get(url(personas), **EN).content.decode()
    assert "Only the workspace owner" in html and "alice_buyer" in html
    response = client.post(url(personas), {"app_key": "2000000", "app_secret": "bob-secret"})
    assert response.status_code == 403
    assert Open1688Account.objects.get().app_key == "1000000"
    connect_url = reverse("sourcing:connect", args=[personas.workspace.pk])
    assert client.post(connect_url).status_code == 403


def test_an_outsider_gets_404_for_every_1688_page_of_alice(client, personas):
    connect(personas.workspace)
    supplier = Supplier.objects.create(workspace=personas.workspace, external_id="S1")
    client.force_login(personas.charlie)
    ws = personas.workspace.pk
    for name in ("settings", "search", "orders"):
        assert client.get(reverse(f"sourcing:{name}", args=[ws])).status_code == 404, name
    for name in ("connect", "search", "add_offers", "paste_offer", "orders_sync"):
        assert client.post(reverse(f"sourcing:{name}", args=[ws])).status_code == 404, name
    refresh = reverse("sourcing:supplier_refresh", args=[ws, supplier.pk])
    assert client.post(refresh).status_code == 404
    own = reverse("sourcing:supplier_refresh", args=[personas.charlie_workspace.pk, supplier.pk])
    assert client.post(own).status_code == 404


def test_pages_require_login(client, personas):
    response = client.get(url(personas))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


SECRETS = (APP_SECRET, "refresh-token-do-not-print", "f14da3b8-b0b1-4f73-a5de-9bed637e0188")


def test_the_secret_and_tokens_never_appear_in_a_page_or_a_repr(client, personas, scripted):
    connect(personas.workspace)
    supplier = Supplier.objects.create(workspace=personas.workspace, external_id="S1")
    Offer.objects.create(workspace=personas.workspace, supplier=supplier, external_id="123456789")
    scripted(
        Script(
            **{
                KEYWORD: [
                    fixture("crossborder.product.search.keywordQuery.response.doc-example.json")
                ]
            }
        )
    )
    client.force_login(personas.alice)
    ws = personas.workspace.pk
    pages = [
        client.get(url(personas)),
        client.get(url(personas), **EN),
        client.post(url(personas), {"app_key": "x"}),  # the invalid form is rendered again
        client.post(reverse("sourcing:search", args=[ws]), {"q": "杯子"}, follow=True),
        client.get(reverse("sourcing:orders", args=[ws])),
        client.post(reverse("sourcing:supplier_refresh", args=[ws, supplier.pk])),
    ]
    for page in pages:
        html = page.content.decode()
        assert page.status_code == 200, html[:300]
        for secret in SECRETS:
            assert secret not in html
    account = Open1688Account.objects.get()
    shown = repr(account) + str(account) + repr(account.buyer_token) + str(account.buyer_token)
    assert "1000000" in shown
    for secret in SECRETS:
        assert secret not in shown


@pytest.mark.parametrize(
    "answer",
    ["error.gateway.APIACLDecline.json", "error.gateway.NoUsageLeftError.json"],
)
def test_a_failing_call_logs_no_secret(client, personas, scripted, caplog, answer):
    import httpx

    connect(personas.workspace)
    scripted(Script(**{KEYWORD: [httpx.Response(400, json=fixture(answer))]}))
    client.force_login(personas.alice)
    with caplog.at_level(logging.DEBUG):
        response = client.post(
            reverse("sourcing:search", args=[personas.workspace.pk]), {"q": "杯"}
        )
    assert response.status_code == 200
    assert "1688 call failed" in caplog.text
    logged = caplog.text + "".join(repr(r.args) for r in caplog.records)
    for secret in SECRETS:
        assert secret not in logged
