"""The raw-SQL writes take their columns from the models (issue #12, P5)."""

from __future__ import annotations

import pytest
from django.db import connection
from django.utils import timezone

from daifa.catalog import bulk
from daifa.catalog.models import Supplier
from daifa.screening.models import ScreenExplanation, ScreenRow


def test_the_columns_are_the_models_stored_fields_without_the_auto_key():
    assert bulk.columns(ScreenRow) == tuple(
        f.attname for f in ScreenRow._meta.concrete_fields if f.name != "id"
    )
    # A primary key the caller gives (the explanation's offer) is written.
    assert bulk.columns(ScreenExplanation)[0] == "offer_id"


def test_a_row_naming_a_column_the_model_lacks_fails_before_writing(personas):
    with pytest.raises(KeyError, match="no column"):
        bulk.insert(Supplier, [{"workspace_id": personas.workspace.pk, "colour": "red"}])
    assert not Supplier.objects.exists()


def test_a_field_left_out_takes_the_models_default(personas):
    now = connection.ops.adapt_datetimefield_value(timezone.now())
    bulk.insert(
        Supplier,
        [
            {
                "workspace_id": personas.workspace.pk,
                "external_id": "S1",
                "created": now,
                "updated": now,
            }
        ],
    )
    stored = Supplier.objects.get(external_id="S1")
    assert (stored.name, stored.note, stored.facts, stored.fact_sources) == ("", "", {}, {})


def test_a_required_field_without_a_value_is_named():
    with pytest.raises(KeyError, match="created"):
        bulk.tuples(Supplier, [{"workspace_id": 1, "external_id": "S1"}])
