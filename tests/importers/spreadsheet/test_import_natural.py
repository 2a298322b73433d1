"""A seller's natural sheet through the upload page: ids made, notes kept, the
file's own name everywhere, a preview a person reads (issue 10, point 5)."""

from __future__ import annotations

import io
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from daifa.catalog.models import ImportJob, Observation, Supplier
from daifa.sources.spreadsheet import read_tables
from daifa.sources.spreadsheet.ids import name_key

IMMEDIATE = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
# the stored temporary file, named after the job: never shown to the seller
UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\.(csv|xlsx)")

NATURAL = (
    "供应商名称,店铺链接,商品标题,价格,回头率,一件代发,认证,阶梯价,备注,内部编码,测试单付款时间\n"
    "义乌甲电子,https://shop1234567890.1688.com,蓝牙耳机,￥12.50,41%,是,CE;FCC,"
    "1-49:12.5;50+:11,老板回复快,A-1,2024/5/1 10:30\n"
    "深圳乙科技,,充电宝,20,22%,否,,,,A-2,\n"
)


@pytest.fixture(autouse=True)
def immediate_tasks(settings, tmp_path):
    settings.TASKS = IMMEDIATE
    settings.UPLOAD_DIR = tmp_path


def _upload(client, workspace, name="我的供应商.csv", text=NATURAL):
    file = SimpleUploadedFile(name, text.encode("gb18030"), content_type="text/csv")
    return client.post(reverse("upload", args=[workspace.pk]), {"file": file})


@pytest.mark.parametrize(
    ("lang", "headers"),
    [("zh-hans", ["供应商", "店铺链接", "备注"]), ("en", ["Supplier", "Notes"])],
)
def test_the_preview_speaks_the_page_language_and_hides_python(client, personas, lang, headers):
    client.force_login(personas.alice)
    response = _upload(client, personas.workspace)
    job = ImportJob.objects.get()
    assert job.status == "previewed", job.report
    page = client.get(response["Location"], HTTP_ACCEPT_LANGUAGE=lang).content.decode()
    head = page.split('<table class="preview">', 1)[1].split("</thead>", 1)[0]
    for header in headers:
        assert f">{header}</th>" in head
    assert "supplier_name</th>" not in head and "dropship_supported</th>" not in head
    body = page.split('<table class="preview">', 1)[1]
    for python in ("True", "False", "['CE'", "{'", "None", "12.5, 'max_qty'"):
        assert python not in body, python
    assert "CE, FCC" in body and "shop1234567890" in body and name_key("深圳乙科技") in body
    assert "2024-05-01 10:30<" in body and "T10:30" not in body
    # how the ids were made is said; unknown columns are names, not dicts
    assert ("由店铺名生成" if lang != "en" else "derived from the shop name") in page
    assert "<li>内部编码</li>" in page and "'header'" not in page
    assert "我的供应商.csv" in page and not UUID.search(page.split("<main", 1)[1])


def test_the_import_keeps_ids_notes_and_the_file_name_and_is_stable(client, personas):
    client.force_login(personas.bob)
    response = _upload(client, personas.workspace)
    job = ImportJob.objects.get()
    client.post(reverse("import_confirm", args=[personas.workspace.pk, job.pk]))
    job.refresh_from_db()
    assert job.status == "done", job.error
    ids = set(Supplier.objects.values_list("external_id", flat=True))
    assert ids == {"shop1234567890", name_key("深圳乙科技")}
    first = Supplier.objects.get(external_id="shop1234567890")
    assert first.note == "老板回复快" and first.facts["supplier_note"] == "老板回复快"
    details = set(Observation.objects.values_list("detail", flat=True))
    assert details == {"我的供应商.csv, row 2", "我的供应商.csv, row 3"}
    # the same sheet again: the same suppliers, nothing new
    _upload(client, personas.workspace)
    again = ImportJob.objects.exclude(pk=job.pk).get()
    client.post(reverse("import_confirm", args=[personas.workspace.pk, again.pk]))
    again.refresh_from_db()
    assert again.result["suppliers_created"] == 0 and Supplier.objects.count() == 2
    page = client.get(response["Location"]).content.decode()
    assert not UUID.search(page.split("<main", 1)[1])


def test_the_supplier_page_shows_the_note(client, personas):
    from daifa.screening.services import screening_refresh

    client.force_login(personas.alice)
    _upload(client, personas.workspace)
    job = ImportJob.objects.get()
    client.post(reverse("import_confirm", args=[personas.workspace.pk, job.pk]))
    screening_refresh(workspace=personas.workspace)
    supplier = Supplier.objects.get(external_id="shop1234567890")
    page = client.get(
        reverse("supplier_detail", args=[personas.workspace.pk, supplier.pk])
    ).content.decode()
    assert 'class="supplier-note"' in page and "老板回复快" in page


def test_the_badge_is_words_on_one_line(client, personas):
    client.force_login(personas.alice)
    response = _upload(client, personas.workspace)
    page = client.get(response["Location"]).content.decode()
    assert 'class="status job-badge status-previewed"' in page
    from django.contrib.staticfiles import finders

    css = open(finders.find("daifa/app.css"), encoding="utf-8").read()
    rule = re.search(r"\.status\.job-badge\s*\{([^}]*)\}", css)
    assert rule and "width:auto" in rule.group(1) and "white-space:nowrap" in rule.group(1)


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_the_templates_import_as_they_are(client, personas, tmp_path, lang, fmt):
    client.force_login(personas.alice)
    response = client.get(
        reverse("import_template", args=[personas.workspace.pk]), {"lang": lang, "format": fmt}
    )
    assert response.status_code == 200
    path = tmp_path / f"t.{fmt}"
    path.write_bytes(response.content)
    tables = read_tables(path)
    assert tables.report.ok and not tables.report.unknown_columns, tables.report.to_text("en")
    row = tables.suppliers.row(0, named=True)
    assert row["supplier_id"] == "shop1234567890" and row["repeat_rate_pct"] == 41.0
    assert row["supplier_note"]
    first_header = (
        response.content.decode("utf-8-sig").splitlines()[0].split(",")[0]
        if fmt == "csv"
        else __import__("openpyxl").load_workbook(io.BytesIO(response.content)).active["A1"].value
    )
    assert first_header == ("供应商" if lang == "zh" else "Supplier")


def test_the_upload_page_lists_templates_and_accepted_headers(client, personas):
    client.force_login(personas.alice)
    page = client.get(reverse("upload", args=[personas.workspace.pk])).content.decode()
    assert reverse("import_template", args=[personas.workspace.pk]) + "?lang=zh" in page
    assert "lang=en&amp;format=xlsx" in page
    listed = page.split('class="accepted-headers"', 1)[1]
    for alias in ("店铺链接", "备注", "回头率", "复购率", "shop link", "memberId"):
        assert alias in listed, alias
