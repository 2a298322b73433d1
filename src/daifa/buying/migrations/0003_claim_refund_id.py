from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("buying", "0002_claims_backups")]

    operations = [
        migrations.AddField(
            model_name="claim",
            name="refund_id",
            field=models.CharField(
                blank=True, default="", max_length=40, verbose_name="1688 refund id"
            ),
        ),
    ]
