from __future__ import annotations

from django.conf import settings
from django.contrib.auth import login


class LocalUserMiddleware:
    """On a workbench bound to 127.0.0.1 (LOCAL_MODE), sign in the local user.

    Off the loopback address LOCAL_MODE is false and every page requires login.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if settings.LOCAL_MODE and not request.user.is_authenticated:
            from daifa.accounts.services import local_user

            login(request, local_user(), backend="django.contrib.auth.backends.ModelBackend")
        return self.get_response(request)
