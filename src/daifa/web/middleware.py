from __future__ import annotations

# Everything the workbench loads comes from its own static files, so the policy
# can forbid every other origin; htmx and the charts need no inline script.
POLICY = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "font-src 'self'",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]
)


class ContentSecurityPolicyMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault("Content-Security-Policy", POLICY)
        return response


class WorkspaceTimeZoneMiddleware:
    """Pages of a workspace show every date and time in the workspace's zone.

    Django's ``date`` filter and ``timezone.localtime``/``localdate`` use the
    active zone, so activating it here gives one rule for every page; pages
    outside a workspace use ``settings.TIME_ZONE``.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        from django.utils import timezone

        try:
            return self.get_response(request)
        finally:
            timezone.deactivate()  # a worker thread's next request starts afresh

    def process_view(self, request, view_func, view_args, view_kwargs):
        from django.utils import timezone

        from daifa.accounts.models import Workspace

        workspace_id = view_kwargs.get("workspace_id")
        if workspace_id is None:
            timezone.deactivate()
            return None
        name = Workspace.objects.filter(pk=workspace_id).values_list("time_zone", flat=True)
        zone = Workspace(time_zone=name.first() or "").zone
        timezone.activate(zone)
        return None
