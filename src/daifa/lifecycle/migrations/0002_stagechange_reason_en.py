"""A reason daifa wrote is kept in both languages (``reason`` 简体中文, ``reason_en``).

Reasons written before were "中文 / English" in one field (or "English / 中文"):
they are split, so each page shows its own language. The seller's own reasons
(``by`` set) are left as typed.
"""

import re

from django.db import migrations, models

_CJK = re.compile(r"[\u3400-\u9fff]")
_NUMBER = re.compile(r"\s#\d+$")


def split_reason(reason: str) -> tuple[str, str] | None:
    """("中文", "English") from "中文 / English" or "English / 中文"; None otherwise."""
    parts = reason.split(" / ")
    if len(parts) != 2:
        return None
    first, second = (p.strip() for p in parts)
    if bool(_CJK.search(first)) == bool(_CJK.search(second)):
        return None
    zh, en = (first, second) if _CJK.search(first) else (second, first)
    number = _NUMBER.search(en)
    if number and not _NUMBER.search(zh):  # "样品核对 / sample check #12"
        zh += number.group(0)
    return zh, en


def split_daifas_reasons(apps, schema_editor):
    StageChange = apps.get_model("lifecycle", "StageChange")
    for change in StageChange.objects.filter(by__isnull=True, reason__contains=" / "):
        split = split_reason(change.reason)
        if split:
            change.reason, change.reason_en = split
            change.save(update_fields=["reason", "reason_en"])


class Migration(migrations.Migration):
    dependencies = [("lifecycle", "0001_initial")]

    operations = [
        migrations.AddField(
            model_name="stagechange",
            name="reason_en",
            field=models.TextField(blank=True),
        ),
        migrations.RunPython(split_daifas_reasons, migrations.RunPython.noop),
    ]
