from django.apps import AppConfig


class SourcingConfig(AppConfig):
    name = "daifa.sourcing"
    label = "sourcing"
    default_auto_field = "django.db.models.BigAutoField"
