"""The plain reads of whole rows (``daifa.modelrows``) build the instances the
ORM built: every field as the model reads it (JSON decoded, moments aware), on
SQLite and PostgreSQL; the workspace and supplier lookups that use them keep
their access rules."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser
from django.http import Http404

from daifa.accounts.models import Workspace
from daifa.accounts.selectors import get_workspace_for_user, workspaces_for_user
from daifa.catalog.models import Supplier
from daifa.catalog.selectors import get_supplier_for_user
from daifa.modelrows import model_rows
from daifa.screening.models import ScreenRow


def _fields(instance):
    return {f.attname: getattr(instance, f.attname) for f in instance._meta.concrete_fields}


def test_rows_are_the_orms_instances(personas):
    supplier = Supplier.objects.create(
        workspace=personas.workspace,
        external_id="S-<b>1</b>",
        name="优选 <script>",
        note="第一行\n第二行",
        facts={"moq": 2, "certifications": ["CE"], "shop_url": "https://x.example/"},
        fact_sources={"moq": "ab" * 16},
    )
    for model, pk in ((Supplier, supplier.pk), (Workspace, personas.workspace.pk)):
        (read,) = model_rows(model, "t.id = %s", [pk])
        orm = model.objects.get(pk=pk)
        assert type(read) is model and _fields(read) == _fields(orm)
        assert read.pk == pk and not read._state.adding and read._state.db == orm._state.db
    read = model_rows(Supplier, "t.id = %s", [supplier.pk])[0]
    assert read.facts["certifications"] == ["CE"] and read.created.utcoffset() is not None
    assert model_rows(Supplier, "t.id = %s", [-1]) == []


def test_a_field_it_cannot_read_is_refused_not_guessed(db):
    with pytest.raises(TypeError, match="ScreenRow"):
        model_rows(ScreenRow, "t.id = %s", [1])


def test_the_workspace_is_found_for_its_owner_and_members_only(personas):
    for user in (personas.alice, personas.bob):
        found = get_workspace_for_user(user, personas.workspace.pk)
        assert _fields(found) == _fields(workspaces_for_user(user).get(pk=personas.workspace.pk))
    for user in (personas.charlie, AnonymousUser()):
        with pytest.raises(Http404):
            get_workspace_for_user(user, personas.workspace.pk)
    with pytest.raises(Http404):
        get_workspace_for_user(personas.alice, personas.charlie_workspace.pk)


def test_a_supplier_is_found_in_its_own_workspace_only(personas):
    supplier = Supplier.objects.create(workspace=personas.workspace, external_id="S-1")
    found = get_supplier_for_user(personas.alice, personas.workspace, supplier.pk)
    assert _fields(found) == _fields(Supplier.objects.get(pk=supplier.pk))
    with pytest.raises(Http404):
        get_supplier_for_user(personas.charlie, personas.charlie_workspace, supplier.pk)
