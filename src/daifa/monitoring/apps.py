from django.apps import AppConfig


class MonitoringConfig(AppConfig):
    name = "daifa.monitoring"
    label = "monitoring"
    default_auto_field = "django.db.models.BigAutoField"
