from django.urls import path

from daifa.monitoring import views

app_name = "monitoring"
W = "w/<int:workspace_id>/"

urlpatterns = [
    path(W + "alerts/", views.inbox, name="inbox"),
    path(W + "alerts/act/", views.alert_act, name="alert_act"),
    path(W + "settings/", views.settings_page, name="settings"),
    path(W + "kpis/", views.kpi_table, name="kpis"),
    path(W + "calibration/", views.calibration, name="calibration"),
    path(W + "watch/", views.watch_page, name="watch"),
    path(W + "watch/set/", views.watch_set, name="watch_set"),
    path(W + "orders/import/", views.orders_upload, name="orders_upload"),
]
