"""POST sourcing/w/<ws>/suppliers/<id>/refresh/: read the supplier's offers from 1688 again."""

from __future__ import annotations

import pytest
from django.urls import reverse
from tests.sourcing.conftest import DETAIL, connect, detail_answer

from daifa.catalog.models import Offer, Supplier

EN = {"HTTP_ACCEPT_LANGUAGE": "en"}


@pytest.fixture
def supplier(personas):
    connect(personas.workspace)
    found = Supplier.objects.create(workspace=personas.workspace, external_id="S1", name="义乌甲")
    Offer.objects.create(workspace=personas.workspace, supplier=found, external_id="34513534353434")
    return found


def url(personas, supplier):
    return reverse("sourcing:supplier_refresh", args=[personas.workspace.pk, supplier.pk])


@pytest.mark.parametrize("who", ["alice", "bob"])
def test_owner_and_member_refresh_a_supplier(client, personas, supplier, gateway, who):
    gateway.answers[DETAIL] = detail_answer()
    client.force_login(getattr(personas, who))
    response = client.post(url(personas, supplier), **EN)
    html = response.content.decode()
    assert response.status_code == 200
    assert "new observations from 1688 were stored" in html and "<html" in html
    supplier.refresh_from_db()
    assert supplier.facts["repeat_rate_pct"] == pytest.approx(46.66)
    assert supplier.name == "杭州宜路发发电子商务有限公司"
    assert Supplier.objects.filter(workspace=personas.workspace).count() == 1


def test_htmx_gets_the_result_fragment_alone(client, personas, supplier, gateway):
    gateway.answers[DETAIL] = detail_answer()
    client.force_login(personas.alice)
    client.post(url(personas, supplier))
    response = client.post(url(personas, supplier), HTTP_HX_REQUEST="true", **EN)
    html = response.content.decode()
    assert 'id="refresh-result"' in html and "<html" not in html
    assert "Nothing changed since the last reading." in html


def test_refresh_is_post_only(client, personas, supplier):
    client.force_login(personas.alice)
    assert client.get(url(personas, supplier)).status_code == 405


def test_a_refusal_is_shown_not_raised(client, personas, supplier, gateway):
    gateway.inject(DETAIL, "acl", "acl")
    client.force_login(personas.alice)
    response = client.post(url(personas, supplier), **EN)
    html = response.content.decode()
    assert response.status_code == 200
    assert "This app key is not allowed to call the API." in html
    assert "subscribe the app to the solution" in html
    html_zh = client.post(url(personas, supplier)).content.decode()
    assert "此 App Key 没有调用该接口的权限" in html_zh


def test_a_supplier_without_1688_offers_is_explained(client, personas):
    connect(personas.workspace)
    bare = Supplier.objects.create(workspace=personas.workspace, external_id="S9")
    client.force_login(personas.alice)
    response = client.post(url(personas, bare), **EN)
    assert response.status_code == 200
    assert "No 1688 offer id in" in response.content.decode()
