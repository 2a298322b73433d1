"""`daifa serve` warms the whole stack before it forks its workers (issue #19, first views)."""

from __future__ import annotations

import argparse
import gc
from collections.abc import Iterable

import pytest
from django.core.cache import cache, caches
from django.db import connections

from daifa.cli.serve import THREADS, gunicorn_settings, warm_requests, warm_up
from daifa.web.wsgi import application


class Recorder:
    """The WSGI application, noting what each warm-up request answered."""

    def __init__(self) -> None:
        self.answers: list[tuple[str, str, str, str]] = []

    def __call__(self, environ: dict[str, object], start_response) -> Iterable[bytes]:  # noqa: ANN001
        seen: dict[str, object] = {}

        def record(status: str, headers: list[tuple[str, str]], *args: object) -> None:
            seen.update(status=status, headers=dict(headers))
            start_response(status, headers, *args)

        response = application(environ, record)
        body = b"".join(response).decode()
        response.close()  # type: ignore[attr-defined]  # Django's response: request_finished
        headers = seen["headers"]
        assert isinstance(headers, dict)
        path = str(environ["PATH_INFO"])
        self.answers.append((path, str(seen["status"]), headers["Content-Language"], body))
        return [body.encode()]


@pytest.mark.django_db(transaction=True)
def test_the_warm_up_serves_not_found_in_each_language_and_leaves_nothing_behind(
    personas, monkeypatch
):
    cache.clear()
    recorder = Recorder()
    closed_after: list[int] = []  # requests served when the connections were closed
    close_all = connections.close_all

    def closing() -> None:
        closed_after.append(len(recorder.answers))
        close_all()

    monkeypatch.setattr(connections, "close_all", closing)
    warm_requests(recorder)  # type: ignore[arg-type]  # a WSGI callable, as gunicorn's

    languages = {language for _, _, language, _ in recorder.answers}
    assert languages == {"zh-hans", "en"}
    assert all(status.startswith("404") for _, status, _, _ in recorder.answers)
    in_workspace = [body for path, _, _, body in recorder.answers if path.startswith("/w/")]
    assert len(in_workspace) == 2  # the page shell of a workspace, in both languages
    # Nothing kept: no page in the HTML cache (first views stay first), and no
    # database connection for the forked workers to share (closed at the end;
    # SQLite's in-memory test database itself stays open).
    assert len(caches["default"]._cache) == 0  # type: ignore[attr-defined]  # LocMemCache
    assert closed_after == [4]


def test_the_warmed_objects_are_frozen_out_of_the_garbage_collector():
    gc.unfreeze()
    try:
        warm_up()
        assert gc.get_freeze_count() > 10_000  # Django, the templates, the URL tables
    finally:
        gc.unfreeze()


def _args(**options: object) -> argparse.Namespace:
    return argparse.Namespace(**{"host": "127.0.0.1", "port": 8123, "workers": 2, **options})


def test_workers_and_threads_reach_gunicorn():
    default = gunicorn_settings(_args(threads=THREADS))
    assert default["worker_class"] == "gthread" and default["threads"] == THREADS
    single = gunicorn_settings(_args(threads=1, workers=3))
    # Not gunicorn's sync worker, even with one thread: it blocks on idle connections.
    assert single["worker_class"] == "gthread" and single["workers"] == 3
    assert gunicorn_settings(_args(threads=0, workers=0))["workers"] == 1
    assert gunicorn_settings(_args(host="::1", threads=2))["bind"] == "[::1]:8123"


@pytest.mark.django_db(transaction=True)
def test_the_warm_up_reads_each_recent_workspaces_list_reads_ahead(personas, monkeypatch):
    # What a fresh worker's first views of the list would each read: read once,
    # before the fork (daifa.screening.selectors.warm_list_memory); no page cached.
    from daifa.cli.serve import warm_list_memories
    from daifa.screening import memo

    cache.clear()
    memo._REMEMBERED.clear()
    memo._ID_LISTS.clear()
    closed: list[bool] = []
    close_all = connections.close_all
    monkeypatch.setattr(connections, "close_all", lambda: (closed.append(True), close_all()))
    warm_list_memories()
    warmed = {int(key[0].split(":")[0]) for key in memo._REMEMBERED}  # workspace_key: "pk:…"
    assert personas.workspace.pk in warmed
    assert any(key[1:] == ("list-ids", "") for key in memo._ID_LISTS)
    assert len(caches["default"]._cache) == 0  # type: ignore[attr-defined]  # LocMemCache
    assert closed == [True]
    memo._REMEMBERED.clear()
    memo._ID_LISTS.clear()
