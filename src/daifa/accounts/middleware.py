from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.contrib.auth.models import User
from django.http import HttpRequest, HttpResponse

from daifa.web.hosts import LOCAL_CLIENTS


class LocalUserMiddleware:
    """On a workbench bound to 127.0.0.1 (LOCAL_MODE), act as the local user.

    The user is set on the request, not logged in: a login writes a session row
    on every cookie-less request, and SQLite serialises those writes. Off the
    loopback address LOCAL_MODE is false and every page requires login.

    Only a client on this machine's loopback is signed in: should local mode be
    served on another address anyway (a hand-made gunicorn command), the rest
    of the network still gets the login page.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response
        self._user: User | None = None

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if (
            settings.LOCAL_MODE
            and not request.user.is_authenticated
            and request.META.get("REMOTE_ADDR") in LOCAL_CLIENTS
        ):
            request.user = self._local_user()
        return self.get_response(request)

    def _local_user(self) -> User:
        if self._user is None:
            from daifa.accounts.services import local_user

            self._user = local_user()
        return self._user
