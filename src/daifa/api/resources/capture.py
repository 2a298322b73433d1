"""Quick capture: the text of a 1688 page -> the facts it shows, each with the
text it came from; ``"save": true`` stores them as the paste page's confirm
step does (one manual observation with the snippets as provenance)."""

from __future__ import annotations

from typing import Any

from ninja import Router, Schema
from pydantic import Field

from daifa.accounts.models import Workspace
from daifa.api.errors import ApiError, responses
from daifa.api.resources.common import ApiRequest, Id, workspace_of
from daifa.catalog.models import Supplier
from daifa.importers.capture.forms import IDENTITY
from daifa.importers.capture.selectors import Target, capture_target
from daifa.importers.capture.services import supplier_capture
from daifa.sources.capture import MAX_CHARS, Capture, CaptureError, label, parse_pasted

router = Router(tags=["capture"])


class CaptureIn(Schema):
    text: str = Field(min_length=1, max_length=MAX_CHARS)
    url: str | None = Field(None, max_length=2000)
    save: bool = False
    # Where to save: a supplier id (external, as in files) of the workspace, or
    # a new one; by default the supplier the page matches, else the id it suggests.
    supplier_id: str | None = Field(None, max_length=100)


class FoundOut(Schema):
    field: str
    value: Any = None
    canonical: bool
    label_zh: str
    label_en: str
    snippet: str
    line: int


class NoteOut(Schema):
    zh: str
    en: str


class TargetOut(Schema):
    id: int | None
    supplier_id: str | None
    how: str
    said: str


class SavedOut(Schema):
    id: int
    supplier_id: str
    offer_id: str
    observation: str | None
    supplier_created: bool
    offer_created: bool


class CaptureOut(Schema):
    page_kind: str
    fields: list[FoundOut]
    values: dict[str, Any]
    extra: dict[str, Any]
    notes: list[NoteOut]
    target: TargetOut
    suggested_supplier_id: str
    saved: SavedOut | None


def page_text(text: str, url: str | None) -> str:
    """The page's address first (it names the offer or the shop), then its text."""
    url = (url or "").strip()
    if url and url not in text:
        return f"{url}\n{text}"
    return text


@router.post("/workspaces/{ws}/capture", response={200: CaptureOut, **responses(400, 404, 413)})
def capture(request: ApiRequest, ws: Id, payload: CaptureIn) -> dict[str, Any]:
    """Read the facts of a shop profile or offer page; store them with ``save``."""
    workspace = workspace_of(request, ws)
    if payload.url and not payload.url.strip().lower().startswith(("http://", "https://")):
        raise ApiError(
            400,
            "invalid",
            f"url: {payload.url[:80]!r} is not a web address (http:// or https://).",
            f"url：{payload.url[:80]!r} 不是网址（应以 http:// 或 https:// 开头）。",
            field="url",
        )
    try:
        found = parse_pasted(page_text(payload.text, payload.url))
    except CaptureError as error:
        raise ApiError(400, "invalid", error.message_en, error.message_zh, field="text") from None
    target = capture_target(workspace, found, None)
    saved = _save(workspace, found, target, payload) if payload.save else None
    return {
        "page_kind": found.page_kind,
        "fields": [
            {
                "field": f.field,
                "value": f.value,
                "canonical": f.canonical,
                "label_zh": label(f.field, "zh"),
                "label_en": label(f.field, "en"),
                "snippet": f.snippet,
                "line": f.line,
            }
            for f in found.found
        ],
        "values": found.values,
        "extra": found.extra,
        "notes": [{"zh": n.zh, "en": n.en} for n in found.notes],
        "target": {
            "id": target.supplier.pk if target.supplier else None,
            "supplier_id": target.supplier.external_id if target.supplier else None,
            "how": target.how,
            "said": target.said,
        },
        "suggested_supplier_id": target.suggested_id,
        "saved": saved,
    }


def _save(
    workspace: Workspace, found: Capture, target: Target, payload: CaptureIn
) -> dict[str, Any]:
    values = {k: v for k, v in found.values.items() if k not in IDENTITY}
    if not values:
        raise ApiError(
            400,
            "nothing_to_save",
            "Nothing in this text was recognised as a supplier or offer fact; nothing was saved.",
            "这段文字中没有识别到供应商或商品信息；没有保存任何内容。",
            field="text",
        )
    chosen = (payload.supplier_id or "").strip()
    supplier = target.supplier
    if chosen:
        supplier = Supplier.objects.filter(workspace=workspace, external_id=chosen).first()
    external_id = chosen or (supplier.external_id if supplier else target.suggested_id)
    if supplier is None and not external_id:
        raise ApiError(
            400,
            "supplier_needed",
            "The page names no supplier daifa can recognise: give supplier_id "
            "(an existing supplier's id, or a new one's).",
            "页面上没有可识别的供应商：请提供 supplier_id（已有供应商的编号，或新供应商的编号）。",
            field="supplier_id",
        )
    stored = supplier_capture(
        workspace=workspace,
        values=values,
        page_kind=found.page_kind,
        supplier=supplier,
        supplier_id=external_id,
        supplier_name=str(found.values.get("supplier_name") or ""),
        offer_id=str(found.values.get("offer_id") or ""),
        snippets=found.snippets(),
        extra=found.extra,
    )
    return {
        "id": stored.supplier.pk,
        "supplier_id": stored.supplier.external_id,
        "offer_id": stored.offer.external_id,
        "observation": str(stored.observation.pk) if stored.observation else None,
        "supplier_created": stored.supplier_created,
        "offer_created": stored.offer_created,
    }
