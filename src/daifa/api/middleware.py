"""Under /api/ every answer is JSON, also those Django makes before (or after)
the API's own handlers run: an address that matches nothing, a method the
address does not take, a body too large to read, a server error."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

from daifa.api.errors import standard_error

PREFIX = "/api/"


class JsonErrorsMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if not request.path.startswith(PREFIX) or response.status_code < 400:
            return response
        if response.get("Content-Type", "").startswith("application/json"):
            return response
        headers = {k: response[k] for k in ("Allow", "Retry-After") if k in response}
        return standard_error(response.status_code, headers)
