"""Token lifecycle: created and shown once, stored hashed, used, listed, revoked;
no session ever opens the API; wrong tokens are throttled."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from daifa.api.models import ApiToken
from daifa.api.tokens import token_authenticate, token_create, token_revoke
from daifa.cli import main
from tests.api.conftest import ApiClient

WORKSPACES = "/api/v1/workspaces"


def test_a_token_is_stored_hashed_and_opens_the_api_as_its_user(personas):
    created = token_create(user=personas.alice, name="ERP export")
    token = ApiToken.objects.get()
    assert created.plain.startswith(f"daifa_{token.prefix}_") and len(created.plain) == 58
    stored = " ".join(str(v) for v in ApiToken.objects.values_list().get())
    secret = created.plain.rsplit("_", 1)[1]
    assert created.plain not in stored and secret not in stored
    assert token.last_used is None
    response = ApiClient(created.plain).get(WORKSPACES)
    assert response.status_code == 200 and response.json()[0]["name"] == "Alice's suppliers"
    token.refresh_from_db()
    assert token.last_used is not None


def test_a_wrong_or_altered_token_opens_nothing(personas, tokens):
    alice = tokens["alice"]
    altered = alice[:-1] + ("A" if alice[-1] != "A" else "B")
    for header in (
        f"Bearer {altered}",
        f"Bearer {alice[:20]}",
        f"Basic {alice}",
        alice,
        "Bearer ",
        f"Bearer daifa_{alice.split('_')[1]}_{'x' * 43}",
    ):
        response = Client().get(WORKSPACES, headers={"Authorization": header})
        assert response.status_code == 401, header
        assert response.json()["error"]["code"] == "unauthorized"
        assert response["WWW-Authenticate"].startswith("Bearer")
    assert token_authenticate(alice.upper()) is None


def test_a_revoked_token_opens_nothing(personas, tokens):
    assert ApiClient(tokens["bob"]).get(WORKSPACES).status_code == 200
    assert token_revoke(prefix=tokens["bob"], user=personas.alice) is False  # not alice's
    assert token_revoke(prefix=tokens["bob"].split("_")[1], user=personas.bob) is True
    assert ApiClient(tokens["bob"]).get(WORKSPACES).status_code == 401
    assert ApiClient(tokens["alice"]).get(WORKSPACES).status_code == 200


def test_an_inactive_users_token_opens_nothing(personas, tokens):
    personas.alice.is_active = False
    personas.alice.save()
    assert ApiClient(tokens["alice"]).get(WORKSPACES).status_code == 401


def test_a_session_never_opens_the_api(client, personas, settings):
    """No cookie auth: a page on another site cannot use the seller's session."""
    client.force_login(personas.alice)
    assert client.get(WORKSPACES).status_code == 401
    response = client.post(
        f"{WORKSPACES}/{personas.workspace.pk}/capture",
        {"text": "回头率 41%", "save": True, "supplier_id": "x"},
        content_type="application/json",
    )
    assert response.status_code == 401


def test_local_mode_signs_in_pages_but_not_the_api(client, personas, settings):
    settings.LOCAL_MODE = True
    page = client.get("/", REMOTE_ADDR="127.0.0.1")
    assert page.status_code in (200, 302)  # the local user, without login
    response = client.get(WORKSPACES, REMOTE_ADDR="127.0.0.1")
    assert response.status_code == 401


def test_wrong_tokens_are_throttled_per_address_with_429(personas, tokens, settings):
    settings.DAIFA_API_AUTH_FAILURE_LIMIT = 3
    wrong = {"Authorization": "Bearer daifa_00000000_" + "x" * 43}
    for _ in range(3):
        assert Client().get(WORKSPACES, headers=wrong).status_code == 401
    locked = Client().get(WORKSPACES, headers=wrong)
    assert locked.status_code == 429 and locked.json()["error"]["code"] == "throttled"
    assert 0 < int(locked["Retry-After"]) <= 15 * 60
    # While locked, even the right token from that address waits ...
    right = {"Authorization": f"Bearer {tokens['alice']}"}
    assert Client().get(WORKSPACES, headers=right).status_code == 429
    # ... but another address is not held up by it.
    other = Client().get(WORKSPACES, headers=right, REMOTE_ADDR="10.0.0.7")
    assert other.status_code == 200


def test_requests_without_a_token_are_not_counted_as_guesses(personas, tokens, settings):
    settings.DAIFA_API_AUTH_FAILURE_LIMIT = 2
    for _ in range(5):
        assert Client().get(WORKSPACES).status_code == 401
    assert ApiClient(tokens["alice"]).get(WORKSPACES).status_code == 200


# --- the CLI ---------------------------------------------------------------------


def test_cli_create_prints_the_token_alone_on_the_last_line(personas, capsys):
    assert main(["token", "create", "alice", "--name", "nightly ERP"]) == 0
    out = capsys.readouterr().out.splitlines()
    plain = out[-1]
    assert plain == plain.strip() and plain.startswith("daifa_") and " " not in plain
    token = ApiToken.objects.get(user=personas.alice)
    assert token.name == "nightly ERP" and plain.startswith(f"daifa_{token.prefix}_")
    assert ApiClient(plain).get(WORKSPACES).status_code == 200

    assert main(["token", "list"]) == 0
    listed = capsys.readouterr().out
    assert token.prefix in listed and "nightly ERP" in listed and plain not in listed

    assert main(["token", "revoke", token.prefix]) == 0
    assert ApiClient(plain).get(WORKSPACES).status_code == 401
    assert main(["token", "revoke", token.prefix]) == 1


def test_cli_create_for_the_local_user_and_refuses_unknown_users(db, capsys):
    assert main(["token", "create", "local"]) == 0
    assert ApiToken.objects.get().user.username == "local"
    assert main(["token", "create", "nobody"]) == 2
    assert "no such user" in capsys.readouterr().err


def test_cli_revoke_with_user_revokes_only_that_users_token(personas, tokens, capsys):
    prefix = tokens["alice"].split("_")[1]
    assert main(["token", "revoke", prefix, "--user", "bob"]) == 1
    assert ApiClient(tokens["alice"]).get(WORKSPACES).status_code == 200
    assert main(["token", "revoke", tokens["alice"], "--user", "alice"]) == 0
    assert ApiClient(tokens["alice"]).get(WORKSPACES).status_code == 401


# --- the account page ------------------------------------------------------------


@pytest.fixture
def browser(personas):
    """The seller's browser: logged in, and CSRF enforced as in real life."""
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(personas.alice)
    return browser


def _csrf(browser) -> str:
    browser.get(reverse("api_tokens"))
    return browser.cookies["csrftoken"].value


def test_the_account_page_creates_shows_once_lists_and_revokes(browser, personas):
    url = reverse("api_tokens")
    token = _csrf(browser)
    created = browser.post(url, {"name": "Shopify app", "csrfmiddlewaretoken": token})
    page = created.content.decode()
    row = ApiToken.objects.get(user=personas.alice)
    plain = created.context["created"].plain
    assert plain in page and created["Cache-Control"] == "no-store"
    assert ApiClient(plain).get(WORKSPACES).status_code == 200
    listed = browser.get(url).content.decode()
    assert "Shopify app" in listed and row.prefix in listed and plain not in listed
    revoked = browser.post(url, {"revoke": row.prefix, "csrfmiddlewaretoken": token})
    assert revoked.status_code == 302 and not ApiToken.objects.exists()
    assert ApiClient(plain).get(WORKSPACES).status_code == 401


def test_the_account_page_lists_and_revokes_only_ones_own_tokens(client, personas, tokens):
    client.force_login(personas.charlie)
    page = client.get(reverse("api_tokens")).content.decode()
    alice_prefix = tokens["alice"].split("_")[1]
    assert tokens["charlie"].split("_")[1] in page and alice_prefix not in page
    client.post(reverse("api_tokens"), {"revoke": alice_prefix})
    assert ApiClient(tokens["alice"]).get(WORKSPACES).status_code == 200


def test_the_account_page_refuses_a_cross_site_post(browser, personas):
    # No CSRF token: what a form on another site would send with the seller's cookie.
    response = browser.post(reverse("api_tokens"), {"name": "evil"})
    assert response.status_code == 403
    assert not ApiToken.objects.exists()


def test_the_account_page_needs_login(client, db):
    response = client.get(reverse("api_tokens"))
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")


def test_a_busy_database_does_not_hold_up_or_fail_a_request(personas, tokens, monkeypatch):
    """An import holds SQLite's write lock for minutes: noting the token's use is
    skipped then, and the read answers."""
    from django.db import OperationalError
    from django.db.models import QuerySet

    def locked(self, **values):
        raise OperationalError("database is locked")

    monkeypatch.setattr(QuerySet, "update", locked)
    response = ApiClient(tokens["alice"]).get(WORKSPACES)
    assert response.status_code == 200
    monkeypatch.undo()
    assert ApiToken.objects.get(user=personas.alice).last_used is None


def test_noting_a_use_on_sqlite_does_not_wait_for_the_write_lock(personas, tokens):
    from django.db import connection

    from daifa.api.tokens import _no_wait

    if connection.vendor != "sqlite":
        pytest.skip("SQLite's busy timeout")
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA busy_timeout")
        before = cursor.fetchone()[0]
        with _no_wait():
            cursor.execute("PRAGMA busy_timeout")
            assert cursor.fetchone()[0] == 0
        cursor.execute("PRAGMA busy_timeout")
        assert cursor.fetchone()[0] == before
