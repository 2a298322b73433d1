"""``setup_state`` (asked on every supplier page) in one plain statement: the same
answers as reading the account and its buyer token, including a secret this
server's keys cannot open (then the app counts as not set up)."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from django.db import connection

from daifa.sourcing.models import BuyerToken, Open1688Account
from daifa.sourcing.secrets import PREFIX
from daifa.sourcing.selectors import SetupState, setup_state


@pytest.mark.django_db
def test_each_step_of_the_setup(personas, django_assert_num_queries):
    workspace = personas.workspace
    with django_assert_num_queries(1):
        assert setup_state(workspace) == SetupState(False, False)
    account = Open1688Account.objects.create(workspace=workspace, app_key="k")
    assert setup_state(workspace) == SetupState(False, False)  # no secret yet
    account.app_secret = "s3cret"
    account.save()
    assert setup_state(workspace) == SetupState(True, False)
    BuyerToken.objects.create(account=account, access_token="t", expires_at=datetime.now(UTC))
    with django_assert_num_queries(1):
        assert setup_state(workspace) == SetupState(True, True)
    assert setup_state(workspace).ready


@pytest.mark.django_db
def test_a_secret_these_keys_cannot_open_is_no_secret(personas):
    workspace = personas.workspace
    account = Open1688Account.objects.create(workspace=workspace, app_key="k", app_secret="s")
    BuyerToken.objects.create(account=account, access_token="t", expires_at=datetime.now(UTC))
    with connection.cursor() as cursor:  # sealed with a key this server no longer has
        cursor.execute(
            f"UPDATE {Open1688Account._meta.db_table} SET app_secret = %s WHERE id = %s",
            [PREFIX + "gAAAAABnot-a-token", account.pk],
        )
    assert not Open1688Account.objects.get(pk=account.pk).has_secret
    assert setup_state(workspace) == SetupState(False, False)
