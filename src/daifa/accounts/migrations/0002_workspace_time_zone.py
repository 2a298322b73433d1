import daifa.accounts.models
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="workspace",
            name="time_zone",
            field=models.CharField(
                default="Asia/Shanghai",
                help_text="IANA name, e.g. Asia/Shanghai",
                max_length=64,
                validators=[daifa.accounts.models.validate_time_zone],
                verbose_name="time zone",
            ),
        ),
    ]
