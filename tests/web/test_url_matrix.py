"""Every URL of every app, from the resolver (a new URL is covered without touching this file).

* No GET writes to the database or calls 1688 (the probe's F7: a page on another
  site could spend the seller's 1688 quota through an <img>); the one exception is
  listed with its reason.
* The cross-user matrix (the probe's 464 requests, kept): charlie, an outsider,
  gets 404 for alice's workspace and objects on GET and POST, anonymous visitors
  are sent to the login page, and no response carries alice's data.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from tests.buying.things import buying_things
from tests.sourcing.conftest import KEYWORD, connect, gateway, keyword_answer  # noqa: F401

from daifa.catalog.models import ImportJob, Offer, Supplier

# GETs allowed to write, each with why. Nothing here may call 1688 unasked.
GET_WRITES = {
    # 1688 sends the owner back by GET (OAuth 2); the one-time state kept in the
    # session is consumed by any visit, and a wrong one stores nothing.
    "sourcing:oauth_callback": "OAuth redirect from 1688, guarded by a one-time state",
}
# Not about one workspace: open to everyone or the visitor's own things.
NOT_WORKSPACE_SCOPED = {
    "index", "login", "logout", "set_language", "sourcing:oauth_callback", "api_tokens",
}  # fmt: skip
# The JSON API answers tokens, not sessions: tests/api/test_matrix.py runs this
# matrix on it from its own OpenAPI document.
NOT_PAGES = {"api"}
# Open without login.
PUBLIC = {"login", "logout", "set_language"}
# Query parameters that once started work on a GET (search, sync, export, OAuth...).
TEMPTING_QUERY = {
    "q": "保温杯",
    "page": "1",
    "group": "耳机-01",
    "qty": "5",
    "format": "xlsx",
    "code": "abc",
    "state": "forged",
    "since": "2026-01-01",
    "sync": "1",
    "confirm": "1",
}
MARKERS = ("S-BEST", "优选电子", "中庸电子", "alice-private-file", "1000000")


@dataclass(frozen=True)
class Route:
    name: str
    keys: tuple[str, ...]


def every_route() -> list[Route]:
    found: list[Route] = []

    def walk(patterns, namespace: str | None, keys: tuple[str, ...]) -> None:
        for entry in patterns:
            here = keys + tuple(getattr(entry.pattern, "converters", {}))
            if isinstance(entry, URLResolver):
                if entry.namespace in NOT_PAGES:
                    continue
                walk(entry.url_patterns, entry.namespace or namespace, here)
            elif isinstance(entry, URLPattern) and entry.name:
                name = f"{namespace}:{entry.name}" if namespace else entry.name
                found.append(Route(name, here))

    walk(get_resolver().url_patterns, None, ())
    return found


ROUTES = every_route()


@pytest.fixture
def alice_things(personas, screened, gateway):  # noqa: F811
    connect(personas.workspace)
    gateway.answers[KEYWORD] = keyword_answer()
    supplier = screened["S-BEST"]
    job = ImportJob.objects.create(
        workspace=personas.workspace,
        filename="alice-private-file.csv",
        path="nowhere.csv",
        status=ImportJob.Status.PREVIEWED,
        preview=[],
    )
    return {
        "workspace_id": personas.workspace.pk,
        "supplier_id": supplier.pk,
        "job_id": job.pk,
        "kind": "lines",
        "name": "lines.toml",
        "offer": Offer.objects.filter(supplier=supplier).first().pk,
        **_verification_things(personas, supplier),
        **buying_things(personas.workspace, supplier, personas.alice),
    }


def _verification_things(personas, supplier) -> dict:
    """A check and an evidence file of alice's (the verification app's URL keys)."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from daifa.evidence.pngs import solid_png
    from daifa.evidence.services import evidence_store
    from daifa.verification.services import check_create

    check = check_create(supplier=supplier, type="stock_probe", by=personas.alice)
    photo = SimpleUploadedFile("alice-private-file.png", solid_png(2, 2, (1, 2, 3)))
    file = evidence_store(workspace=personas.workspace, upload=photo, by=personas.alice)
    return {"check_id": check.pk, "file_id": file.pk}


def url_of(route: Route, values: dict) -> str:
    return reverse(route.name, kwargs={k: values[k] for k in route.keys})


def writes(queries) -> list[str]:
    verbs = ("INSERT", "UPDATE", "DELETE", "REPLACE")
    return [q["sql"] for q in queries if q["sql"].lstrip().upper().startswith(verbs)]


def test_every_route_is_known():
    # The resolver walk found the apps' URLs (guards against an empty, passing matrix).
    names = {route.name for route in ROUTES}
    assert {"sourcing:search", "sourcing:orders_sync", "costs:upload", "upload"} <= names
    assert len(ROUTES) >= 30


@pytest.mark.parametrize("route", ROUTES, ids=lambda r: r.name)
def test_no_get_writes_or_calls_1688(client, personas, alice_things, gateway, route):  # noqa: F811
    client.force_login(personas.alice)
    before = len(gateway.calls)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url_of(route, alice_things), TEMPTING_QUERY)
    assert response.status_code < 500
    assert len(gateway.calls) == before, f"GET {route.name} called 1688"
    if route.name in GET_WRITES:
        return  # it writes only for the owner's own pending connection
    assert writes(queries.captured_queries) == [], f"GET {route.name} wrote"


def test_the_search_link_in_a_foreign_page_spends_nothing(client, personas, alice_things, gateway):  # noqa: F811
    # <img src="http://127.0.0.1:8000/sourcing/w/1/search/?q=x"> in any page the seller opens.
    client.force_login(personas.alice)
    url = reverse("sourcing:search", args=[personas.workspace.pk])
    for _ in range(3):
        assert client.get(url, {"q": "x"}).status_code == 200
    assert gateway.call_count(KEYWORD) == 0
    # The bookmark fills the form in; the search itself is a POST with the CSRF token.
    assert 'value="x"' in client.get(url, {"q": "x"}).content.decode()
    assert client.post(url, {"q": "x"}).status_code == 302
    assert gateway.call_count(KEYWORD) == 1


def test_a_cross_site_post_is_refused(personas, alice_things, gateway):  # noqa: F811
    from django.test import Client

    browser = Client(enforce_csrf_checks=True)
    browser.force_login(personas.alice)
    url = reverse("sourcing:search", args=[personas.workspace.pk])
    assert browser.post(url, {"q": "x"}).status_code == 403
    assert gateway.call_count(KEYWORD) == 0


def assert_no_alice_data(response, where: str) -> None:
    body = b"".join(response.streaming_content) if response.streaming else response.content
    text = body.decode("utf-8", "replace")
    leaked = [m for m in MARKERS if m in text]
    assert not leaked, f"{where} shows alice's {leaked}"


@pytest.mark.parametrize("route", ROUTES, ids=lambda r: r.name)
def test_charlie_gets_404_for_alices_workspace(client, personas, alice_things, route):
    client.force_login(personas.charlie)
    url = url_of(route, alice_things)
    for method in ("get", "post"):
        response = getattr(client, method)(url, TEMPTING_QUERY if method == "get" else {})
        assert_no_alice_data(response, f"{method.upper()} {route.name}")
        if route.name in NOT_WORKSPACE_SCOPED:
            assert response.status_code < 500
            continue
        # 405 (wrong method) is answered before the workspace is looked up: no hint.
        assert response.status_code in {404, 405}, f"{method.upper()} {route.name}"
    if route.name not in NOT_WORKSPACE_SCOPED:
        statuses = {client.get(url).status_code, client.post(url).status_code}
        assert 404 in statuses, route.name


@pytest.mark.parametrize(
    "route", [r for r in ROUTES if {"supplier_id", "job_id"} & set(r.keys)], ids=lambda r: r.name
)
def test_alices_object_ids_in_charlies_own_workspace_are_404(client, personas, alice_things, route):
    client.force_login(personas.charlie)
    values = {**alice_things, "workspace_id": personas.charlie_workspace.pk}
    url = url_of(route, values)
    statuses = set()
    for method in ("get", "post"):
        response = getattr(client, method)(url)
        assert_no_alice_data(response, f"{method.upper()} {route.name}")
        statuses.add(response.status_code)
    assert statuses <= {404, 405} and 404 in statuses, (route.name, statuses)


def test_alices_ids_in_charlies_query_strings_show_nothing_of_alice(client, personas, alice_things):
    client.force_login(personas.charlie)
    own = Supplier.objects.create(workspace=personas.charlie_workspace, external_id="C-1")
    ws = personas.charlie_workspace.pk
    probes = [
        reverse("supplier_facts", args=[ws, own.pk]) + f"?offer={alice_things['offer']}",
        reverse("capture:paste", args=[ws]) + f"?supplier={alice_things['supplier_id']}",
        reverse("compare", args=[ws]) + "?group=耳机-01",
        reverse("export_screening", args=[ws]) + "?format=csv",
        reverse("supplier_list", args=[ws]) + "?q=S-BEST",
    ]
    for url in probes:
        response = client.get(url)
        assert response.status_code in {200, 404}, url
        text = response.content.decode("utf-8", "replace")
        assert "优选电子" not in text and "中庸电子" not in text, url


@pytest.mark.parametrize("route", ROUTES, ids=lambda r: r.name)
def test_anonymous_visitors_are_sent_to_login(client, alice_things, route):
    url = url_of(route, alice_things)
    for method in ("get", "post"):
        response = getattr(client, method)(url)
        assert_no_alice_data(response, f"anonymous {method.upper()} {route.name}")
        if route.name in PUBLIC:
            assert response.status_code < 500
            continue
        if response.status_code == 405:
            continue
        assert response.status_code == 302, f"anonymous {method.upper()} {route.name}"
        assert response["Location"].startswith("/accounts/login/")


def test_an_unknown_workspace_is_404_like_a_foreign_one(client, personas, alice_things):
    client.force_login(personas.charlie)
    missing = {**alice_things, "workspace_id": 10**6, "job_id": uuid.uuid4()}
    for route in ROUTES:
        if route.name in NOT_WORKSPACE_SCOPED:
            continue
        assert client.get(url_of(route, missing)).status_code in {404, 405}, route.name
