"""The API's contract answered by a real `daifa serve`, with a token from
`daifa token create`: the commands as a seller runs them, each in its own
process, the server on a port of its own (DAIFA_TEST_API_PORT, default 8107)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

PORT = int(os.environ.get("DAIFA_TEST_API_PORT", "8107"))
BASE = f"http://127.0.0.1:{PORT}/api/v1"
CSV = "\n".join(
    [
        "supplier_id,supplier_name,offer_id,category,product_group,unit_price_cny,moq,"
        "repeat_rate_pct,dropship_supported,dispute_rate_pct,weight_g,length_cm,width_cm,"
        "height_cm,target_retail_price,retail_currency,dropship_price_cny",
        "S1,义乌甲电子,610000000001,3C数码,耳机-01,12.5,2,41%,是,0.3%,120,10,8,4,19.99,USD,14.5",
        "S2,义乌乙电子,610000000002,3C数码,耳机-01,11.8,2,20%,是,1.5%,120,10,8,4,19.99,USD,14.5",
        "S3,义乌丙电子,610000000003,3C数码,耳机-01,13.0,5,35%,否,0.2%,120,10,8,4,19.99,USD,14.5",
    ]
)
OFFER_PAGE = (
    Path(__file__).parents[1] / "sources" / "capture" / "data" / "offer_interleaved.txt"
).read_text(encoding="utf-8")


def _env(tmp_path: Path) -> dict[str, str]:
    env = {
        **os.environ,
        "DAIFA_DATA_DIR": str(tmp_path / "data"),
        "HOME": str(tmp_path),
        "PYTHONUNBUFFERED": "1",
    }
    env.pop("DJANGO_SETTINGS_MODULE", None)
    env.pop("SECRET_KEY", None)
    for name in [k for k in env if k == "DB" or k.startswith("DB_")]:
        env.pop(name)
    return env


def _daifa(env: dict[str, str], *args: str) -> subprocess.CompletedProcess:
    command = [sys.executable, "-m", "daifa.cli", *args]
    done = subprocess.run(command, env=env, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    return done


def _wait_for_server(process: subprocess.Popen, log: Path, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"daifa serve exited with {process.returncode}:\n{log.read_text()}")
        if "workbench at" in log.read_text():
            return
        time.sleep(0.2)
    pytest.fail(f"daifa serve did not start within {timeout} s:\n{log.read_text()}")


def test_the_contract_from_a_real_server_with_a_cli_token(tmp_path: Path) -> None:
    env = _env(tmp_path)
    source = tmp_path / "suppliers.csv"
    source.write_text(CSV, encoding="utf-8")
    _daifa(env, "import", str(source), "--workspace", "API")
    created = _daifa(env, "token", "create", "local", "--name", "test script")
    token = created.stdout.splitlines()[-1]
    assert token.startswith("daifa_") and token == token.strip()

    log = tmp_path / "serve.log"
    command = [sys.executable, "-m", "daifa.cli", "serve", "--port", str(PORT), "--workers", "1"]
    with log.open("w") as out:
        process = subprocess.Popen(
            command, env=env, stdout=out, stderr=subprocess.STDOUT, start_new_session=True
        )
    try:
        _wait_for_server(process, log, timeout=90)
        auth = {"Authorization": f"Bearer {token}"}
        with httpx.Client(base_url=BASE, headers=auth, timeout=30) as api:
            _check_contract(api)
        # No token, or a session-less browser in local mode: 401, JSON.
        anonymous = httpx.get(f"{BASE}/workspaces", timeout=10)
        assert anonymous.status_code == 401 and anonymous.json()["error"]["code"]
        assert httpx.get(f"{BASE}/openapi.json", timeout=10).json()["info"]["title"]

        _daifa(env, "token", "revoke", token)
        revoked = httpx.get(f"{BASE}/workspaces", headers=auth, timeout=10)
        assert revoked.status_code == 401
    finally:
        if process.poll() is None:
            process.send_signal(signal.SIGTERM)
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait()


def _check_contract(api: httpx.Client) -> None:
    workspaces = api.get("/workspaces").json()
    assert [(w["name"], w["role"]) for w in workspaces] == [("API", "owner")]
    ws = workspaces[0]["id"]

    listing = api.get(f"/workspaces/{ws}/suppliers").json()
    assert listing["count"] == 3 and listing["next"] is None
    keys = {"id", "supplier_id", "name", "score", "coverage", "grade", "decision",
            "approvable", "blocking", "to_verify", "flags"}  # fmt: skip
    assert keys <= set(listing["results"][0])
    paged = api.get(f"/workspaces/{ws}/suppliers", params={"page_size": 2}).json()
    assert paged["next"].startswith(f"http://127.0.0.1:{PORT}/api/v1/")
    assert len(api.get(paged["next"]).json()["results"]) == 1

    one = listing["results"][0]
    detail = api.get(f"/workspaces/{ws}/suppliers/{one['id']}").json()
    assert detail["supplier_id"] == one["supplier_id"] and detail["grade"] == one["grade"]
    assert detail["criteria"] and detail["offers"]
    assert {"id", "kind", "status", "value", "threshold", "points", "message_zh", "message_en",
            "action_zh", "action_en", "evidence"} <= set(detail["criteria"][0])  # fmt: skip

    compared = api.get(f"/workspaces/{ws}/compare", params={"group": "耳机-01"}).json()
    assert len(compared["offers"]) == 3
    assert all("closeness" in o and "robustness" in o for o in compared["offers"])
    assert any(o["landed_unit_cost_cny"] for o in compared["offers"])

    # An import goes through the server's background worker to "done".
    upload = "供应商ID,店铺名称,商品ID,单价\nS4,义乌丁电子,610000000004,9.9\n".encode()
    accepted = api.post(f"/workspaces/{ws}/imports", files={"file": ("more.csv", upload)})
    assert accepted.status_code == 202, accepted.text
    job_id = accepted.json()["job_id"]
    deadline = time.monotonic() + 60
    while True:
        job = api.get(f"/workspaces/{ws}/imports/{job_id}").json()
        if job["status"] in {"done", "rejected", "failed"} or time.monotonic() > deadline:
            break
        time.sleep(0.3)
    assert job["status"] == "done", job
    assert job["rows"] == 1 and job["report"] == []

    captured = api.post(
        f"/workspaces/{ws}/capture", json={"text": OFFER_PAGE, "save": True, "supplier_id": "S5"}
    )
    assert captured.status_code == 200, captured.text
    assert captured.json()["saved"]["supplier_id"] == "S5"

    missing = api.get(f"/workspaces/{ws + 1000}/suppliers")
    assert missing.status_code == 404 and missing.json()["error"]["message_zh"]
    bad = api.get(f"/workspaces/{ws}/suppliers", params={"grade": "Z"})
    assert bad.status_code == 400 and bad.json()["error"]["field"] == "grade"
