"""Each resource with the personas: alice owns the workspace, bob is a member,
charlie an outsider who gets 404 for everything of alice's."""

from __future__ import annotations

import json
from pathlib import Path

from django.core.files.uploadedfile import SimpleUploadedFile

from daifa.catalog.models import ImportJob, Observation, Supplier
from daifa.cli import main

CAPTURE_DATA = Path(__file__).parents[1] / "sources" / "capture" / "data"
OFFER_PAGE = (CAPTURE_DATA / "offer_interleaved.txt").read_text(encoding="utf-8")
LIST_KEYS = {"id", "supplier_id", "name", "score", "coverage", "grade", "decision",
             "approvable", "blocking", "to_verify", "flags"}  # fmt: skip
CRITERION_KEYS = {"id", "kind", "status", "value", "threshold", "points", "message_zh",
                  "message_en", "action_zh", "action_en", "evidence"}  # fmt: skip
ALICE = ("S-BEST", "优选电子", "中庸电子")


def _base(personas) -> str:
    return f"/api/v1/workspaces/{personas.workspace.pk}"


def _no_alice(response) -> None:
    text = response.content.decode()
    assert not [m for m in ALICE if m in text], text[:300]


# --- workspaces -----------------------------------------------------------------


def test_workspaces_lists_each_users_own_with_their_role(api, personas):
    mine = api("alice").get("/api/v1/workspaces").json()
    assert mine == [
        {"id": personas.workspace.pk, "name": "Alice's suppliers", "role": "owner",
         "time_zone": "Asia/Shanghai"}
    ]  # fmt: skip
    assert [(w["id"], w["role"]) for w in api("bob").get("/api/v1/workspaces").json()] == [
        (personas.workspace.pk, "member")
    ]
    theirs = api("charlie").get("/api/v1/workspaces").json()
    assert [w["id"] for w in theirs] == [personas.charlie_workspace.pk]


# --- suppliers ------------------------------------------------------------------


def test_the_supplier_list_has_the_contract_keys_and_the_pages_order(api, personas, screened):
    body = api("alice").get(f"{_base(personas)}/suppliers").json()
    assert body["count"] == 5 and body["next"] is None
    assert all(LIST_KEYS <= set(row) for row in body["results"])
    assert body["results"][0]["supplier_id"] == "S-BEST"
    best = body["results"][0]
    assert best["id"] == screened["S-BEST"].pk and best["grade"] == "A" and best["approvable"]
    # bob, a member, sees the same list
    assert api("bob").get(f"{_base(personas)}/suppliers").json() == body


def test_the_supplier_list_filters_and_pages(api, personas, screened):
    client = api("alice")
    url = f"{_base(personas)}/suppliers"
    grade_a = client.get(url, {"grade": "A"}).json()
    assert [r["supplier_id"] for r in grade_a["results"]] == ["S-BEST"]
    several = client.get(url + "?grade=A&grade=C").json()
    assert {r["grade"] for r in several["results"]} == {"A", "C"}
    approvable = client.get(url, {"approvable": "true"}).json()["results"]
    assert approvable and all(r["approvable"] for r in approvable)
    assert all(not r["approvable"] for r in client.get(url, {"approvable": "no"}).json()["results"])
    flagged = client.get(url, {"flag": "any"}).json()["results"]
    assert flagged and all(r["flags"] for r in flagged)
    assert [r["supplier_id"] for r in client.get(url, {"q": "孤品"}).json()["results"]] == [
        "S-LONE"
    ]
    home = client.get(url, {"category": "家居日用"}).json()
    assert [r["supplier_id"] for r in home["results"]] == ["S-LONE"]

    first = client.get(url, {"page_size": 2}).json()
    assert first["count"] == 5 and len(first["results"]) == 2
    assert first["next"].startswith("http://testserver/api/v1/") and "page=2" in first["next"]
    second = client.get(first["next"].removeprefix("http://testserver")).json()
    assert len(second["results"]) == 2 and second["next"]
    third = client.get(second["next"].removeprefix("http://testserver")).json()
    assert len(third["results"]) == 1 and third["next"] is None
    ids = [r["id"] for page in (first, second, third) for r in page["results"]]
    assert len(set(ids)) == 5
    assert client.get(url, {"page": 9}).json()["results"] == []


def test_bad_filters_are_400_naming_the_field_in_both_languages(api, personas, screened):
    url = f"{_base(personas)}/suppliers"
    for query, field in (
        ({"grade": "Z"}, "grade"),
        ({"page": "x"}, "page"),
        ({"page": "0"}, "page"),
        ({"page_size": "1000"}, "page_size"),
        ({"category": "没有这个类目"}, "category"),
        ({"flag": "no_such_flag"}, "flag"),
        ({"approvable": "maybe"}, "approvable"),
    ):
        response = api("alice").get(url, query)
        assert response.status_code == 400, query
        error = response.json()["error"]
        assert error["field"] == field, (query, error)
        assert error["message_zh"] and error["message_en"] and error["code"] == "invalid"
        assert str(next(iter(query.values()))) in error["message_en"], error


def test_supplier_detail_has_the_keys_of_daifa_screen_json_and_the_offers(
    api, personas, screened, tmp_path, capsys
):
    from daifa.importers.spreadsheet.exporting import workspace_tables
    from daifa.sources.spreadsheet import write_tables

    supplier = screened["S-BEST"]
    body = api("alice").get(f"{_base(personas)}/suppliers/{supplier.pk}").json()
    # One object of `daifa screen --format json` on the same data, for its keys.
    written = write_tables(workspace_tables(personas.workspace), tmp_path / "ws.csv")
    assert main(["screen", str(written[0]), "--format", "json"]) == 0
    records = json.loads(capsys.readouterr().out)
    cli = next(r for r in records if r["supplier_id"] == "S-BEST")
    assert set(cli) <= set(body), set(cli) - set(body)
    assert {c["id"] for c in body["criteria"]} == {c["id"] for c in cli["criteria"]}
    for item in body["criteria"]:
        assert CRITERION_KEYS <= set(item)
    cli_item_keys = set().union(*(set(c) for c in cli["criteria"]))
    api_item_keys = set().union(*(set(c) for c in body["criteria"]))
    assert cli_item_keys <= api_item_keys, cli_item_keys - api_item_keys
    assert body["id"] == supplier.pk and body["supplier_id"] == "S-BEST"
    assert body["screened"] and body["grade"] == "A" and body["decision"] == "approve"
    assert body["action"] == body["action_zh"]
    assert [o["offer_id"] for o in body["offers"]] == ["O-S-BEST"]
    assert body["offers"][0]["judged"] and body["offers"][0]["grade"] == "A"
    english = api("alice").get(f"{_base(personas)}/suppliers/{supplier.pk}", {"lang": "en"})
    assert english.json()["action"] == body["action_en"]


def test_a_supplier_not_yet_screened_has_null_verdict_and_its_offers(api, personas):
    supplier = Supplier.objects.create(workspace=personas.workspace, external_id="NEW")
    body = api("bob").get(f"{_base(personas)}/suppliers/{supplier.pk}").json()
    assert body["screened"] is False and body["grade"] is None and body["criteria"] == []
    assert body["supplier_id"] == "NEW" and body["offers"] == []


def test_charlie_gets_404_for_alices_suppliers_also_through_his_own_workspace(
    api, personas, screened
):
    supplier = screened["S-BEST"]
    own = f"/api/v1/workspaces/{personas.charlie_workspace.pk}"
    for url in (
        f"{_base(personas)}/suppliers",
        f"{_base(personas)}/suppliers/{supplier.pk}",
        f"{own}/suppliers/{supplier.pk}",
    ):
        response = api("charlie").get(url)
        assert response.status_code == 404, url
        assert response.json()["error"]["code"] == "not_found"
        _no_alice(response)
    assert api("charlie").get(f"{own}/suppliers", {"q": "S-BEST"}).json()["count"] == 0


# --- imports --------------------------------------------------------------------

GOOD_CSV = "供应商ID,供应商名称,商品ID,单价,回头率\nS-NEW,新供应商,O-NEW,12.5,30%\n"
BAD_CSV = "供应商ID,供应商名称,商品ID,单价,回头率\nS-BAD,坏数据,O-BAD,约等于,很多\n"


def _upload(client, personas, text: str, name: str = "suppliers.csv", **form):
    upload = SimpleUploadedFile(name, text.encode("utf-8"), content_type="text/csv")
    return client.post(f"{_base(personas)}/imports", {"file": upload, **form})


def test_an_import_reads_and_imports_at_once_without_confirming(api, personas):
    response = _upload(api("bob"), personas, GOOD_CSV)
    assert response.status_code == 202
    created = response.json()
    assert set(created) == {"job_id", "status"}
    job = api("bob").get(f"{_base(personas)}/imports/{created['job_id']}").json()
    assert job["status"] == "done" and job["rows"] == 1 and job["report"] == []
    assert job["result"]["suppliers_created"] == 1 and job["error"] is None
    supplier = Supplier.objects.get(workspace=personas.workspace, external_id="S-NEW")
    assert supplier.facts["repeat_rate_pct"] == 30.0


def test_a_dry_run_stops_at_the_preview_and_stores_nothing(api, personas):
    response = _upload(api("alice"), personas, GOOD_CSV, dry_run="true")
    assert response.status_code == 202
    job = api("alice").get(f"{_base(personas)}/imports/{response.json()['job_id']}").json()
    assert job["status"] == "previewed" and job["rows"] == 1
    assert not Supplier.objects.filter(external_id="S-NEW").exists()


def test_unreadable_cells_are_reported_each_and_nothing_is_imported(api, personas):
    response = _upload(api("alice"), personas, BAD_CSV)
    job = api("alice").get(f"{_base(personas)}/imports/{response.json()['job_id']}").json()
    assert job["status"] == "rejected"
    cells = {(c["row"], c["column"], c["value"]) for c in job["report"]}
    assert cells == {(2, "单价", "约等于"), (2, "回头率", "很多")}
    assert job["report_total"] == 2
    assert all(c["reason_zh"] and c["reason_en"] for c in job["report"])
    assert not Supplier.objects.filter(external_id="S-BAD").exists()


def test_an_upload_that_is_not_a_spreadsheet_is_400_on_the_file_field(api, personas):
    response = _upload(api("alice"), personas, "MZ\x90\x00", name="setup.exe")
    assert response.status_code == 400
    assert response.json()["error"]["field"] == "file"
    missing = api("alice").post(f"{_base(personas)}/imports", {"dry_run": "true"})
    assert missing.status_code == 400 and missing.json()["error"]["field"] == "file"
    assert not ImportJob.objects.exists()


def test_charlie_cannot_import_into_or_read_alices_jobs(api, personas):
    job_id = _upload(api("alice"), personas, GOOD_CSV, dry_run="1").json()["job_id"]
    assert _upload(api("charlie"), personas, GOOD_CSV).status_code == 404
    assert ImportJob.objects.count() == 1
    own = f"/api/v1/workspaces/{personas.charlie_workspace.pk}"
    for url in (f"{_base(personas)}/imports/{job_id}", f"{own}/imports/{job_id}"):
        response = api("charlie").get(url)
        assert response.status_code == 404 and "suppliers.csv" not in response.content.decode()
    assert api("alice").get(f"{_base(personas)}/imports/not-a-uuid").status_code == 404


# --- capture --------------------------------------------------------------------


def test_capture_reads_the_page_and_says_where_each_value_came_from(api, personas):
    response = api("alice").post_json(
        f"{_base(personas)}/capture", {"text": OFFER_PAGE, "url": "https://detail.1688.com/x"}
    )
    assert response.status_code == 200
    body = response.json()
    assert body["page_kind"] == "offer" and body["saved"] is None
    by_field = {f["field"]: f for f in body["fields"]}
    assert by_field["repeat_rate_pct"]["value"] == 41.0
    assert by_field["repeat_rate_pct"]["snippet"] == "回头率 41%"
    assert by_field["repeat_rate_pct"]["label_en"] and by_field["repeat_rate_pct"]["label_zh"]
    assert body["values"]["offer_id"] == "712345678901"
    assert not Supplier.objects.exists()  # nothing stored without save


def test_capture_with_save_stores_one_observation_with_its_snippets(api, personas):
    response = api("bob").post_json(
        f"{_base(personas)}/capture", {"text": OFFER_PAGE, "save": True, "supplier_id": "jiamei"}
    )
    saved = response.json()["saved"]
    assert response.status_code == 200 and saved["supplier_created"]
    supplier = Supplier.objects.get(workspace=personas.workspace, external_id="jiamei")
    assert saved["id"] == supplier.pk and saved["offer_id"] == "712345678901"
    observation = Observation.objects.get(pk=saved["observation"])
    assert observation.kind == Observation.Kind.MANUAL
    assert observation.raw["snippets"]["repeat_rate_pct"] == "回头率 41%"
    assert supplier.facts["repeat_rate_pct"] == 41.0
    # The same page again goes to the same supplier (its offer is known) and adds nothing.
    again = api("bob").post_json(f"{_base(personas)}/capture", {"text": OFFER_PAGE, "save": True})
    assert again.json()["target"]["id"] == supplier.pk
    assert again.json()["saved"]["observation"] is None


def test_capture_refuses_bad_input_naming_the_field(api, personas):
    url = f"{_base(personas)}/capture"
    for body, field in (
        ({"text": ""}, "text"),
        ({}, "text"),
        ({"text": "x" * 200_001}, "text"),
        ({"text": OFFER_PAGE, "url": "javascript:alert(1)"}, "url"),
        ({"text": "nothing here", "save": True}, "text"),
        ({"text": OFFER_PAGE, "save": "maybe"}, "save"),
    ):
        response = api("alice").post_json(url, body)
        assert response.status_code == 400, body
        assert response.json()["error"]["field"] == field, (body, response.json())
    broken = api("alice").post(url, "{not json", content_type="application/json")
    assert broken.status_code == 400 and broken.json()["error"]["code"] == "invalid_json"
    assert not Supplier.objects.exists()


def test_charlie_cannot_capture_into_alices_workspace(api, personas):
    response = api("charlie").post_json(
        f"{_base(personas)}/capture", {"text": OFFER_PAGE, "save": True, "supplier_id": "x"}
    )
    assert response.status_code == 404
    assert not Supplier.objects.filter(workspace=personas.workspace).exists()


# --- compare --------------------------------------------------------------------


def test_compare_ranks_a_group_with_closeness_robustness_and_landed_cost(api, personas, screened):
    body = api("alice").get(f"{_base(personas)}/compare", {"group": "耳机-01"}).json()
    offers = body["offers"]
    assert body["group"] == "耳机-01" and len(offers) == 4
    assert [o["position"] for o in offers] == [1, 2, 3, 4]
    first = offers[0]
    assert first["supplier_id"] == "S-BEST" and first["peer_rank"] == 1
    assert first["closeness"] is not None and first["robustness"] is not None
    assert first["landed_unit_cost_cny"] > first["unit_price_at_qty_cny"] > 0
    assert body["best"] == first["offer"]
    assert body["cheapest"] in {o["offer"] for o in offers}
    at_qty = api("alice").get(f"{_base(personas)}/compare", {"group": "耳机-01", "qty": 500})
    assert at_qty.json()["quantity"] == 500


def test_compare_needs_a_known_group(api, personas, screened):
    url = f"{_base(personas)}/compare"
    missing = api("alice").get(url)
    assert missing.status_code == 400 and missing.json()["error"]["field"] == "group"
    unknown = api("alice").get(url, {"group": "没有"})
    assert unknown.status_code == 404 and unknown.json()["error"]["field"] == "group"
    assert api("alice").get(url, {"group": "耳机-01", "qty": "-1"}).status_code == 400


def test_charlie_cannot_compare_alices_group(api, personas, screened):
    for ws in (personas.workspace.pk, personas.charlie_workspace.pk):
        response = api("charlie").get(f"/api/v1/workspaces/{ws}/compare", {"group": "耳机-01"})
        assert response.status_code == 404
        _no_alice(response)
