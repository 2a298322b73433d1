"""The page matrix (tests/web/test_url_matrix.py) for the API, from its own OpenAPI
document, so a resource added later is covered without touching this file:
charlie's token with alice's ids is 404 on every operation (0 of his requests
show her data), no token is 401, and bob, a member, is answered like alice."""

from __future__ import annotations

import re

import pytest

from daifa.api.main import api as ninja_api
from daifa.catalog.models import ImportJob

MARKERS = ("S-BEST", "优选电子", "中庸电子", "alice-private-file")
BODIES = {
    "post": {"text": "回头率 41%\n诚信通第8年", "save": True, "supplier_id": "C-NEW"},
}
QUERY = {"group": "耳机-01", "q": "S-BEST", "page": "1"}


def operations() -> list[tuple[str, str]]:
    paths = ninja_api.get_openapi_schema(path_prefix="/api/v1")["paths"]
    return [(method, path) for path, ops in paths.items() for method in ops]


OPERATIONS = operations()


def test_the_document_lists_the_contract():
    found = {(m, p) for m, p in OPERATIONS}
    assert {
        ("get", "/api/v1/workspaces"),
        ("get", "/api/v1/workspaces/{ws}/suppliers"),
        ("get", "/api/v1/workspaces/{ws}/suppliers/{id}"),
        ("post", "/api/v1/workspaces/{ws}/imports"),
        ("get", "/api/v1/workspaces/{ws}/imports/{job_id}"),
        ("post", "/api/v1/workspaces/{ws}/capture"),
        ("get", "/api/v1/workspaces/{ws}/compare"),
    } <= found


@pytest.fixture
def alice_ids(personas, screened):
    job = ImportJob.objects.create(
        workspace=personas.workspace, filename="alice-private-file.csv", path="nowhere.csv",
        status=ImportJob.Status.DONE,
    )  # fmt: skip
    return {"ws": personas.workspace.pk, "id": screened["S-BEST"].pk, "job_id": str(job.pk)}


def url_of(path: str, ids: dict) -> str:
    return re.sub(r"\{(\w+)\}", lambda m: str(ids[m[1]]), path)


def call(client, method: str, url: str):
    if method == "get":
        return client.get(url, QUERY)
    if url.endswith("/imports"):
        from django.core.files.uploadedfile import SimpleUploadedFile

        upload = SimpleUploadedFile("x.csv", "供应商ID\nS-X\n".encode(), content_type="text/csv")
        return client.post(url, {"file": upload})
    return client.post_json(url, BODIES["post"])


def assert_no_alice_data(response, where: str) -> None:
    text = response.content.decode("utf-8", "replace")
    leaked = [m for m in MARKERS if m in text]
    assert not leaked, f"{where} shows alice's {leaked}"


@pytest.mark.parametrize(("method", "path"), OPERATIONS, ids=lambda v: str(v))
def test_charlie_gets_404_for_alices_ids(api, personas, alice_ids, method, path):
    if "{ws}" not in path:
        pytest.skip("not about one workspace (answers the caller's own)")
    before = ImportJob.objects.filter(workspace=personas.workspace).count()
    for ids in (alice_ids, {**alice_ids, "ws": personas.charlie_workspace.pk}):
        url = url_of(path, ids)
        own = ids["ws"] == personas.charlie_workspace.pk
        if own and set(re.findall(r"\{(\w+)\}", path)) == {"ws"}:
            continue  # his own workspace's collection: his data, checked for leaks below
        response = call(api("charlie"), method, url)
        assert response.status_code == 404, (method, url, response.content[:200])
        assert response.json()["error"]["code"] in {"not_found", "unknown_group"}
        assert_no_alice_data(response, f"{method} {url}")
    assert ImportJob.objects.filter(workspace=personas.workspace).count() == before


@pytest.mark.parametrize(("method", "path"), OPERATIONS, ids=lambda v: str(v))
def test_charlies_own_workspace_never_shows_alices_data(api, personas, alice_ids, method, path):
    url = url_of(path, {**alice_ids, "ws": personas.charlie_workspace.pk})
    response = call(api("charlie"), method, url)
    assert response.status_code < 500
    assert_no_alice_data(response, f"{method} {url}")


@pytest.mark.parametrize(("method", "path"), OPERATIONS, ids=lambda v: str(v))
def test_no_token_is_401_and_shows_nothing(api, alice_ids, method, path):
    response = call(api(None), method, url_of(path, alice_ids))
    assert response.status_code == 401
    assert_no_alice_data(response, f"anonymous {method} {path}")


@pytest.mark.parametrize(
    ("method", "path"), [op for op in OPERATIONS if op[0] == "get"], ids=lambda v: str(v)
)
def test_bob_a_member_is_answered_like_alice(api, alice_ids, method, path):
    url = url_of(path, alice_ids)
    mine, his = call(api("alice"), method, url), call(api("bob"), method, url)
    assert mine.status_code == his.status_code == 200, (url, mine.content[:200])
    assert mine.json() == his.json() or path == "/api/v1/workspaces"
