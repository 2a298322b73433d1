"""The supplier page's lifecycle block, read in one query and, for a supplier whose
stage never changed, written in Python: the same answers as the selectors read
one by one, the same HTML as ``lifecycle/_stage.html``, every value escaped."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from django.template import Context
from django.template.loader import get_template
from django.urls import reverse
from django.utils import translation

from daifa.catalog.models import Supplier
from daifa.engine.profile import Profile
from daifa.lifecycle.models import Stage
from daifa.lifecycle.selectors import open_gates, stage_timeline, supplier_stage
from daifa.lifecycle.services import WORDS, supplier_stage_change
from daifa.screening.inputs import workspace_profile
from daifa.screening.services import profile_save
from daifa.verification.models import OPEN, Check
from daifa.verification.selectors import (
    LifecycleBlockState,
    lifecycle_block_state,
    profile_of_toml,
)
from daifa.verification.services import check_create, checks_plan
from daifa.verification.templatetags.lifecycle_tags import _unchanged_block

EVIL = "<script>alert(\"x\")</script> & 'quoted'"


def _one_by_one(supplier: Supplier) -> tuple:
    statuses = list(Check.objects.filter(supplier=supplier).values_list("status", flat=True))
    return (
        str(supplier_stage(supplier)),
        stage_timeline(supplier).count(),
        sum(s in OPEN for s in statuses),
        sum(s not in OPEN for s in statuses),
        open_gates(supplier),
    )


def _state(state: LifecycleBlockState) -> tuple:
    return (state.stage, state.changes, state.open_checks, state.done_checks, state.gates)


@pytest.mark.django_db
def test_one_query_reads_what_the_selectors_read(personas, screened, django_assert_num_queries):
    checks_plan(workspace=personas.workspace)
    cheap = screened["S-CHEAP"]
    done = check_create(supplier=cheap, type="stock_probe", by=personas.bob)
    Check.objects.filter(pk=done.pk).update(status="done")
    supplier_stage_change(supplier=screened["S-BEST"], to="verifying", by=personas.bob)
    never = Supplier.objects.create(workspace=personas.workspace, external_id="S-NEW")
    for supplier in [*Supplier.objects.filter(workspace=personas.workspace), never]:
        with django_assert_num_queries(1):
            state = lifecycle_block_state(supplier)
        assert _state(state) == _one_by_one(supplier), supplier.external_id
    assert lifecycle_block_state(never).gates is None  # never screened
    assert lifecycle_block_state(screened["S-BEST"]).changes == 1


@pytest.mark.django_db
def test_the_profile_is_read_on_every_view_and_parsed_once_per_text(personas, screened):
    supplier = screened["S-CHEAP"]
    assert profile_of_toml(lifecycle_block_state(supplier).profile_toml) == Profile.default()
    changed = Profile.default().updated({"grades": {"A": 90}})
    profile_save(workspace=personas.workspace, profile=changed)
    toml = lifecycle_block_state(supplier).profile_toml
    assert toml.strip()
    assert profile_of_toml(toml) == workspace_profile(personas.workspace) == changed
    assert profile_of_toml(toml) is profile_of_toml(toml)  # kept per text


STAGE_WORDS = [(s, WORDS[Stage(s)]) for s in Stage.values]
GATES = [None, [], ["sample_tested", "no_such_gate"]]


@pytest.mark.parametrize("lang", ["zh-hans", "en"])
@pytest.mark.parametrize("stage", Stage.values)
@pytest.mark.parametrize("gates", GATES, ids=["unscreened", "passed", "open"])
def test_the_written_block_is_the_templates_block(lang, stage, gates):
    state = LifecycleBlockState(
        stage=stage, changes=0, open_checks=2, done_checks=3, gates=gates, profile_toml=""
    )
    labels = ["样品已测试", EVIL] if gates else []
    request = SimpleNamespace(LANGUAGE_CODE=lang)
    csrf = "tok<&>en"
    with translation.override(lang):
        expected = get_template("lifecycle/_stage.html").template.render(
            Context(
                {
                    "request": request,
                    "csrf_token": csrf,
                    "workspace": SimpleNamespace(pk=3),
                    "supplier": SimpleNamespace(pk=17),
                    "stage": Stage(stage),
                    "words": WORDS,
                    "current": None,
                    "timeline": [],
                    "gates": gates,
                    "gate_labels": labels,
                    "stages": STAGE_WORDS,
                    "open_checks": 2,
                    "done_checks": 3,
                }
            )
        )
        drawn = _unchanged_block(state, labels, 3, 17, Context({"csrf_token": csrf}), lang)
    assert drawn == expected
    assert "<script>" not in drawn and "tok&lt;&amp;&gt;en" in drawn
    assert reverse("supplier_stage_change", args=[3, 17]) in drawn


@pytest.mark.django_db
def test_the_page_draws_the_template_once_the_stage_changed(client, personas, screened):
    client.force_login(personas.bob)
    supplier = screened["S-CHEAP"]
    url = reverse("supplier_detail", args=[personas.workspace.pk, supplier.pk])
    page = client.get(url, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert 'id="stage-timeline"' not in page and 'id="stage-badge">candidate<' in page
    supplier_stage_change(supplier=supplier, to="blocked", by=personas.bob, reason=EVIL)
    page = client.get(url, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert 'id="stage-timeline"' in page and 'id="stage-badge">blocked<' in page
    assert "<script>alert" not in page and "&lt;script&gt;alert" in page
