from django.apps import AppConfig
from django.db.models.signals import post_migrate


class ScreeningConfig(AppConfig):
    name = "daifa.screening"
    label = "screening"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        post_migrate.connect(_search_triggers, sender=self)


def _search_triggers(using: str = "default", **kwargs: object) -> None:
    """The list search's triggers, recreated when a migration dropped them (on
    SQLite, rebuilding a catalog table does): see ``daifa.screening.search``."""
    from django.db import connections

    from daifa.screening.search import install

    install(connections[using])
