"""Dashboard, supplier list, supplier page, compare, export: owner, member, outsider."""

from __future__ import annotations

import io

import openpyxl
import pytest
from django.urls import reverse


def url(name, personas, *args):
    return reverse(name, args=[personas.workspace.pk, *args])


@pytest.mark.parametrize("who", ["alice", "bob"])
def test_dashboard_counts_grades_flags_and_lists_what_to_verify(client, personas, screened, who):
    client.force_login(getattr(personas, who))
    html = client.get(url("dashboard", personas), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "5</strong> suppliers" in html
    assert "To verify before approval" in html
    # the test-order gate is unknown for three suppliers; its next action is shown
    assert "Place a 1–2 piece test order" in html
    assert "中庸电子" in html


def test_supplier_list_filters_and_sorts(client, personas, screened):
    client.force_login(personas.alice)

    def page(**q):
        return client.get(
            url("supplier_list", personas), q, HTTP_ACCEPT_LANGUAGE="en"
        ).content.decode()

    everything = page()
    assert "5 suppliers" in everything
    assert everything.index("优选电子") < everything.index("孤品家居")  # by score
    assert "1 supplier" in page(approvable="yes") and "优选电子" in page(approvable="yes")
    flagged = page(flag="sales_spike")
    assert "低价" in flagged and "优选电子" not in flagged
    assert "孤品家居" in page(category="家居日用") and "优选电子" not in page(category="家居日用")
    assert "1 supplier" in page(q="孤品")
    assert "优选电子" in page(q="蓝牙耳机 优选")  # offer titles are searched too
    cheap_only = page(price_max="20")
    assert "低价" in cheap_only and "优选电子" not in cheap_only
    assert "优选电子" in page(credentials="cross_border_tag") and "中庸电子" not in page(
        credentials="cross_border_tag"
    )
    assert "must not be below" in page(moq_min="5", moq_max="1")


def test_supplier_list_htmx_returns_the_results_fragment_only(client, personas, screened):
    client.force_login(personas.alice)
    html = client.get(
        url("supplier_list", personas), {"grade": "A"}, HTTP_HX_REQUEST="true"
    ).content.decode()
    assert html.lstrip().startswith('<section id="results">') and "<html" not in html


def test_supplier_page_explains_why_a_supplier_failed(client, personas, screened):
    client.force_login(personas.bob)
    html = client.get(
        url("supplier_detail", personas, screened["S-FAIL"].pk), HTTP_ACCEPT_LANGUAGE="en"
    ).content.decode()
    assert "Not approvable: failed gates" in html
    assert "s.csv, row 5" in html  # evidence: where the failing value came from


def test_supplier_page_shows_flag_evidence_and_escapes_supplier_text(client, personas, screened):
    client.force_login(personas.alice)
    html = client.get(
        url("supplier_detail", personas, screened["S-CHEAP"].pk), HTTP_ACCEPT_LANGUAGE="en"
    ).content.decode()
    assert "Spike: the last 30 days jump far above the earlier history." in html
    assert 'id="sales-data"' in html and '"window_start"' in html
    assert 'class="templated"' in html and "物流快，质量好，好评！" in html
    assert "<b>低价</b>" not in html and "&lt;b&gt;低价&lt;/b&gt;电子" in html


def test_compare_ranks_the_group_and_shows_cheapest_against_best(client, personas, screened):
    client.force_login(personas.alice)
    html = client.get(
        url("compare", personas), {"group": "耳机-01"}, HTTP_ACCEPT_LANGUAGE="en"
    ).content.decode()
    for name in ("优选电子", "中庸电子", "无代发", "&lt;b&gt;低价&lt;/b&gt;电子"):
        assert name in html
    assert "Best overall" in html and "Cheapest" in html
    assert 'id="radar-data"' in html
    assert "Landed unit cost" in html and "TOPSIS closeness" in html


def test_compare_at_a_quantity_reprices_at_that_tier(client, personas, screened):
    client.force_login(personas.alice)
    html = client.get(
        url("compare", personas), {"group": "耳机-01", "qty": "50"}, HTTP_ACCEPT_LANGUAGE="en"
    ).content.decode()
    assert "¥30" in html  # 优选电子 unit price at 50 pieces (MOQ 2 met)


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_export_writes_the_filtered_screened_list(client, personas, screened, fmt):
    client.force_login(personas.alice)
    response = client.get(url("export_screening", personas), {"format": fmt, "grade": "A"})
    assert response.status_code == 200
    if fmt == "csv":
        text = response.content.decode("utf-8-sig")
        assert text.splitlines()[0].startswith("供应商ID,供应商,等级,分数")
        assert "S-BEST" in text and "S-FAIL" not in text
    else:
        sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
        ids = [row[0] for row in sheet.iter_rows(min_row=2, values_only=True)]
        assert ids == ["S-BEST"]


def test_charlie_sees_nothing_of_alices_by_page_export_or_url_guessing(client, personas, screened):
    client.force_login(personas.charlie)
    supplier = screened["S-BEST"].pk
    for target in [
        url("dashboard", personas),
        url("supplier_list", personas),
        url("supplier_detail", personas, supplier),
        url("compare", personas) + "?group=耳机-01",
        url("export_screening", personas) + "?format=csv",
        url("profile_edit", personas),
        reverse("supplier_detail", args=[personas.charlie_workspace.pk, supplier]),
    ]:
        assert client.get(target).status_code == 404, target
    assert client.post(url("profile_preview", personas), {}).status_code == 404
    own = client.get(
        reverse("supplier_list", args=[personas.charlie_workspace.pk])
    ).content.decode()
    assert "优选电子" not in own
