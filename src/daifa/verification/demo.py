"""Demo data for the verification workflow: a few suppliers half-way through it
(stock probes answered, a test order waiting for its carrier scan, samples tested
with photos drawn at run time, a certificate about to expire, quotes to compare),
recorded through the same services as the pages, then one screening."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from daifa.evidence.pngs import solid_png
from daifa.evidence.services import evidence_store
from daifa.verification import forms, services
from daifa.verification.catalogue import checklist, guess_category
from daifa.verification.models import Check

if TYPE_CHECKING:
    from django.contrib.auth.models import User

    from daifa.accounts.models import Workspace
    from daifa.catalog.models import Supplier
    from daifa.evidence.models import EvidenceFile
    from daifa.screening.models import ScreenRow

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _photo(
    workspace: Workspace, name: str, colour: tuple[int, int, int], stripe: int
) -> EvidenceFile:
    upload = SimpleUploadedFile(name, solid_png(48, 32, colour, stripe=stripe), "image/png")
    return evidence_store(workspace=workspace, upload=upload, by=None)


def _pdf(workspace: Workspace, name: str) -> EvidenceFile:
    data = PDF + f"% {name}\n".encode()
    return evidence_store(
        workspace=workspace, upload=SimpleUploadedFile(name, data, "application/pdf"), by=None
    )


def _check(supplier: Supplier, kind: str, topic: str = "") -> Check | None:
    return Check.objects.filter(supplier=supplier, type=kind, topic=topic, status="todo").first()


def _read(check: Check, post: dict[str, str]) -> forms.Reading:
    return forms.read(check.type, check.topic, post, "zh", today=timezone.localdate())


def demo_verification(*, workspace: Workspace, by: User | None = None) -> int:
    """Record the demo's checks; returns how many were touched."""
    from daifa.screening.models import ScreenRow
    from daifa.screening.services import screening_refresh

    rows = list(
        ScreenRow.objects.filter(workspace=workspace, is_best=True, decision="verify_first")
        .select_related("supplier", "offer")
        .order_by("-known_score", "id")[:20]
    )
    if not rows:
        return 0
    services.checks_plan(workspace=workspace, suppliers=[r.supplier for r in rows], by=by)
    now = timezone.localtime()
    day = (now - timedelta(days=6)).date()
    touched = 0

    def finish(check: Check | None, post: dict[str, str], **kw: Any) -> None:
        nonlocal touched
        if check is None:
            return
        reading = _read(check, post)
        if reading.complete:
            services.check_finish(check=check, reading=reading, by=by, rescreen_now=False, **kw)
        else:
            services.check_progress(check=check, reading=reading, by=by, rescreen_now=False)
        touched += 1

    def having(kind: str, topic: str = "") -> list[ScreenRow]:
        return [r for r in rows if _check(r.supplier, kind, topic) is not None]

    for i, row in enumerate(having("stock_probe")[:4]):  # answered; the fourth disagrees
        second = "480" if i < 3 else "无货"
        chat = _photo(workspace, f"旺旺截图-{i + 1}.png", (235, 240, 250), 4 + i)
        finish(
            _check(row.supplier, "stock_probe"),
            {"probed_on": day.isoformat(), "quantity_asked": "100", "main_answer": "现货 500",
             "second_answer": second, "tolerance_pct": "10"},
            files=[chat],
        )  # fmt: skip
    paid = (now - timedelta(days=3)).replace(second=0, microsecond=0)
    fmt = "%Y-%m-%dT%H:%M"
    for i, row in enumerate(having("test_order")[:3]):  # two timed, one waiting for 揽收
        post = {"order_ref": f"DEMO-{row.supplier.external_id}", "pieces": "1",
                "paid_at": paid.strftime(fmt)}  # fmt: skip
        if i < 2:
            post["picked_up_at"] = (paid + timedelta(hours=20 + 40 * i)).strftime(fmt)
        finish(_check(row.supplier, "test_order"), post)
    for i, row in enumerate(having("sample_test")[:2]):  # a photo per item
        check = _check(row.supplier, "sample_test")
        if check is None:
            continue
        category = guess_category(row.offer.category if row.offer else "")
        post = {"tested_on": (now - timedelta(days=1)).date().isoformat(), "category": category}
        photos = {}
        for j, item in enumerate(checklist(category)):
            failed = i == 1 and j == len(checklist(category)) - 1
            if item.rule == "pass":
                post[f"item-{item.key}-result"] = "fail" if failed else "pass"
            else:
                assert item.limit is not None  # a measured item has its limit
                good = item.limit + 1 if item.rule == "min" else max(item.limit - 1, 0)
                bad = item.limit - 1 if item.rule == "min" else item.limit + 1
                post[f"item-{item.key}-measured"] = f"{bad if failed else good:g}"
            colour = (200, 60, 60) if failed else (80, 170, 90)
            photos[item.key] = _photo(workspace, f"样品-{i + 1}-{item.key}.png", colour, 3 + j)
        finish(check, post, items_photos=photos)
    for row in having("certificate")[:1]:  # one certificate expiring within the month
        check = _check(row.supplier, "certificate")
        if check is not None:
            post = {"kind": "CE", "number": "DEMO-CE-0001", "issuer": "SGS",
                    "valid_until": (now + timedelta(days=20)).date().isoformat()}  # fmt: skip
            finish(check, post, certificate_file=_pdf(workspace, "CE证书-demo.pdf"))
    for row in having("inquiry", "after_sales")[:3]:  # questions sent, waiting for answers
        check = _check(row.supplier, "inquiry", "after_sales")
        if check is not None:
            services.check_mark_sent(check=check, by=by, at=now - timedelta(hours=5))
            touched += 1
    _demo_quotes(workspace, rows, now)
    screening_refresh(workspace=workspace)
    return touched


def _demo_quotes(workspace: Workspace, rows: list[ScreenRow], now: datetime) -> None:
    """Quotes from the suppliers of one product group, to compare at landed cost."""
    from daifa.catalog.models import Offer

    group = next((r.offer.product_group for r in rows if r.offer and r.offer.product_group), "")
    if not group:
        return
    offers = Offer.objects.filter(workspace=workspace, product_group=group)[:4]
    for i, offer in enumerate(offers):
        price = offer.facts.get("unit_price_cny") or 20.0
        services.quote_add(
            offer=offer,
            by=None,
            quoted_at=(now - timedelta(days=2 + i)).date(),
            quantity=200,
            unit_price_cny=round(float(price) * (0.9 + 0.03 * i), 2),
            moq=100 if i != 2 else 500,
            lead_time_days=5 + 2 * i,
            payment_terms="30% 定金，发货前付清" if i % 2 else "支付宝担保交易",
            shipping=("sea", "air", "line", "express")[i % 4],
            customisation_cost_cny=300 if i == 1 else None,
            inclusions="OPP 袋 + FBA 标签" if i != 3 else "",
            valid_until=(now + timedelta(days=30 - 20 * (i == 3) * 2)).date(),
        )
