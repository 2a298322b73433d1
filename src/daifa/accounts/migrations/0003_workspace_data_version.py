from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0002_workspace_time_zone"),
    ]

    operations = [
        migrations.AddField(
            model_name="workspace",
            name="data_version",
            field=models.PositiveBigIntegerField(default=0, editable=False),
        ),
        migrations.AddField(
            model_name="workspace",
            name="screened_version",
            field=models.PositiveBigIntegerField(default=0, editable=False),
        ),
        migrations.AddField(
            model_name="workspace",
            name="queued_version",
            field=models.PositiveBigIntegerField(default=0, editable=False),
        ),
    ]
