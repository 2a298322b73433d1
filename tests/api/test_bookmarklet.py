"""The one-click capture link on the paste page, and the CSRF rule it relies on."""

from __future__ import annotations

import re
from html import unescape
from urllib.parse import unquote

from django.test import Client
from django.urls import reverse

from daifa.api.templatetags.daifa_api import bookmarklet
from daifa.catalog.models import Supplier


def test_the_paste_page_offers_the_bookmarklet_and_fills_itself_in(client, personas):
    client.force_login(personas.alice)
    url = reverse("capture:paste", args=[personas.workspace.pk])
    page = client.get(url).content.decode()
    href = unescape(re.search(r'class="bookmarklet" href="([^"]+)"', page)[1])
    code = unquote(href.removeprefix("javascript:"))
    assert href.startswith("javascript:")
    assert f'"http://testserver{url}"' in code  # this workspace's capture page
    assert "document.body.innerText" in code and "#daifa-capture=" in code
    assert "fetch(" not in code and "XMLHttpRequest" not in code  # it sends nothing itself
    assert "/static/api/capture-fill.js" in page
    assert client.get("/static/api/capture-fill.js").status_code == 200


def test_the_bookmarklet_escapes_what_a_javascript_url_would_decode():
    code = bookmarklet('http://127.0.0.1:8000/w/1/capture/?x=%41"')
    assert "%41" not in code and "%2541" in code
    assert '\\"' in unquote(code)  # the address is a JSON string literal


def test_a_cross_site_post_without_csrf_stores_nothing(personas):
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(personas.alice)
    ws = personas.workspace.pk
    confirm = {
        "page_kind": "shop", "names": "repeat_rate_pct", "supplier_id": "evil",
        "use_repeat_rate_pct": "on", "value_repeat_rate_pct": "99%",
    }  # fmt: skip
    assert browser.post(reverse("capture:confirm", args=[ws]), confirm).status_code == 403
    paste = browser.post(reverse("capture:paste", args=[ws]), {"text": "回头率 41%"})
    assert paste.status_code == 403
    assert not Supplier.objects.exists()
