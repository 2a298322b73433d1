from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from daifa.evidence.pngs import solid_png
from daifa.verification.models import Check

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _pdf_bytes(name: str) -> bytes:
    return PDF + f"% {name}\n".encode()


def png(name: str = "photo.png", colour=(200, 30, 30), stripe: int = 0) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, solid_png(6, 4, colour, stripe=stripe), "image/png")


def pdf(name: str = "cert.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, _pdf_bytes(name), "application/pdf")


class Steps:
    """A member working through a supplier's checks in the browser's place."""

    def __init__(self, client, personas):
        self.client, self.personas = client, personas
        self.ws = personas.workspace.pk

    def plan(self, supplier, lang="en"):
        """Add the checks the verdict asks for (the page's button), then the page."""
        url = reverse("verification:supplier_checks", args=[self.ws, supplier.pk])
        self.client.post(url, {"action": "plan"})
        return self.client.get(url, HTTP_ACCEPT_LANGUAGE=lang)

    def check(self, supplier, kind, topic="") -> Check:
        self.plan(supplier)
        found = Check.objects.filter(
            supplier=supplier, type=kind, topic=topic, status__in=["todo", "waiting"]
        )
        if not found.exists():  # done before: "check again"
            from daifa.verification.services import check_create

            return check_create(supplier=supplier, type=kind, topic=topic, by=self.personas.bob)
        return found.first()

    def url(self, check) -> str:
        return reverse("verification:check", args=[self.ws, check.pk])

    def post(self, check, data, lang="en", **files):
        return self.client.post(self.url(check), {**data, **files}, HTTP_ACCEPT_LANGUAGE=lang)

    def page(self, check, lang="en") -> str:
        return self.client.get(self.url(check), HTTP_ACCEPT_LANGUAGE=lang).content.decode()


@pytest.fixture
def steps(client, personas):
    client.force_login(personas.bob)
    return Steps(client, personas)


VERIFY_FIRST_GATES = ("inventory_consistent", "test_order_ship_hours", "sample_test_passed")


def make_verify_first(personas, gates=VERIFY_FIRST_GATES, name="待核实箱包"):
    """A well-known supplier whose ``gates`` are still unknown (and a peer that
    knows everything): the screening says "verify first" until the checks are in."""
    from daifa.catalog.models import Supplier
    from daifa.catalog.services import import_tables
    from daifa.screening.services import screening_refresh
    from tests.catalog.test_import_service import Tables, rows
    from tests.screened import GOOD, _offer

    facts = {k: v for k, v in GOOD.items() if k not in gates}
    offers = rows(
        _offer("S-VERIFY", name, 30.0, dropship_price_cny=32.0, **facts),
        _offer("S-PEER", "同款对照", 31.0, dropship_price_cny=33.0, **GOOD),
    )
    import_tables(workspace=personas.workspace, tables=Tables(offers), filename="v.csv")
    screening_refresh(workspace=personas.workspace)
    return Supplier.objects.get(workspace=personas.workspace, external_id="S-VERIFY")


@pytest.fixture
def verify_first(personas):
    return make_verify_first(personas)
