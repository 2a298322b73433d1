"""The supplier page's head and body, written in Python (``daifa.screening.supplierpage``),
are the HTML the template's partials drew before, to the byte, in both languages.

The partials are kept here as the reference (as ``test_tables.py`` keeps the loops
``tables.py`` replaced) and rendered from the same values as the Python: suppliers
screened and not, with and without offers, sales, reviews (genuine and
templated), peers, pasted extras, notes, a shop link, failed and unknown gates,
and markup in every supplier text (it must come out escaped).
"""

from __future__ import annotations

import itertools
import re
from datetime import UTC, datetime

import pytest
from django.template import Context, RequestContext, Template
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.safestring import mark_safe

from daifa.catalog.models import Observation, Offer, Supplier
from daifa.catalog.selectors import fact_history
from daifa.screening import charts, supplierpage
from daifa.screening.selectors import page_offers, supplier_scorecard
from daifa.screening.tables import history_rows, offer_rows, review_items
from daifa.screening.views import _captured, _headline

HEAD = """{% load i18n static daifa %}  <h1>{{ supplier.name|default:supplier.external_id }}</h1>
  <p class="muted">{% translate "Supplier id" %}: {{ supplier.external_id }}{% with shop=supplier.facts.shop_url|web_href %}{% if shop %} · <a href="{{ shop }}" rel="noopener noreferrer" target="_blank">{% translate "shop" %}</a>{% endif %}{% endwith %}</p>
  {% if supplier.note %}<p class="supplier-note"><strong>{% translate "Notes" %}</strong>: {{ supplier.note|linebreaksbr }}</p>{% endif %}
  {% if best %}
  <div class="verdict">
    <span class="grade big grade-{{ best.grade }}">{{ best.grade }}</span>
    <div>
      <p><strong>{% translate "Score" %} {{ best.score|num:0 }}</strong> · <span title="{% translate 'The score counts only the criteria with data; the known share says how much of the weight that is. A grade needs a minimum known share.' %}">{% translate "known" %} {{ best.coverage|pct }}</span> · <strong>{{ best.action }}</strong></p>
      {% if best.offer %}<p class="judged-offer" id="judged-offer">{% translate "This verdict is about the offer" %}: <strong>{{ best.offer.title|default:best.offer.external_id }}</strong> <span class="muted">({% translate "offer" %} {{ best.offer.external_id }})</span></p>{% endif %}
      {% if best.blocking %}<p class="bad">{% translate "Not approvable: failed gates" %} — {{ best.blocking|join:"; " }}</p>
      {% elif best.to_verify %}<p class="warn">{% translate "Verify before approval" %}: {{ best.to_verify|join:"; " }}</p>
      {% elif best.approvable %}<p class="ok">{% translate "Approvable: every gate passed." %}</p>{% endif %}
    </div>
  </div>
  {% endif %}
"""  # noqa: E501 - the partial as it was

BODY = """{% load i18n static daifa %}
{% for note in scorecard.notes %}<p class="muted">{{ note }}</p>{% endfor %}
{% if not best %}<p class="warn" id="screening-pending">{% translate "This supplier has not been screened yet: its scorecard appears once the workspace is screened again, which starts after every change and takes a few seconds (longer in a large workspace)." %} <a href="">{% translate "Reload" %}</a></p>{% endif %}

{% if best %}
<h2>{% translate "Scorecard" %}</h2>
{{ scorecard.dimensions|scorecard_sections }}

<h2>{% translate "Flags and their evidence" %}</h2>
<section class="evidence">
  <h3>{% translate "Sales history" %}</h3>
  {% if sales_chart %}
    <p>{% if sales_chart.status == "fail" %}<span class="bad">{% translate "Spike: the last 30 days jump far above the earlier history." %}</span>{% elif sales_chart.status == "pass" %}<span class="ok">{% translate "No spike." %}</span>{% endif %}
    {% if sales_chart.baseline is not None %}{% blocktranslate with b=sales_chart.baseline|num:1 r=sales_chart.recent|num:1 %}Units sold a day: {{ b }} before, {{ r }} in the last 30 days.{% endblocktranslate %}{% endif %}</p>
    <div class="chart"><canvas id="sales-chart" data-chart="sales" data-source="sales-data" aria-label="{% translate 'Daily units sold' %}" data-label-recent="{% translate 'Last 30 days' %}" data-label-baseline="{% translate 'Baseline units a day' %}"></canvas></div>
    {{ sales_chart|json_script:"sales-data" }}
  {% else %}<p class="muted">{% translate "No daily sales history: the spike check is unknown. Import a sales sheet to check it." %}</p>{% endif %}

  <h3>{% translate "Reviews" %}</h3>
  {% if review_clusters %}
    <p>{% if review_clusters.status == "fail" %}<span class="bad">{% translate "Mostly templated or duplicated reviews." %}</span>{% elif review_clusters.status == "pass" %}<span class="ok">{% translate "Reviews look genuine." %}</span>{% else %}<span class="warn">{% translate "Too few reviews to judge." %}</span>{% endif %}
    {% blocktranslate with n=review_clusters.n_reviews c=review_clusters.n_considered t=review_clusters.templated_share|pct d=review_clusters.duplicate_share|pct %}{{ n }} reviews, {{ c }} considered (platform default praise ignored); generic {{ t }}, near-duplicates {{ d }}.{% endblocktranslate %}</p>
    {% if review_clusters.clusters %}<ul>{% for cl in review_clusters.clusters %}<li>{% blocktranslate with n=cl.size %}{{ n }} near-identical reviews like{% endblocktranslate %} “{{ cl.example }}”</li>{% endfor %}</ul>{% endif %}
  {% endif %}
  {% if reviews_html %}
  <ul class="reviews">{{ reviews_html }}</ul>
  {% else %}<p class="muted">{% translate "No reviews imported." %}</p>{% endif %}

  <h3>{% translate "Price against peers" %}</h3>
  <ul>
  {% for record, c in scorecard.peer_prices %}
    <li><span class="status status-{{ c.status }}">{{ c.status|status_icon }}</span> {{ record.offer_id|default:"" }} · {{ c.message|lang }}
      {% if c.evidence.group_mean %} — {% blocktranslate with p=c.evidence.price|num:2 m=c.evidence.group_mean|num:2 n=c.evidence.n_peers %}¥{{ p }} against a peer mean of ¥{{ m }} ({{ n }} peers){% endblocktranslate %}{% endif %}
      {% if record.peer_group %} · <a href="{% url 'compare' workspace.pk %}?group={{ record.peer_group|urlencode }}">{% translate "compare" %}</a>{% endif %}</li>
  {% endfor %}
  </ul>
</section>
{% endif %}

{% if captured %}
<h2>{% translate "Also on the pasted pages" %}</h2>
<p class="muted">{% translate "Facts no criterion scores, kept as the page showed them: promises to confirm with the supplier in writing." %}</p>
<table id="captured-extras">
<thead><tr><th>{% translate "Fact" %}</th><th>{% translate "Value" %}</th><th>{% translate "Offer" %}</th><th>{% translate "From the page" %}</th></tr></thead>
<tbody>
{% for item in captured %}<tr><td>{{ item.label }}</td><td>{{ item.value }}</td><td>{{ item.offer }}</td><td>{% if item.snippet %}<q class="snippet">{{ item.snippet }}</q>{% endif %}</td></tr>{% endfor %}
</tbody>
</table>
{% endif %}

<h2>{% translate "Offers" %}</h2>
<table>
<thead><tr><th>{% translate "Offer" %}</th><th>{% translate "Category" %}</th><th>{% translate "Price tiers" %}</th><th>MOQ</th><th>{% translate "Dropship price" %}</th><th>{% translate "Landed cost" %}</th><th>{% translate "Grade" %}</th><th>{% translate "Peer rank" %}</th></tr></thead>
<tbody>
{% if offers %}{{ offers_html }}{% else %}
<tr id="no-offers"><td colspan="8" class="muted">{% translate "No offer of this supplier yet: the scorecard judges the shop's own facts. Paste an offer page to add one." %}</td></tr>
{% endif %}
</tbody>
</table>

<h2>{% translate "History of every value" %}</h2>
<table class="history">
<thead><tr><th>{% translate "Field" %}</th><th>{% translate "Value" %}</th><th>{% translate "Offer" %}</th><th>{% translate "Source" %}</th><th>{% translate "Observed" %}</th></tr></thead>
<tbody>
{{ history|history_rows }}
</tbody>
</table>
"""  # noqa: E501 - the partial as it was

SCRIPT = "<script>alert(1)</script>"
LANGUAGES = [("zh-hans", "zh"), ("en", "en")]


def _parts(workspace, supplier, lang, tweak=None):
    """The head and body as the partials drew them and as the Python writes them,
    from the values the view reads (``tweak`` may change them first)."""
    scorecard = supplier_scorecard(workspace, supplier, lang)
    clusters = charts.review_clusters(scorecard)
    offers = page_offers(supplier)
    judged = scorecard["offer"]
    values = {
        "scorecard": scorecard,
        "offers": offers,
        "offers_html": offer_rows(
            offers, workspace_pk=workspace.pk, judged_pk=judged["pk"] if judged else None
        ),
        "history": fact_history(supplier),
        "captured": _captured(supplier, lang),
        "sales_chart": charts.sales_chart(workspace, supplier, scorecard),
        "review_clusters": clusters,
        "reviews_html": review_items(charts.marked_reviews(supplier, clusters)),
    }
    if tweak is not None:
        tweak(values)
    old_body = Template(BODY).render(
        Context({"workspace": workspace, "supplier": supplier, "best": scorecard["best"], **values})
    )
    new_body = supplierpage.body_html(
        workspace_pk=workspace.pk,
        scorecard=values["scorecard"],
        has_offers=bool(values["offers"]),
        offers_html=values["offers_html"],
        history_html=history_rows(values["history"]),
        captured=values["captured"],
        sales_chart=values["sales_chart"],
        review_clusters=values["review_clusters"],
        reviews_html=values["reviews_html"],
    )
    headline = _headline(scorecard["best"], scorecard["offer"], lang)
    old_head = Template(HEAD).render(Context({"supplier": supplier, "best": headline}))
    return (old_head, supplierpage.head_html(supplier, headline)), (old_body, new_body)


@pytest.fixture
def varied(personas, screened):
    """The screened workspace with markup in supplier text, a note, a shop link,
    pasted extras, a value history, and two suppliers not screened yet (one with an
    offer, one without)."""
    ws = personas.workspace
    Supplier.objects.filter(pk=screened["S-CHEAP"].pk).update(
        note=f"第一行 {SCRIPT}\n第二行 & more",
        facts={**screened["S-CHEAP"].facts, "shop_url": 'https://shop.example/a?b=1&c="2"'},
    )
    Supplier.objects.filter(pk=screened["S-MID"].pk).update(
        name=SCRIPT, facts={**screened["S-MID"].facts, "shop_url": "javascript:alert(1)"}
    )
    Offer.objects.filter(supplier=screened["S-MID"]).update(title=f"耳机 {SCRIPT}")
    best_offer = Offer.objects.filter(supplier=screened["S-BEST"]).first()
    Observation.objects.create(
        workspace=ws,
        supplier=screened["S-BEST"],
        offer=best_offer,
        kind="manual",
        detail="pasted from 1688 page (offer) on 2026-11-01",
        observed_at=datetime(2026, 11, 1, 23, 30, tzinfo=UTC),
        values={"moq": 3, "supplier_note": SCRIPT},
        raw={
            "extra": {
                "service_stars": 4.5,
                "orders_30d": 120.0,
                "late_shipping_compensation": True,
                "sales_90d": SCRIPT,
                "dispatch_promise_hours": ["24", "48"],
            },
            "snippets": {"service_stars": f"服务 {SCRIPT}", "orders_30d": ""},
        },
    )
    pending = Supplier.objects.create(workspace=ws, external_id=f"P-{SCRIPT}", name="")
    Offer.objects.create(
        workspace=ws,
        supplier=pending,
        external_id="O-P",
        title=SCRIPT,
        facts={"offer_url": "https://detail.1688.com/offer/1.html", "moq": 2},
    )
    bare = Supplier.objects.create(workspace=ws, external_id="BARE", name="空店")
    timezone.activate(ws.zone)
    yield [*Supplier.objects.filter(workspace=ws).order_by("pk")]
    timezone.deactivate()
    assert bare.pk and pending.pk


@pytest.mark.parametrize(("language", "lang"), LANGUAGES)
def test_the_head_and_body_are_the_partials_html(personas, varied, language, lang):
    seen = []
    with translation.override(language):
        for supplier in varied:
            for old, new in _parts(personas.workspace, supplier, lang):
                assert new == old, supplier.external_id
                seen.append(new)
    page = "".join(seen)
    # Every branch drawn at least once, the supplier text escaped everywhere.
    for part in ('class="bad"', 'class="warn"', 'class="ok"', 'id="screening-pending"',
                 'id="no-offers"', 'id="captured-extras"', 'id="sales-chart"',
                 'class="supplier-note"', "<br>", 'id="judged-offer"', "shop.example"):  # fmt: skip
        assert part in page, part
    assert SCRIPT not in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "javascript:" not in page


@pytest.mark.parametrize(("language", "lang"), LANGUAGES)
def test_the_evidence_branches_are_the_partials_html(personas, varied, language, lang):
    """Branches the small workspace does not reach by itself: clusters of
    near-identical reviews quoting markup, a chart without rates, a peer without a
    group mean or group, reviews too few to judge, notes on the screening."""
    cheap = next(s for s in varied if s.external_id == "S-CHEAP")

    def clusters(values):
        values["review_clusters"] = {
            **(values["review_clusters"] or {}),
            "status": "unknown",
            "n_reviews": 3,
            "n_considered": 1.5,
            "templated_share": None,
            "duplicate_share": 0.333,
            "clusters": [{"size": 3, "example": SCRIPT}, {"example": "no size"}],
        }
        values["sales_chart"] = {**values["sales_chart"], "baseline": None, "status": None}
        values["scorecard"] = {**values["scorecard"], "notes": (SCRIPT, "第二条")}
        values["reviews_html"] = ""

    def peers(values):
        record, c = values["scorecard"]["peer_prices"][0]
        plain = type(c.evidence)(source="x.csv, row 2")
        values["scorecard"] = {
            **values["scorecard"],
            "peer_prices": [
                (record, c),
                (type(record)(**{**record.__dict__, "peer_group": f"组 {SCRIPT}/1"}), c),
                (type(record)(**{**record.__dict__, "peer_group": None, "offer_id": None}),
                 type(c)(**{**c.__dict__, "evidence": plain})),
            ],
        }  # fmt: skip
        values["sales_chart"] = {**values["sales_chart"], "status": "pass"}

    with translation.override(language):
        for tweak in (clusters, peers):
            for old, new in _parts(personas.workspace, cheap, lang, tweak):
                assert new == old
                assert SCRIPT not in new


def test_the_page_shows_the_python_parts_escaped(client, personas, varied):
    """The whole page, through the view: the head and body the Python wrote, supplier
    text escaped, in both languages."""
    from django.core.cache import cache

    client.force_login(personas.alice)
    mid = next(s for s in varied if s.name == SCRIPT)
    url = reverse("supplier_detail", args=[personas.workspace.pk, mid.pk])
    for language, lang in LANGUAGES:
        cache.clear()
        html = client.get(url, HTTP_ACCEPT_LANGUAGE=language).content.decode()
        with translation.override(language):
            (_, head), (_, body) = _parts(personas.workspace, mid, lang)
        assert head in html and body in html
        assert SCRIPT not in html and "&lt;script&gt;" in html


# The page's content down to the actions as the template wrote it, with
# buying/partials/supplier_actions.html (its only user) written in place.
TOP = """{% load i18n %}
{% with best=headline %}
{% include "screening/_rescreening.html" %}
<header class="supplier-head">
{{ head_html }}  {% if not printable %}<div class="actions no-print">
    <a href="?print=1">{% translate "Printable dossier" %}</a>
    · <a href="{% url 'supplier_facts' workspace.pk supplier.pk %}{% if best.offer %}?offer={{ best.offer.pk }}{% endif %}" id="record-checks">{% translate "Record checks, add or correct facts" %}</a>
    · <a href="{% url 'capture:paste' workspace.pk %}?supplier={{ supplier.pk }}">{% translate "Paste from a 1688 page" %}</a>
     · <a href="{% url 'buying:agreement_new' workspace.pk supplier.pk %}" id="buying-agreement">{% translate "New purchase agreement" %}</a>{% if best.offer %} · <a href="{% url 'buying:order_new' workspace.pk %}?offer={{ best.offer.pk }}" id="buying-order">{% translate "New order" %}</a>{% endif %}

    {% if open1688.ready %}<form method="post" action="{% url 'sourcing:supplier_refresh' workspace.pk supplier.pk %}" class="inline-form">{% csrf_token %}<button type="submit">{% translate "Refresh from 1688" %}</button></form>
    {% else %}· <span id="open1688-refresh-setup">{% translate "Refresh from 1688" %}: <a href="{% url 'sourcing:settings' workspace.pk %}">{% if open1688.has_app %}{% translate "connect a buyer account first" %}{% else %}{% translate "needs 1688 Open Platform keys, see the 1688 settings" %}{% endif %}</a></span>{% endif %}
  </div>{% endif %}
  {% endwith %}"""  # noqa: E501 - the template as it was

_TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="[^"]+"')


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_the_top_and_actions_are_the_templates_html(rf, personas, varied, language):
    """Printable or not, re-screening or not, a judged offer or none, and each state
    of the 1688 setup (the refresh form carries the request's CSRF token)."""
    from daifa.sourcing.selectors import SetupState

    workspace = personas.workspace
    drawn = []
    states = [
        SetupState(has_app=a, has_buyer=b) for a, b in ((False, False), (True, False), (True, True))
    ]
    combos = [(p, r, o) for p in (False, True) for r in (False, True) for o in states]
    with translation.override(language):
        for (printable, rescreening, open1688), supplier in itertools.product(combos, varied):
            for best in (None, {"offer": None}, {"offer": {"pk": 7, "title": SCRIPT}}):
                request = rf.get("/")
                head = f"  <h1>{supplier.pk}</h1>\n"
                old = Template(TOP).render(
                    RequestContext(
                        request,
                        {"workspace": workspace, "supplier": supplier, "headline": best,
                         "head_html": mark_safe(head), "rescreening": rescreening,
                         "printable": printable, "open1688": open1688},
                    )
                )  # fmt: skip
                new = supplierpage.top_html(
                    request,
                    workspace_pk=workspace.pk,
                    supplier_pk=supplier.pk,
                    head_html=mark_safe(head),
                    best=best,
                    rescreening=rescreening,
                    printable=printable,
                    open1688=open1688,
                )
                token = open1688.ready and not printable
                assert token == ("csrfmiddlewaretoken" in new)
                assert _TOKEN.sub("TOKEN", new) == _TOKEN.sub("TOKEN", old)
                drawn.append(new)
    for part in ("buying-order", 'id="rescreening"', "open1688-refresh-setup", "inline-form"):
        assert any(part in html for html in drawn), part


@override_settings(TASKS={"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}})
def test_the_page_is_never_stale_after_a_write_or_a_rescreening(client, personas, screened):
    """The head and body are cached per workspace version; the notice and actions
    are drawn on every view: a queued re-screening is announced at once, and once
    it lands the page shows the new data (a renamed supplier here)."""
    from daifa.screening.tasks import refresh_workspace
    from daifa.workbench.actions import workspace_changed

    client.force_login(personas.alice)
    supplier = screened["S-BEST"]
    page = reverse("supplier_detail", args=[personas.workspace.pk, supplier.pk])
    first = _TOKEN.sub("TOKEN", client.get(page).content.decode())
    assert 'id="rescreening"' not in first and "优选电子" in first
    again = _TOKEN.sub("TOKEN", client.get(page).content.decode())
    assert again == first  # a repeated view: from the cache
    Supplier.objects.filter(pk=supplier.pk).update(name=f"改名 {SCRIPT}")
    done = workspace_changed(workspace=personas.workspace)
    assert done.how == "queued"
    queued = client.get(page).content.decode()
    assert 'id="rescreening"' in queued and "改名 &lt;script&gt;" in queued
    refresh_workspace.call(personas.workspace.pk, done.version)
    landed = client.get(page).content.decode()
    assert 'id="rescreening"' not in landed and "改名 &lt;script&gt;" in landed
