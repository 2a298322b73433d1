from django.apps import AppConfig


class MonitoringConfig(AppConfig):
    name = "daifa.monitoring"
    label = "monitoring"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from django.db.models.signals import post_save

        from daifa.monitoring.signals import order_saved
        from daifa.sourcing.models import PurchaseOrder, Refund

        post_save.connect(order_saved, sender=PurchaseOrder, dispatch_uid="monitoring-orders")
        post_save.connect(order_saved, sender=Refund, dispatch_uid="monitoring-refunds")
