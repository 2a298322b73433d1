"""The host rule: who may use the workbench without logging in.

Only 127.0.0.1, ::1 and localhost count as local. Anything else, including the
rest of 127.0.0.0/8 (which other local users and containers can share), needs
a real SECRET_KEY and login. Settings enforce it, so `gunicorn daifa.web.wsgi`
cannot skip it; `daifa serve` checks it first to give a short usage error.
"""

from __future__ import annotations

# The key a fresh checkout runs with; fine on loopback, refused anywhere else.
DEFAULT_SECRET_KEY = "daifa-local-only-not-secret"
# Keys copied from tutorials and templates are as public as the default.
KNOWN_PUBLIC_KEYS = frozenset(
    {
        DEFAULT_SECRET_KEY,
        "change-me",
        "changeme",
        "secret",
        "django-insecure",
    }
)
LOCAL_HOSTS = ("127.0.0.1", "::1", "localhost")
LOCAL_CLIENTS = ("127.0.0.1", "::1")
MIN_SECRET_KEY_LENGTH = 32


def is_local_host(host: str) -> bool:
    """True only for the three names of this machine's own loopback interface."""
    return host.strip().lower().strip("[]") in LOCAL_HOSTS


def secret_key_problem(key: str) -> str | None:
    """Why ``key`` cannot protect a workbench reachable by others (zh and en), or None."""
    if key in KNOWN_PUBLIC_KEYS or key.startswith("django-insecure-"):
        return "SECRET_KEY is a published default / SECRET_KEY 是公开的默认值"
    if len(key) < MIN_SECRET_KEY_LENGTH:
        return (
            f"SECRET_KEY has {len(key)} characters, at least {MIN_SECRET_KEY_LENGTH} are "
            f"needed / SECRET_KEY 只有 {len(key)} 个字符，至少需要 {MIN_SECRET_KEY_LENGTH} 个"
        )
    if len(set(key)) < 8:
        return "SECRET_KEY is not random / SECRET_KEY 不够随机"
    return None


def allowed_host_for(host: str) -> str | None:
    """The Host-header value a browser sends for ``host`` (IPv6 in brackets).

    Wildcards (0.0.0.0, ::) too: that is the address `daifa serve` prints, and a
    literal address cannot be re-pointed by DNS the way a name can.
    """
    bare = host.strip().strip("[]")
    if not bare:
        return None
    return f"[{bare}]" if ":" in bare else bare
