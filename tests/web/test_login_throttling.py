"""Login throttling off loopback (django-axes): 5 wrong passwords lock a username+address out."""

from __future__ import annotations

from datetime import timedelta

import pytest
from axes.models import AccessAttempt
from django.test import override_settings

LOGIN = "/accounts/login/"


def attempt(client, password: str, *, username: str = "alice", ip: str = "10.1.2.3", **extra):
    data = {"username": username, "password": password}
    return client.post(LOGIN, data, REMOTE_ADDR=ip, **extra)


def signed_in(client) -> bool:
    return "_auth_user_id" in client.session


def test_300_wrong_passwords_are_blocked_after_5_and_the_right_one_is_refused(client, personas):
    statuses = [attempt(client, f"wrong-{i}").status_code for i in range(300)]
    answered = statuses.index(429)
    assert answered <= 10
    assert set(statuses[answered:]) == {429}
    assert statuses[:answered] == [200] * answered  # the form again, "wrong password"

    right = attempt(client, "alice-password-1")
    assert right.status_code == 429
    assert not signed_in(client)
    # The record of the attempts keeps no password.
    stored = "".join(AccessAttempt.objects.values_list("post_data", flat=True))
    assert "wrong-1" not in stored and "alice-password-1" not in stored


def test_the_lockout_page_says_how_long_to_wait_in_both_languages(client, personas):
    for i in range(5):
        attempt(client, f"wrong-{i}")
    english = attempt(client, "wrong", HTTP_ACCEPT_LANGUAGE="en")
    assert english.status_code == 429
    assert english["Content-Type"].startswith("text/html")
    text = english.content.decode()
    assert "Too many attempts" in text and "Try again in 15 minutes" in text
    chinese = attempt(client, "wrong", HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    assert "尝试次数过多" in chinese and "15 分钟后再试" in chinese


def test_the_lock_is_per_username_and_address(client, personas):
    for i in range(5):
        attempt(client, f"wrong-{i}")
    assert attempt(client, "alice-password-1").status_code == 429
    # The seller at home is not locked out by someone guessing elsewhere.
    home = attempt(client, "alice-password-1", ip="10.9.9.9")
    assert home.status_code == 302 and signed_in(client)


def test_the_lock_expires(client, personas):
    for i in range(5):
        attempt(client, f"wrong-{i}")
    assert attempt(client, "alice-password-1").status_code == 429
    # Tries during the lock do not extend it; 15 minutes after the 5th it lifts.
    AccessAttempt.objects.update(
        attempt_time=AccessAttempt.objects.get().attempt_time - timedelta(minutes=15, seconds=1)
    )
    right = attempt(client, "alice-password-1")
    assert right.status_code == 302 and signed_in(client)


def test_a_success_resets_the_count(client, personas):
    for i in range(4):
        attempt(client, f"wrong-{i}")
    assert attempt(client, "alice-password-1").status_code == 302
    client.post("/accounts/logout/")
    for i in range(4):
        assert attempt(client, f"again-{i}").status_code == 200


@pytest.mark.parametrize("limit", [5])
def test_the_limit_is_the_configured_one(settings, limit):
    assert settings.AXES_FAILURE_LIMIT == limit
    assert settings.AXES_COOLOFF_TIME == timedelta(minutes=15)


@override_settings(AXES_ENABLED=False)
def test_without_throttling_wrong_passwords_only_show_the_form(client, personas):
    # The control: the 429s above come from throttling, not from the login view.
    assert {attempt(client, f"wrong-{i}").status_code for i in range(8)} == {200}
