"""The list's and the supplier page's long tables, drawn in Python
(``daifa.screening.tables``), are the HTML the templates drew before, to the byte,
in both languages, with supplier text escaped.

Each test renders the template loop the page used (kept here as the reference)
and the Python rows from the same values, including the awkward ones: markup in
supplier text, unknown facts, long titles, failed gates and flags, a row that
matched an offer filter, an old value from another time zone.
"""

from __future__ import annotations

from datetime import UTC, datetime
from types import SimpleNamespace

import pytest
from django.template import Context, Template
from django.utils import timezone, translation

from daifa.engine.verdicts import CriterionVerdict, Evidence
from daifa.screening.selectors import ListRow
from daifa.screening.tables import (
    criterion_rows,
    history_rows,
    offer_rows,
    review_items,
    scorecard_sections,
    supplier_rows,
)
from daifa.text import Text

LIST_LOOP = """{% load i18n daifa %}{% for row in page %}
<tr>
  <td><input type="checkbox" name="s" value="{{ row.supplier_id }}" aria-label="{% translate 'Select for comparison' %}: {{ row.supplier.name|default:row.supplier.external_id }}"></td>
  <td><a href="{% url 'supplier_detail' workspace.pk row.supplier_id %}">{{ row.supplier.name|default:row.supplier.external_id }}</a><br><span class="muted small">{{ row.supplier.external_id }}</span></td>
  <td><span class="grade grade-{{ row.grade }}">{{ row.grade }}</span></td>
  <td>{{ row.score|num:0 }} <span class="muted small" title="{% translate 'share of the criteria weight with data' %}">({{ row.coverage|pct }})</span></td>
  <td>{% if row.approvable %}<span class="ok">✓</span>{% elif row.blocking %}<span class="bad" title="{% for b in row.blocking %}{{ b|criterion_label }}{% if not forloop.last %}, {% endif %}{% endfor %}">✗</span>{% else %}<span class="warn">?</span>{% endif %}</td>
  <td>{% for f in row.flags %}<span class="badge bad">{{ f|criterion_label }}</span> {% endfor %}</td>
  <td>{{ row.to_verify|length }}</td>
  <td>{{ row.offer.title|truncatechars:40 }}<br><span class="muted small">{{ row.offer.external_id }}{% if row.category %} · {{ row.category }}{% endif %}</span>{% if offer_filtered and not row.is_best %}<br><span class="small warn" title="{% translate 'The grade and score of this row are about the offer that matched the filter; the supplier page judges its best offer.' %}">{% translate "matched the filter (not the supplier’s best offer)" %}</span>{% endif %}</td>
  <td>{{ row.unit_price_cny|num:2 }}</td>
  <td>{{ row.moq|num:0 }}</td>
  <td class="small">{% with f=row.supplier.facts %}{{ f.repeat_rate_pct|suffix:"%" }} · {{ f.dispute_rate_pct|suffix:"%" }} · {% if f.response_minutes is None %}—{% else %}{% blocktranslate with m=f.response_minutes|num:0 %}{{ m }} min{% endblocktranslate %}{% endif %}{% endwith %}</td>
</tr>
{% empty %}
<tr><td colspan="11">{% translate "No supplier matches." %}</td></tr>
{% endfor %}"""  # noqa: E501 - the template as it was

CRITERIA_LOOP = """{% load i18n daifa %}{% for c in criteria %}
<tr class="status-{{ c.status }}" id="c-{{ c.id }}">
  <td><span class="status status-{{ c.status }}" title="{{ c.status|status_label }}">{{ c.status|status_icon }}</span> <span class="kind">{{ c.kind|kind_label }}</span></td>
  <td>{{ c.message|lang }}</td>
  <td data-label="{% translate "Value" %}">{% if c.value_text %}{{ c.value_text|lang }}{% else %}{{ c.value|show }}{% endif %}</td>
  <td data-label="{% translate "Threshold" %}">{{ c.threshold|with_unit:c.id }}</td>
  <td data-label="{% translate "Points" %}">{% if c.points is not None %}{{ c.points|num:1 }}{% if c.max_points %} / {{ c.max_points|num:1 }}{% endif %}{% endif %}</td>
  <td class="small" data-label="{% translate "Evidence" %}">{% if c.evidence.source %}{{ c.evidence.source|source_text }}{% endif %}{% if c.evidence.as_of %} · {{ c.evidence.as_of }}{% endif %}</td>
  <td>{% if c.status != "pass" %}{{ c.action|lang }}{% endif %}</td>
</tr>
{% endfor %}"""  # noqa: E501 - the template as it was

HISTORY_LOOP = """{% load daifa %}{% for h in history %}<tr{% if not h.current %} class="old"{% endif %}><td>{{ h.field|field_label }}</td><td>{{ h.value|show }}</td><td>{{ h.offer }}</td><td>{{ h.kind }} · {{ h.detail|source_text }}</td><td>{{ h.observed_at|when }}{% if h.current %} ✓{% endif %}</td></tr>{% endfor %}"""  # noqa: E501

OFFERS_LOOP = """{% load i18n daifa %}{% for o in offers %}
<tr>
  <td>{% if o.facts.offer_url|web_href %}<a href="{{ o.facts.offer_url|web_href }}" rel="noopener noreferrer" target="_blank">{{ o.title|default:o.external_id }}</a>{% else %}{{ o.title|default:o.external_id }}{% endif %}<br><span class="muted small">{{ o.external_id }}</span>{% if o.pk == scorecard.offer.pk %} <span class="badge" title="{% translate 'The supplier’s grade and scorecard are about this offer.' %}">{% translate "judged" %}</span>{% endif %}</td>
  <td>{{ o.category }}</td>
  <td>{{ o.facts.price_tiers|show }}</td>
  <td>{{ o.facts.moq|num:0 }}</td>
  <td>{{ o.facts.dropship_price_cny|num:2 }}</td>
  <td>{% if o.screen %}{{ o.screen.landed_unit_cost_cny|num:2 }}{% endif %} <a class="no-print small" href="{% url 'costs:calculator' workspace.pk %}?offer={{ o.pk }}">{% translate "calculate" %}</a></td>
  <td>{% if o.screen %}<span class="grade grade-{{ o.screen.grade }}">{{ o.screen.grade }}</span>{% endif %}</td>
  <td>{% if o.screen.peer_rank %}<a href="{% url 'compare' workspace.pk %}?group={{ o.product_group|urlencode }}">{{ o.screen.peer_rank }} · {{ o.product_group }}</a>{% endif %}</td>
</tr>
{% endfor %}"""  # noqa: E501 - the template as it was

REVIEWS_LOOP = """{% load i18n daifa %}{% for r in reviews %}<li{% if r.templated %} class="templated"{% endif %}>{% if r.templated %}<span class="badge bad">{% translate "template" %}</span> {% endif %}{{ r.text }}{% if r.rating %} <span class="muted">★{{ r.rating|num:0 }}</span>{% endif %}</li>{% endfor %}"""  # noqa: E501

SECTIONS_LOOP = """{% load i18n daifa %}{% for dim in dimensions %}
<section class="dimension">
<h3>{{ dim.label }}</h3>
<table class="scorecard">
<thead><tr><th></th><th>{% translate "Finding" %}</th><th>{% translate "Value" %}</th><th>{% translate "Threshold" %}</th><th>{% translate "Points" %}</th><th>{% translate "Evidence" %}</th><th>{% translate "Next action" %}</th></tr></thead>
<tbody>
{{ dim.criteria|criterion_rows }}
</tbody>
</table>
</section>
{% endfor %}"""  # noqa: E501 - the template as it was

LANGS = ["zh-hans", "en"]
EVIL = "<script>alert(\"x\")</script> & 'quoted'"


def _row(**changes) -> ListRow:
    values = dict(
        supplier_id=7, is_best=True, score=81.46, coverage=0.734, grade="B", approvable=False,
        blocking=[], to_verify=["sample_tested", "license_verified"], flags=[],
        category="家居日用", unit_price_cny=12.5, moq=2, supplier_name="义乌市好物日用品厂",
        supplier_external_id="b2b-1", offer_title="北欧风 陶瓷 马克杯", offer_external_id="6001",
        repeat_rate_pct=43.0, dispute_rate_pct=0.1, response_minutes=3.0,
    )  # fmt: skip
    values.update(changes)
    return ListRow(**values)


ROWS = [
    _row(),
    _row(supplier_id=8, approvable=True, to_verify=[], score=None, coverage=0.0, grade="D"),
    _row(supplier_id=9, blocking=["dropship_supported", "no_such_gate"], flags=["sales_spike"]),
    _row(supplier_id=10, supplier_name="", is_best=False, category="", moq=None),
    _row(
        supplier_id=11,
        supplier_name=EVIL,
        supplier_external_id=EVIL,
        offer_title=EVIL * 3,
        offer_external_id=EVIL,
        category=EVIL,
        flags=["template_reviews", EVIL],
        blocking=[EVIL],
        repeat_rate_pct=None,
        dispute_rate_pct="n/a",
        response_minutes=0,
    ),
    _row(supplier_id=12, offer_title="e\u0301" * 45, response_minutes=None, unit_price_cny=-0.001),
    _row(supplier_id=13, offer_title="标" * 40, repeat_rate_pct=True, response_minutes=1234.5),
]


def _as_models(row: ListRow) -> SimpleNamespace:
    """The row as the template read it: the row's, supplier's and offer's models."""
    facts = {
        k: v
        for k in ("repeat_rate_pct", "dispute_rate_pct", "response_minutes")
        if (v := getattr(row, k)) is not None
    }
    return SimpleNamespace(
        **{k: getattr(row, k) for k in row.__slots__},
        supplier=SimpleNamespace(
            name=row.supplier_name, external_id=row.supplier_external_id, facts=facts
        ),
        offer=SimpleNamespace(title=row.offer_title, external_id=row.offer_external_id),
    )


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("offer_filtered", [False, True])
@pytest.mark.parametrize("rows", [ROWS, []], ids=["rows", "empty"])
def test_list_rows_are_the_templates_rows(lang, offer_filtered, rows):
    with translation.override(lang):
        expected = Template(LIST_LOOP).render(
            Context(
                {
                    "page": [_as_models(r) for r in rows],
                    "workspace": SimpleNamespace(pk=3),
                    "offer_filtered": offer_filtered,
                }
            )
        )
        drawn = supplier_rows(rows, workspace_pk=3, offer_filtered=offer_filtered)
    assert drawn == expected
    assert "<script>" not in drawn


def test_list_rows_escape_supplier_text():
    drawn = supplier_rows([ROWS[4]], workspace_pk=3, offer_filtered=False)
    assert "<script>" not in drawn
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#x27;quoted&#x27;" in drawn


def _criterion(**changes) -> CriterionVerdict:
    values = dict(
        id="response_minutes", kind="score", dimension="service", status="fail", value=75.0,
        threshold=15, points=-0.0004, max_points=4.0,
        message=Text("平均响应 75 分钟", "Average response 75 min"),
        action=Text("催促", "Chase"), value_text=None,
        evidence=Evidence(fields=("response_minutes",), source="file.csv, sheet 报表, row 5",
                          as_of="2026-11-30"),
    )  # fmt: skip
    values.update(changes)
    return CriterionVerdict(**values)


CRITERIA = [
    _criterion(),
    _criterion(id="sample_tested", kind="gate", status="pass", points=None, max_points=None),
    _criterion(
        id="certificates",
        kind="gate",
        status="unknown",
        value=["CE", EVIL],
        threshold=["CE"],
        value_text=Text(EVIL, "CE, <b>"),
        evidence=Evidence(),
        points=None,
    ),
    _criterion(
        id="sales_spike",
        kind="flag",
        status="warn",
        value=True,
        threshold=[5, 10],
        points=2.0,
        max_points=0,
        message=Text(EVIL, EVIL),
        action=Text(EVIL, EVIL),
        evidence=Evidence(source="pasted from 1688 page (offer) on 2026-11-02", as_of=EVIL),
    ),
    _criterion(id="no_such_criterion", status="odd", kind="odd", value=None, threshold=None),
    _criterion(id="years_in_business", kind="score", value=1, threshold=1, status="pass"),
    _criterion(evidence=Evidence(source="orders", extra={"group_mean": 3.5})),
]


@pytest.mark.parametrize("lang", LANGS)
def test_scorecard_rows_are_the_templates_rows(lang):
    with translation.override(lang):
        expected = Template(CRITERIA_LOOP).render(Context({"criteria": CRITERIA}))
        drawn = criterion_rows(CRITERIA)
    assert drawn == expected
    assert "<script>" not in drawn and "<b>" not in drawn


@pytest.mark.parametrize("lang", LANGS)
def test_history_rows_are_the_templates_rows(lang):
    history = [
        {
            "field": "moq", "value": 2, "offer": "6001", "kind": "导入", "current": True,
            "detail": "file.csv, row 5", "observed_at": datetime(2026, 12, 6, 17, 5, tzinfo=UTC),
        },
        {
            "field": EVIL, "value": [EVIL, "CE"], "offer": EVIL, "kind": EVIL, "current": False,
            "detail": EVIL, "observed_at": datetime(999, 1, 2, 3, 4, tzinfo=UTC),
        },
        {
            "field": "price_tiers", "value": [{"min_qty": 1, "max_qty": 49, "price_cny": 12.5}],
            "offer": "", "kind": "pasted", "current": False, "detail": "",
            "observed_at": None,
        },
    ]  # fmt: skip
    with translation.override(lang), timezone.override("America/New_York"):
        expected = Template(HISTORY_LOOP).render(Context({"history": history}))
        drawn = history_rows(history)
    assert drawn == expected
    assert "2026-12-06 12:05" in drawn  # the moment in the active zone
    assert "<script>" not in drawn


@pytest.mark.parametrize("lang", ["zh-hans", "en"])
def test_history_rows_tell_equal_values_of_other_types_apart(lang):
    """The rows write each value once a page: True, 1, 1.0, "1", 0.0 and -0.0 are
    equal or alike as keys but each reads as the template showed it."""
    moment = datetime(2026, 12, 6, 17, 5, tzinfo=UTC)
    values = [True, 1, 1.0, "1", 1, True, 0.0, -0.0, 0, False, None, "", 2.5, 2.5, 1000.0]
    history = [
        {"field": "moq", "value": value, "offer": "", "kind": "导入", "current": i % 2 == 0,
         "detail": "file.csv, row 5", "observed_at": moment}
        for i, value in enumerate(values)
    ]  # fmt: skip
    with translation.override(lang):
        expected = Template(HISTORY_LOOP).render(Context({"history": history}))
        drawn = history_rows(history)
    assert drawn == expected
    assert len({row.split("</td>", 2)[1] for row in drawn.split("<tr")[1:]}) >= 5


FORM_QUERIES = [
    None,
    "",
    "grade=A&grade=C&approvable=no&sort=-price&q=%3Cscript%3E&origin=%E4%B9%89%E4%B9%8C",
    "category=" + EVIL + "&credentials=own_factory&credentials=dropship_supported&flag=odd",
    "price_min=50&price_max=10&moq_min=-1&moq_max=abc&to_verify=x&sort=nope&grade=Z",
    "q=" + "长" * 120 + "&approvable=yes&price_min=1.5",
]


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("query", FORM_QUERIES)
def test_the_filter_form_is_the_templates_form(lang, query):
    # The template's partial stays the reference: the page draws it in Python.
    from django.http import QueryDict
    from django.template.loader import render_to_string

    from daifa.screening.forms import SupplierFilterForm
    from daifa.screening.tables import filter_form

    with translation.override(lang):
        form = SupplierFilterForm(
            None if query is None else QueryDict(query),
            categories=["3C数码", EVIL],
            flags=[("sales_spike", "销量突增"), ("odd", EVIL)],
            gates=[("sample_tested", "样品已测"), ("x", EVIL)],
        )
        if form.is_bound:
            form.is_valid()
        expected = render_to_string(
            "screening/supplier_list.html#filters",
            {"form": form, "workspace": SimpleNamespace(pk=3)},
        )
        drawn = filter_form(form, action="/w/3/suppliers/")
    assert drawn == expected
    assert "<script>" not in drawn


@pytest.mark.parametrize("lang", LANGS)
def test_scorecard_sections_are_the_templates_sections(lang):
    dimensions = [
        {"id": "service", "label": "服务", "criteria": CRITERIA[:3]},
        {"id": "odd", "label": EVIL, "criteria": CRITERIA[3:]},
    ]
    with translation.override(lang):
        expected = Template(SECTIONS_LOOP).render(Context({"dimensions": dimensions}))
        drawn = scorecard_sections(dimensions)
    assert drawn == expected
    assert "<script>" not in drawn


@pytest.mark.parametrize(
    "query",
    [
        "",
        "page=3",
        "sort=name&page=2&q=义乌",
        "q=%E4%B9%89%E4%B9%8C&sort=-score&grade=A&grade=B&page=1",
        "grade=A&q=a%26b%3Dc+d&sort=&flag=any",
        "page=1&page=2&category=" + EVIL,
        "q=&q=x&sort=price&sort=moq",
    ],
)
@pytest.mark.parametrize("current", ["", "name", "-score", "price"])
def test_sort_headers_link_as_a_querydict_would(query, current):
    # The headers' links: the query's own order and encoding, page dropped, sort set.
    from django.http import QueryDict

    from daifa.screening.templatetags.daifa import sort_header

    for first, other in (("name", ""), ("-score", "score"), ("price", "-price")):
        params = QueryDict(query, mutable=True)
        params.pop("page", None)
        params["sort"] = other if other and current == first else first
        href = "?" + params.urlencode()
        drawn = sort_header(query, current, "<b>", first, other)
        assert f'href="{href.replace("&", "&amp;")}"' in drawn
        assert "&lt;b&gt;" in drawn


def _offer(**changes):
    values = dict(
        pk=41, external_id="6001", title="北欧风 陶瓷 马克杯", category="家居日用",
        product_group="马克杯 350ml", screen_id=9, landed_unit_cost_cny=15.337, grade="B",
        peer_rank=2,
        facts={"offer_url": "https://detail.1688.com/offer/6001.html", "moq": 2,
               "dropship_price_cny": 12.5,
               "price_tiers": [{"min_qty": 1, "max_qty": 49, "price_cny": 12.5}]},
    )  # fmt: skip
    values.update(changes)
    return values


OFFERS = [
    _offer(),
    _offer(pk=42, title="", facts={"moq": None}, screen_id=None, grade=None, peer_rank=None,
           landed_unit_cost_cny=None, category=""),
    _offer(pk=43, title=EVIL, external_id=EVIL, category=EVIL, product_group=EVIL + " /?&#",
           facts={"offer_url": "javascript:alert(1)", "price_tiers": EVIL}, grade="D"),
    _offer(pk=44, facts={"offer_url": 'detail.1688.com/offer/1.html?a=1&b="2"'}, peer_rank=0),
]  # fmt: skip


def _offer_model(o):
    screen = None
    if o["screen_id"] is not None:
        screen = SimpleNamespace(
            landed_unit_cost_cny=o["landed_unit_cost_cny"],
            grade=o["grade"],
            peer_rank=o["peer_rank"],
        )
    keys = ("pk", "external_id", "title", "category", "product_group", "facts")
    return SimpleNamespace(**{k: o[k] for k in keys}, screen=screen)


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("judged", [None, {"pk": 41}, {"pk": 43}])
def test_offer_rows_are_the_templates_rows(lang, judged):
    with translation.override(lang):
        expected = Template(OFFERS_LOOP).render(
            Context(
                {
                    "offers": [_offer_model(o) for o in OFFERS],
                    "scorecard": {"offer": judged},
                    "workspace": SimpleNamespace(pk=3),
                }
            )
        )
        drawn = offer_rows(OFFERS, workspace_pk=3, judged_pk=judged["pk"] if judged else None)
    assert drawn == expected
    assert "<script>" not in drawn and "javascript:" not in drawn


@pytest.mark.parametrize("lang", LANGS)
def test_review_items_are_the_templates_items(lang):
    reviews = [
        {"text": "很好", "rating": 5.0, "templated": False},
        {"text": EVIL, "rating": None, "templated": True},
        {"text": "一般", "rating": 0, "templated": False},
        {"text": "好评", "rating": 4.5, "templated": True},
    ]
    with translation.override(lang):
        expected = Template(REVIEWS_LOOP).render(Context({"reviews": reviews}))
        drawn = review_items(reviews)
    assert drawn == expected
    assert "<script>" not in drawn
