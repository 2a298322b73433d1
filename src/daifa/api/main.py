"""The API object: token auth on every operation, JSON errors, one router per
resource group. A new group (verification, buying, monitoring …) is a module
in ``daifa.api.resources`` with a ``router``, added to ``RESOURCES`` below."""

from __future__ import annotations

import importlib

from ninja import NinjaAPI
from ninja.openapi.docs import Swagger
from ninja.renderers import JSONRenderer

from daifa.api import errors
from daifa.api.auth import TokenAuth

RESOURCES = (
    "workspaces",
    "suppliers",
    "imports",
    "capture",
    "compare",
)

DESCRIPTION = """\
daifa 代发 supplier workbench: suppliers, verdicts, imports, quick capture and comparisons.

Every operation needs a personal token: `Authorization: Bearer <token>`. Create one
with `daifa token create USERNAME` or on the account page (/account/tokens/).
Errors are JSON: `{"error": {"code", "message_zh", "message_en", "field"?}}`.

每个接口都需要个人令牌（`Authorization: Bearer <令牌>`）；错误以 JSON 返回，含中英文说明。
"""


class Renderer(JSONRenderer):
    # Chinese supplier names stay readable in curl output.
    json_dumps_params = {"ensure_ascii": False}


def build_api() -> NinjaAPI:
    api = NinjaAPI(
        title="daifa API",
        version="1",
        description=DESCRIPTION,
        auth=TokenAuth(),
        renderer=Renderer(),
        urls_namespace="api",
        # Served from ninja's own static files (no CDN), under the strict CSP.
        docs=Swagger(settings={"persistAuthorization": False}),
    )
    errors.install(api)
    for name in RESOURCES:
        module = importlib.import_module(f"daifa.api.resources.{name}")
        api.add_router("", module.router)
    return api


api = build_api()
