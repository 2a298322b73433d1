"""Buying objects of a workspace, for the URL matrix (tests/web/test_url_matrix.py)."""

from __future__ import annotations

from django.core.files.uploadedfile import SimpleUploadedFile

from daifa.buying.services import (
    agreement_create,
    agreement_defaults,
    claim_create,
    order_create,
    product_create,
)
from daifa.catalog.models import Offer
from daifa.evidence.pngs import solid_png
from daifa.evidence.services import evidence_store


def buying_things(workspace, supplier, by) -> dict:
    offer = Offer.objects.filter(supplier=supplier).first()
    agreement = agreement_create(
        workspace=workspace, supplier=supplier, terms=agreement_defaults(supplier=supplier), by=by
    )
    moq = int(offer.facts.get("moq") or 1)
    order = order_create(
        workspace=workspace, offer=offer, quantity=max(moq, 1), agreement=agreement, unit_price="10"
    )
    photo = SimpleUploadedFile("alice-private-file.png", solid_png(3, 3, (4, 5, 6)))
    file = evidence_store(workspace=workspace, upload=photo, by=by)
    claim = claim_create(order=order, kind="quality", return_freight="5", evidence=[file])
    product = product_create(workspace=workspace, sku="URL-MATRIX-1", primary=offer)
    return {
        "agreement_id": agreement.pk,
        "fmt": "pdf",
        "order_id": order.pk,
        "claim_id": claim.pk,
        "product_id": product.pk,
        "file_id": file.pk,  # the claim's evidence (daifa.evidence's URL key)
    }
