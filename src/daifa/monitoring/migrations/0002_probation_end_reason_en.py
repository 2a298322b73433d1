"""Why a probation ended, in both languages (``end_reason`` 简体中文, ``end_reason_en``).

Ends recorded before were "English / 中文" in one field: they are split.
"""

import re

from django.db import migrations, models

_CJK = re.compile(r"[\u3400-\u9fff]")


def split_end_reasons(apps, schema_editor):
    Probation = apps.get_model("monitoring", "Probation")
    for probation in Probation.objects.filter(end_reason__contains=" / "):
        parts = [p.strip() for p in probation.end_reason.split(" / ")]
        if len(parts) != 2 or bool(_CJK.search(parts[0])) == bool(_CJK.search(parts[1])):
            continue
        zh, en = parts if _CJK.search(parts[0]) else parts[::-1]
        probation.end_reason, probation.end_reason_en = zh, en
        probation.save(update_fields=["end_reason", "end_reason_en"])


class Migration(migrations.Migration):
    dependencies = [("monitoring", "0001_initial")]

    operations = [
        migrations.AddField(
            model_name="probation",
            name="end_reason_en",
            field=models.TextField(blank=True),
        ),
        migrations.RunPython(split_end_reasons, migrations.RunPython.noop),
    ]
