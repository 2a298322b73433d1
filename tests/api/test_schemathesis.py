"""The whole API fuzzed from its own OpenAPI document (schemathesis, in process).

Every operation gets schema-valid and schema-invalid requests, as alice (with
her real workspace and supplier ids in half the cases). Every answer must be
documented (status, content type, headers) and match its schema, and none may
be a server error: bad input is a 4xx with the JSON error body.

Quick and deterministic: a fixed number of examples per operation and mode,
derandomized Hypothesis, no deadline (the first screening compiles kernels).
"""

from __future__ import annotations

import os

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    negative_data_rejection,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

# A few seconds an operation; DAIFA_API_FUZZ_EXAMPLES=200 for a deeper run.
EXAMPLES = int(os.environ.get("DAIFA_API_FUZZ_EXAMPLES", "12"))
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
]


@pytest.fixture
def wsgi_app():
    # The WSGI handler closes the database connection after each request, which
    # would end the test's transaction; Django's test client unhooks it the same way.
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        yield get_wsgi_application()
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


@pytest.fixture
def schema(wsgi_app):
    return schemathesis.openapi.from_wsgi("/api/v1/openapi.json", wsgi_app)


def _operations(schema):
    found = [result.ok() for result in schema.get_all_operations()]
    assert len(found) >= 7, [op.label for op in found]
    return found


@pytest.mark.parametrize("mode", [GenerationMode.POSITIVE, GenerationMode.NEGATIVE])
def test_every_operation_answers_as_documented(schema, screened, personas, tokens, mode):
    headers = {"Authorization": f"Bearer {tokens['alice']}"}
    real = {"ws": personas.workspace.pk, "id": screened["S-BEST"].pk}
    negative = mode == GenerationMode.NEGATIVE
    checks = CHECKS + ([negative_data_rejection] if negative else [])
    answered: dict[str, set[int]] = {}
    for operation in _operations(schema):
        if negative and not _has_inputs(operation):
            continue  # nothing to make invalid (GET /workspaces)
        names = {p.name for p in operation.path_parameters}
        fixed = {k: v for k, v in real.items() if k in names}
        strategies = [operation.as_strategy(generation_mode=mode, headers=headers)]
        if fixed:
            strategies.append(
                operation.as_strategy(generation_mode=mode, headers=headers, path_parameters=fixed)
            )

        @given(case=st.one_of(strategies))
        @settings(
            max_examples=EXAMPLES,
            derandomize=True,
            deadline=None,
            database=None,
            suppress_health_check=list(HealthCheck),
        )
        def run(case):
            response = case.call_and_validate(checks=checks)
            answered.setdefault(case.operation.label, set()).add(response.status_code)

        run()
    if not negative:
        for label, status in _realistic(schema, headers, real, checks):
            answered.setdefault(label, set()).add(status)
        # Not a vacuous pass: every operation answered with success at least once.
        assert all(any(s < 300 for s in found) for found in answered.values()), answered
        assert len(answered) >= 7, answered


GOOD_CSV = "供应商ID,供应商名称,商品ID,单价\nS-NEW,新供应商,O-NEW,12.5\n".encode()


def _realistic(schema, headers, real, checks):
    """Requests random data would hardly make, each validated like the fuzzed ones:
    a real file (sent by Werkzeug, which names the part's file), its job, a real group."""
    from io import BytesIO

    from werkzeug.test import Client

    from daifa.catalog.models import ImportJob

    answered = []
    path = f"/api/v1/workspaces/{real['ws']}/imports"
    for dry_run in ("true", "false"):
        response = Client(schema.app).post(
            path,
            data={"file": (BytesIO(GOOD_CSV), "suppliers.csv"), "dry_run": dry_run},
            headers=headers,
        )
        upload = schema["/api/v1/workspaces/{ws}/imports"]["POST"].Case(
            path_parameters={"ws": real["ws"]}, headers=headers, media_type="multipart/form-data"
        )
        upload.validate_response(response, checks=checks)
        answered.append((upload.operation.label, response.status_code))
    cases = [
        schema["/api/v1/workspaces/{ws}/compare"]["GET"].Case(
            path_parameters={"ws": real["ws"]}, query={"group": "耳机-01", "qty": 50}
        )
    ]
    for job in ImportJob.objects.filter(workspace_id=real["ws"]):
        cases.append(
            schema["/api/v1/workspaces/{ws}/imports/{job_id}"]["GET"].Case(
                path_parameters={"ws": real["ws"], "job_id": str(job.pk)}
            )
        )
    for case in cases:
        response = case.call_and_validate(checks=checks, headers=headers)
        answered.append((case.operation.label, response.status_code))
    return answered


def _has_inputs(operation) -> bool:
    return bool(list(operation.path_parameters) or list(operation.query) or operation.body)
