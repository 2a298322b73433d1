from django.apps import AppConfig


class BuyingConfig(AppConfig):
    name = "daifa.buying"
    label = "buying"
    default_auto_field = "django.db.models.BigAutoField"
