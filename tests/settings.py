"""The app's settings, with background tasks run at once so tests see their effects."""

import os

# Tests run with login (LOCAL_MODE false), which the settings only allow with a
# real-looking key; this one is for tests only.
os.environ.setdefault("SECRET_KEY", "tests-only-secret-key-0123456789-abcdefghijklmnop")

from daifa.web.settings import *  # noqa: E402, F403

TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    "frames": {"BACKEND": "daifa.web.cache.ObjectCache", "LOCATION": "frames"},
}
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]  # fast logins in tests
