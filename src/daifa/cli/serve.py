"""`daifa serve` and `daifa demo`: the workbench on a production server (gunicorn)."""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
from collections.abc import Callable
from typing import TYPE_CHECKING

from daifa.cli import UsageError

if TYPE_CHECKING:
    from django.core.handlers.wsgi import WSGIHandler

DEMO_WORKSPACE = "演示 Demo"
THREADS = 4


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser("serve", help="serve the workbench (127.0.0.1 by default)")
    _server_options(parser)
    parser.set_defaults(func=run_serve)

    parser = subparsers.add_parser(
        "demo", help="load the demo workspace and serve the workbench on http://127.0.0.1:8000"
    )
    _server_options(parser)
    parser.add_argument("--no-serve", action="store_true", help="load the demo data and stop")
    parser.add_argument("--seed", type=int, default=1688)
    parser.add_argument("--suppliers", type=int, default=300, help="demo suppliers (default 300)")
    parser.add_argument("--offers", type=int, default=1200, help="demo offers (default 1200)")
    parser.set_defaults(func=run_demo)


def _server_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=int(os.getenv("PORT", "8000")))
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument(
        "--threads",
        type=int,
        default=THREADS,
        help=f"threads per worker (default {THREADS})",
    )


def is_loopback(host: str) -> bool:
    """Only 127.0.0.1, ::1 and localhost: the rest of 127.0.0.0/8 is not "this seller"."""
    from daifa.web.hosts import is_local_host

    return is_local_host(host)


def prepare_environment(host: str) -> None:
    """Local mode on loopback; anywhere else a real secret key and login are required.

    The settings enforce the same rule (daifa.web.hosts); checking here first
    turns a refusal into a short usage error before anything starts.
    """
    from daifa.web.hosts import secret_key_problem

    os.environ["DAIFA_HOST"] = host
    if is_loopback(host):
        os.environ["DAIFA_LOCAL_MODE"] = "true"
        return
    problem = secret_key_problem(os.getenv("SECRET_KEY", ""))
    if problem:
        raise UsageError(
            f"refusing to listen on {host}: {problem}. Set SECRET_KEY (32+ random characters) "
            "and create users with `daifa user add`; only 127.0.0.1, ::1 and localhost run "
            "without login. "
            f"拒绝在 {host} 上监听：请设置 SECRET_KEY（至少 32 个随机字符）并创建用户；"
            "只有 127.0.0.1、::1 和 localhost 可以免登录。"
        )
    os.environ["DAIFA_LOCAL_MODE"] = "false"


def run_serve(args: argparse.Namespace) -> int:
    prepare_environment(args.host)
    from daifa.cli import _django

    _django.setup()
    return _serve(args)


def run_demo(args: argparse.Namespace) -> int:
    prepare_environment(args.host)
    if args.no_serve:
        return _load_demo(args)
    # Loading the demo starts Polars' thread pool (rayon) and a tokio runtime in
    # this process. Gunicorn forks its workers from it, and a forked child keeps
    # the pool's state but none of its threads: its first Polars call (facts page,
    # export) then waits forever. So the demo is loaded by a child process that
    # exits, and this process, which never touched Polars, serves.
    code = subprocess.call(_load_command(args))
    if code:
        return code
    from daifa.cli import _django

    _django.setup(migrate=False)
    return _serve(args)


def _load_command(args: argparse.Namespace) -> list[str]:
    return [
        sys.executable, "-m", "daifa.cli", "demo", "--no-serve", "--host", args.host,
        "--seed", str(args.seed), "--suppliers", str(args.suppliers), "--offers", str(args.offers),
    ]  # fmt: skip


def _load_demo(args: argparse.Namespace) -> int:
    from daifa.cli import _django

    _django.setup()
    from daifa.cli.demo_workspace import demo_workspace_load
    from daifa.demo.generate import DemoError

    try:
        workspace, loaded = demo_workspace_load(
            name=DEMO_WORKSPACE,
            seed=args.seed,
            suppliers=args.suppliers,
            offers=args.offers,
            progress=_stage_printer(),
        )
    except DemoError as exc:
        raise UsageError(str(exc)) from exc
    count = workspace.suppliers.count()
    if loaded:
        print(
            f"daifa: demo workspace loaded ({count} suppliers) / "
            f"演示工作区已载入（{count} 家供应商）"
        )
    else:
        print(f"daifa: demo workspace already loaded ({count} suppliers) / 演示工作区已存在")
    return 0


def _stage_printer() -> Callable[[str, int, int | None], None]:
    seen: set[str] = set()

    def report(stage: str, done: int, total: int | None) -> None:
        if stage not in seen:
            seen.add(stage)
            print(f"daifa: {stage} …", file=sys.stderr, flush=True)

    return report


def _serve(args: argparse.Namespace) -> int:
    from gunicorn.app.base import BaseApplication

    from daifa.web.wsgi import application

    settings = gunicorn_settings(args)

    class Server(BaseApplication):  # type: ignore[misc]  # gunicorn ships no type hints
        def load_config(self) -> None:
            for name, value in settings.items():
                self.cfg.set(name, value)

        def load(self) -> WSGIHandler:
            return application

    warm_up(application)
    worker = TaskWorkerSupervisor(start_task_worker).start()
    try:
        Server().run()
    finally:
        worker.stop()
    return 0


def gunicorn_settings(args: argparse.Namespace) -> dict[str, object]:
    """The server's gunicorn settings for ``daifa serve``'s options."""
    host = f"[{args.host}]" if ":" in args.host else args.host
    url = f"http://{host}:{args.port}/"
    threads = max(1, getattr(args, "threads", THREADS))
    return {
        "bind": f"{host}:{args.port}",
        "workers": max(1, args.workers),
        # gthread also with one thread: gunicorn's sync worker, which has no
        # keep-alive, blocks on a connection a browser opened and has not used
        # yet (measured: a worker stuck until its 30 s time-out, then killed).
        "worker_class": "gthread",
        "threads": threads,
        "accesslog": None,
        # SIGTERM: requests get a few seconds to finish, then the workers are
        # killed, so the whole server is down within 10 s.
        "graceful_timeout": 5,
        # Gunicorn's control socket defaults to one path per HOME
        # ($HOME/.gunicorn/gunicorn.ctl), shared by every server started
        # there; daifa does not use it.
        "control_socket_disable": True,
        "when_ready": lambda server: print(f"daifa: workbench at {url}", flush=True),
    }


def warm_up(application: WSGIHandler | None = None) -> None:
    """Import every view and compile every template once, before the fork: each
    worker inherits them instead of paying about a second on its first requests.
    With ``application``, also serve a few pages through it (see ``warm_requests``).
    Nothing here may run a Polars query (see ``run_demo``).

    Then every object made so far is frozen out of the garbage collector: a
    full collection walks every live object, and after the warm-up that is all
    of Django, the compiled templates and the URL tables (about 130 ms of CPU,
    in the middle of some request, with the other threads waiting). Frozen,
    they are no longer walked, and the workers' copies of them stay shared
    with this process instead of being written to by the collector."""
    import gc
    from pathlib import Path

    from django.conf import settings
    from django.core.cache import caches
    from django.template import TemplateSyntaxError, engines
    from django.template.utils import get_app_template_dirs
    from django.urls import get_resolver

    get_resolver().url_patterns  # noqa: B018 - imports every views module
    for engine in engines.all():
        dirs: list[str | Path] = [*engine.dirs, *get_app_template_dirs("templates")]
        for root in map(Path, dirs):
            for path in root.rglob("*.html"):
                try:
                    engine.get_template(path.relative_to(root).as_posix())
                except TemplateSyntaxError:  # a page's problem, shown when it is asked for
                    continue
    for alias in settings.CACHES:  # imports each backend (its instances are per thread)
        caches[alias]  # noqa: B018
    if application is not None:
        warm_requests(application)
        warm_list_memories()
    gc.collect()
    gc.freeze()


# Workspaces whose list reads are warmed at start, the most recent first: a
# seller's few, an agency's busiest; the rest are read on their first view.
WARM_WORKSPACES = 16


def warm_list_memories() -> None:
    """Each recent workspace's list reads, read once here for every worker
    (``daifa.screening.selectors.warm_list_memory``), and its filter form's
    widgets (``daifa.screening.views.warm_filter_widgets``). No page is rendered
    or cached; the database connections are closed for the fork."""
    from django.db import connections

    from daifa.accounts.models import Workspace
    from daifa.screening.selectors import warm_list_memory
    from daifa.screening.views import warm_filter_widgets

    try:
        for workspace in Workspace.objects.order_by("-pk")[:WARM_WORKSPACES]:
            warm_list_memory(workspace)
            warm_filter_widgets(workspace)
    finally:
        connections.close_all()


WARM_UP_PATH = "/daifa-warm-up/"


def warm_requests(application: WSGIHandler) -> None:
    """Serve "page not found" once per language, in and out of a workspace, through
    the whole stack (middleware, the signed-in user, locale, the page shell with
    its navigation), before the fork. What Django builds on a first request stays
    built for every worker: each language's translation catalogs, the URL
    tables each language reverses through, the middleware's lookups. Database
    connections are closed again: a forked worker must open its own.

    The pages are the 404s a visitor sees at a wrong address: nothing is
    written or cached (no HTML cache entry: first views stay first)."""
    import io

    from django.conf import settings
    from django.db import connections
    from django.http.request import validate_host

    from daifa.accounts.models import Workspace

    # An address the settings accept, not a pattern ("*", ".example.com").
    hosts = [h for h in settings.ALLOWED_HOSTS if h != "*" and not h.startswith(".")]
    hosts += ["127.0.0.1"] if "*" in settings.ALLOWED_HOSTS else []
    if not hosts or not validate_host(hosts[0], settings.ALLOWED_HOSTS):
        return
    first = Workspace.objects.order_by("pk").values_list("pk", flat=True).first()
    paths = [WARM_UP_PATH] + ([f"/w/{first}{WARM_UP_PATH}"] if first is not None else [])

    def start_response(
        status: str, headers: list[tuple[str, str]], exc_info: object = None, /
    ) -> Callable[[bytes], object]:
        return lambda data: None  # WSGI's write(): the page is read from the response

    try:
        for code, _name in settings.LANGUAGES:
            for path in paths:
                environ = {
                    "REQUEST_METHOD": "GET",
                    "PATH_INFO": path,
                    "QUERY_STRING": "",
                    "SCRIPT_NAME": "",
                    "SERVER_NAME": hosts[0],
                    "SERVER_PORT": "80",
                    "SERVER_PROTOCOL": "HTTP/1.1",
                    "HTTP_HOST": hosts[0],
                    "HTTP_ACCEPT_LANGUAGE": code,
                    # The local user's view where there is one (loopback, local
                    # mode); elsewhere a stranger's, who must sign in.
                    "REMOTE_ADDR": "127.0.0.1",
                    "wsgi.input": io.BytesIO(),
                    "wsgi.errors": sys.stderr,
                    "wsgi.url_scheme": "http",
                    "wsgi.version": (1, 0),
                    "wsgi.multithread": True,
                    "wsgi.multiprocess": True,
                    "wsgi.run_once": False,
                }
                response = application(environ, start_response)
                b"".join(response)
                close = getattr(response, "close", None)  # WSGI: ends the request
                if close is not None:
                    close()
    finally:
        connections.close_all()


class TaskWorkerSupervisor:
    """Keeps one task worker running: a worker that dies (killed for memory, a
    crash) is started again, so queued imports still run; the jobs it was
    running are failed with the reason when next seen (importers.spreadsheet.services leases).

    Restarts are spaced by ``backoff`` seconds so a worker that cannot start
    does not spin.
    """

    def __init__(
        self,
        start: Callable[[], subprocess.Popen[bytes]],
        *,
        interval: float = 1.0,
        backoff: float = 5.0,
    ) -> None:
        import threading

        self._start = start
        self.interval, self.backoff = interval, backoff
        self.process: subprocess.Popen[bytes] | None = None
        self.restarts = 0
        self._stopping = threading.Event()
        self._thread = threading.Thread(target=self._watch, daemon=True)

    def start(self) -> TaskWorkerSupervisor:
        self.process = self._start()
        self._thread.start()
        return self

    def _watch(self) -> None:
        while not self._stopping.wait(self.interval):
            assert self.process is not None  # start() sets it before it starts this thread
            code = self.process.poll()
            if code is None:
                continue
            print(
                f"daifa: the task worker stopped (exit {code}); starting it again",
                file=sys.stderr,
                flush=True,
            )
            if self._stopping.wait(self.backoff if self.restarts else 0):
                return
            self.process = self._start()
            self.restarts += 1

    def stop(self, timeout: float = 10) -> None:
        self._stopping.set()
        self._thread.join(timeout)
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=timeout)


def start_task_worker() -> subprocess.Popen[bytes]:
    """The background worker for long jobs (imports), beside the web server."""
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "daifa.web.settings"}
    command = [
        sys.executable,
        "-m",
        "django",
        "db_worker",
        "--queue-name",
        "*",
        "--interval",
        "0.5",
    ]
    return subprocess.Popen(command, env=env)
