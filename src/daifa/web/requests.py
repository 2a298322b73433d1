"""The requests pages receive, typed for mypy (django-stubs' recipe).

``HttpRequest.user`` may be anonymous; behind ``login_required`` it is a real
user, which the services that record who did something need. django_htmx's
middleware runs for every request, so ``htmx`` is always there.
"""

from __future__ import annotations

from django.contrib.auth.models import User
from django.http import HttpRequest
from django_htmx.middleware import HtmxDetails


class HtmxHttpRequest(HttpRequest):
    """A request to a page that answers htmx (django-htmx's middleware adds ``htmx``)."""

    htmx: HtmxDetails


class AuthedHttpRequest(HttpRequest):
    """A request to a ``login_required`` view."""

    user: User
    htmx: HtmxDetails
