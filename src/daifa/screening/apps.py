from django.apps import AppConfig


class ScreeningConfig(AppConfig):
    name = "daifa.screening"
    label = "screening"
    default_auto_field = "django.db.models.BigAutoField"
