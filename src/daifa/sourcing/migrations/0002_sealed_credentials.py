"""Encrypt the 1688 app secret and buyer tokens already stored in plain text.

Raw SQL on purpose: the rows are read and written as stored, so the same
migration works whatever the field class does, and back again.
"""

from django.db import migrations

import daifa.sourcing.secrets

COLUMNS = (
    ("sourcing_open1688account", "app_secret"),
    ("sourcing_buyertoken", "access_token"),
    ("sourcing_buyertoken", "refresh_token"),
)


def _rewrite(schema_editor, change) -> None:
    quote = schema_editor.quote_name
    with schema_editor.connection.cursor() as cursor:
        for table, column in COLUMNS:
            cursor.execute(f"SELECT id, {quote(column)} FROM {quote(table)}")
            for pk, stored in cursor.fetchall():
                new = change(stored or "")
                if new != (stored or ""):
                    cursor.execute(
                        f"UPDATE {quote(table)} SET {quote(column)} = %s WHERE id = %s", [new, pk]
                    )


def seal_plain_values(apps, schema_editor) -> None:
    from daifa.sourcing.secrets import is_sealed, seal

    _rewrite(schema_editor, lambda v: v if not v or is_sealed(v) else seal(v))


def unseal_values(apps, schema_editor) -> None:
    from daifa.sourcing.secrets import unseal

    _rewrite(schema_editor, unseal)


class Migration(migrations.Migration):
    dependencies = [
        ("sourcing", "0001_initial"),
    ]

    operations = [
        migrations.AlterField(
            model_name="buyertoken",
            name="access_token",
            field=daifa.sourcing.secrets.SealedField(),
        ),
        migrations.AlterField(
            model_name="buyertoken",
            name="refresh_token",
            field=daifa.sourcing.secrets.SealedField(blank=True),
        ),
        migrations.AlterField(
            model_name="open1688account",
            name="app_secret",
            field=daifa.sourcing.secrets.SealedField(),
        ),
        migrations.RunPython(seal_plain_values, unseal_values),
    ]
