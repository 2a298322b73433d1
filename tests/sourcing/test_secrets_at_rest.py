"""The 1688 secret and tokens are encrypted at rest; the data directory is the seller's alone."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from datetime import UTC, datetime, timedelta

from django.db import connection

from daifa.sources.open1688 import Token
from daifa.sourcing.models import BuyerToken, Open1688Account
from daifa.sourcing.secrets import PREFIX, derived_key, seal, unseal
from daifa.sourcing.services import account_save, buyer_token_store

SECRET = "FAKE1688SECRETzq9XyW7vU5tS3rQ1xx"
ACCESS = "access-0f9e8d7c6b5a-do-not-store-plain"
REFRESH = "refresh-1a2b3c4d5e6f-do-not-store-plain"


def save_credentials(workspace) -> Open1688Account:
    account = account_save(workspace=workspace, app_key="99887766", app_secret=SECRET)
    token = Token(
        access_token=ACCESS,
        refresh_token=REFRESH,
        expires_at=datetime.now(UTC) + timedelta(hours=9),
        resource_owner="alice_buyer",
    )
    buyer_token_store(account=account, token=token)
    return account


def test_the_database_holds_no_plain_secret(personas):
    save_credentials(personas.workspace)
    if connection.vendor == "sqlite":
        # The test database lives in memory: its serialised image is the file's bytes.
        image = connection.connection.serialize()
        for plain in (SECRET, ACCESS, REFRESH):
            assert plain.encode() not in image
    with connection.cursor() as cursor:
        cursor.execute("SELECT app_secret FROM sourcing_open1688account")
        (stored,) = cursor.fetchone()
        cursor.execute("SELECT access_token, refresh_token FROM sourcing_buyertoken")
        tokens = cursor.fetchone()
    assert stored.startswith(PREFIX) and SECRET not in stored
    assert all(t.startswith(PREFIX) for t in tokens) and not {ACCESS, REFRESH} & set(tokens)
    # ... while the app reads them back as entered.
    account = Open1688Account.objects.get()
    assert account.app_secret == SECRET and account.has_secret
    token = BuyerToken.objects.get()
    assert (token.access_token, token.refresh_token) == (ACCESS, REFRESH)
    assert SECRET not in repr(account) + str(account) + repr(token) + str(token)


def test_the_key_comes_from_the_secret_key(settings):
    sealed = seal(SECRET)
    assert unseal(sealed) == SECRET
    assert derived_key(settings.SECRET_KEY) != derived_key(settings.SECRET_KEY + "x")
    # Another server's key cannot open it: the owner is asked to enter it again.
    settings.SECRET_KEY = "another-servers-key-0123456789abcdefghijklmnop"
    assert unseal(sealed) == ""


SCRIPT = textwrap.dedent(
    """
    import os, stat, sys
    from pathlib import Path
    from daifa.cli import _django
    from django.core.management import call_command
    _django.setup(migrate=False)
    call_command("migrate", verbosity=0)
    call_command("migrate", "sourcing", "0001", verbosity=0)
    from django.db import connection
    from daifa.accounts.services import local_user, workspace_create
    ws = workspace_create(owner=local_user(), name="w")
    with connection.cursor() as c:
        # A row written in plain text by the version before encryption.
        c.execute(
            "INSERT INTO sourcing_open1688account (workspace_id, app_key, app_secret, created, "
            "updated) VALUES (%s, '99887766', %s, '2026-01-01', '2026-01-01')",
            [ws.pk, sys.argv[1]],
        )
    call_command("migrate", verbosity=0)
    from daifa.sourcing.models import Open1688Account
    assert Open1688Account.objects.get().app_secret == sys.argv[1]
    from django.core.files.uploadedfile import SimpleUploadedFile
    from daifa.importers.spreadsheet.services import job_create
    job = job_create(workspace=ws, user=None, upload=SimpleUploadedFile("a.csv", b"supplier_id\\n"))
    connection.close()
    data = Path(os.environ["DAIFA_DATA_DIR"])
    db = data / "daifa.sqlite3"
    for path in (data, data / "uploads", db, Path(f"{db}-wal"), Path(f"{db}-shm"),
                 data / "secret.key", Path(job.path)):
        if path.exists():
            print(path.name, oct(stat.S_IMODE(path.stat().st_mode)))
    """
)


def test_a_local_workbench_encrypts_old_rows_and_keeps_its_files_private(tmp_path):
    data = tmp_path / "data"
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in {"SECRET_KEY", "DAIFA_HOST", "DJANGO_SETTINGS_MODULE"}
        # The files whose modes are checked are SQLite's, also in a PostgreSQL run.
        and k != "DB"
        and not k.startswith("DB_")
    }
    env.update(DAIFA_DATA_DIR=str(data), DAIFA_LOCAL_MODE="true")
    run = subprocess.run(
        [sys.executable, "-c", SCRIPT, SECRET],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        # The usual umask, under which files were 0644 before.
        preexec_fn=lambda: os.umask(0o022),
    )
    assert run.returncode == 0, run.stderr[-3000:]
    modes = dict(line.split() for line in run.stdout.splitlines())
    assert modes.pop("data") == "0o700"
    assert modes.pop("uploads") == "0o700"
    assert modes.pop("daifa.sqlite3") == "0o600"
    assert modes.pop("secret.key") == "0o600"  # the local key file (default SECRET_KEY)
    assert set(modes.values()) == {"0o600"}  # the upload, and -wal/-shm when present
    raw = b"".join(p.read_bytes() for p in data.glob("daifa.sqlite3*"))
    assert SECRET.encode() not in raw
    assert PREFIX.encode() in raw
