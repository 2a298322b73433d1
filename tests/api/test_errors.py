"""Every answer under /api/ is JSON with the error shape, never an HTML page:
unknown addresses, wrong methods, bodies too large, our own bugs."""

from __future__ import annotations

import json
import logging

import pytest

from daifa.api.main import api as ninja_api


def _error(response, status: int) -> dict:
    assert response.status_code == status, response.content[:300]
    assert response["Content-Type"].startswith("application/json")
    error = response.json()["error"]
    assert error["code"] and error["message_zh"] and error["message_en"]
    return error


def test_unknown_addresses_under_the_api_are_json_404(api, personas):
    for path in ("/api/v1/nothing", "/api/v1/workspaces/", "/api/v2/workspaces", "/api/"):
        assert _error(api("alice").get(path), 404)["code"] == "not_found"
    # An id that is not a number names nothing, like a number that names nothing.
    assert _error(api("alice").get("/api/v1/workspaces/abc/suppliers"), 404)
    assert _error(api("alice").get("/api/v1/workspaces/99999999999999999999/suppliers"), 404)


def test_a_wrong_method_is_json_405_with_allow(api, personas):
    response = api("alice").generic("DELETE", "/api/v1/workspaces")
    assert _error(response, 405)["code"] == "method_not_allowed"
    assert response["Allow"] == "GET"
    response = api("alice").get(f"/api/v1/workspaces/{personas.workspace.pk}/capture")
    assert _error(response, 405) and response["Allow"] == "POST"


def test_a_body_too_large_is_json_413(api, personas, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000
    body = json.dumps({"text": "回头率 41%" * 500})
    response = api("alice").post(
        f"/api/v1/workspaces/{personas.workspace.pk}/capture", body, "application/json"
    )
    assert _error(response, 413)["code"] == "payload_too_large"


def test_a_file_too_large_is_413_on_the_file_field(api, personas, monkeypatch):
    from django.core.files.uploadedfile import SimpleUploadedFile

    monkeypatch.setattr("daifa.api.resources.imports.MAX_FILE_BYTES", 10)
    upload = SimpleUploadedFile("big.csv", b"supplier_id\n" + b"S-1\n" * 10)
    response = api("alice").post(
        f"/api/v1/workspaces/{personas.workspace.pk}/imports", {"file": upload}
    )
    assert _error(response, 413)["field"] == "file"


def test_our_own_bug_is_a_json_500_and_logged(api, personas, monkeypatch, caplog):
    def broken(*args, **kwargs):
        raise RuntimeError("a bug")

    monkeypatch.setattr("daifa.api.resources.workspaces.Membership.objects.filter", broken)
    with caplog.at_level(logging.ERROR):
        response = api("alice").get("/api/v1/workspaces")
    assert _error(response, 500)["code"] == "server_error"
    assert "a bug" not in response.content.decode()
    assert any("a bug" in (r.exc_text or str(r.exc_info)) for r in caplog.records)


def test_pages_keep_their_html_error_pages(client, personas):
    client.force_login(personas.alice)
    response = client.get("/w/99999/")
    assert response.status_code == 404 and response["Content-Type"].startswith("text/html")


def test_every_error_status_is_documented_with_the_error_shape():
    schema = ninja_api.get_openapi_schema(path_prefix="/api/v1")
    assert "ErrorOut" in schema["components"]["schemas"]
    for path, operations in schema["paths"].items():
        for method, operation in operations.items():
            codes = {str(c) for c in operation["responses"]}
            assert {"401", "429"} <= codes, (method, path)
            if "{ws}" in path:
                assert "404" in codes and "400" in codes, (method, path)
            for code in codes - {"200", "202"}:
                ref = operation["responses"][int(code)]["content"]["application/json"]["schema"]
                assert ref["$ref"].endswith("/ErrorOut"), (method, path, code)
            assert operation["security"] == [{"TokenAuth": []}], (method, path)


@pytest.mark.parametrize("path", ["/api/v1/openapi.json", "/api/v1/docs"])
def test_the_document_and_the_docs_page_need_no_token(client, db, path):
    assert client.get(path).status_code == 200


def test_the_docs_page_loads_only_local_files_under_the_strict_csp(client, db):
    from daifa.web.middleware import POLICY

    response = client.get("/api/v1/docs")
    page = response.content.decode()
    assert response["Content-Security-Policy"] == POLICY
    assert "'unsafe-inline'" not in POLICY and "'unsafe-eval'" not in POLICY
    assert "cdn" not in page.lower() and "https://" not in page
    for asset in ("/static/ninja/swagger-ui-bundle.js", "/static/ninja/swagger-ui.css"):
        assert asset in page
        assert client.get(asset).status_code == 200
    # The only inline <script> is JSON data, which a CSP does not run.
    inline = [s for s in page.split("<script")[1:] if "src=" not in s.split(">")[0]]
    assert all('type="application/json"' in s.split(">")[0] for s in inline)


def test_ids_beyond_a_database_key_are_404_not_500(api, personas, screened):
    ws = personas.workspace.pk
    huge = 2**63
    for path in (
        f"/api/v1/workspaces/{huge}/suppliers",
        f"/api/v1/workspaces/{ws}/suppliers/{huge}",
        f"/api/v1/workspaces/{ws}/suppliers/0",
        f"/api/v1/workspaces/{ws}/suppliers/-1",
        f"/api/v1/workspaces/{ws}/suppliers/1.5",
    ):
        assert _error(api("alice").get(path), 404)["code"] == "not_found", path
    response = api("alice").get(f"/api/v1/workspaces/{ws}/suppliers", {"page": str(10**30)})
    assert response.status_code == 200 and response.json()["results"] == []
