"""A server thread keeps its SQLite connection between requests (issue #19: per-request cost)."""

from __future__ import annotations

import io
import sys
import time

import pytest
from django.db import connection

from daifa.accounts.models import Workspace
from daifa.web.wsgi import application


def _get(path: str) -> str:
    environ = {
        "REQUEST_METHOD": "GET",
        "PATH_INFO": path,
        "QUERY_STRING": "",
        "SERVER_NAME": "127.0.0.1",
        "SERVER_PORT": "80",
        "HTTP_HOST": "127.0.0.1",
        "REMOTE_ADDR": "127.0.0.1",
        "wsgi.input": io.BytesIO(),
        "wsgi.errors": sys.stderr,
        "wsgi.url_scheme": "http",
    }
    statuses: list[str] = []
    response = application(environ, lambda status, headers, *args: statuses.append(status))
    b"".join(response)
    response.close()  # type: ignore[attr-defined]  # Django's response: request_finished
    return statuses[0]


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(connection.vendor != "sqlite", reason="the SQLite setting")
def test_the_connection_outlives_the_request():
    Workspace.objects.count()
    opened = connection.connection
    assert opened is not None
    assert _get("/accounts/login/").startswith("200")
    assert connection.connection is opened  # Django's default (0) closes it here
    # Said by the deadline Django checks at each request's start and end (an
    # in-memory test database is never closed, so the identity alone is not proof).
    assert connection.close_at is not None and connection.close_at > time.monotonic() + 60
