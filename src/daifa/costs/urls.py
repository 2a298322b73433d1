from django.urls import path

from daifa.costs import views

app_name = "costs"

urlpatterns = [
    path("w/<int:workspace_id>/costs/", views.calculator, name="calculator"),
    path("w/<int:workspace_id>/costs/settings/", views.settings_page, name="settings"),
    path("w/<int:workspace_id>/costs/settings/rates/", views.rates_save, name="rates_save"),
    path(
        "w/<int:workspace_id>/costs/settings/defaults/",
        views.defaults_save,
        name="defaults_save",
    ),
    path(
        "w/<int:workspace_id>/costs/settings/cards/<str:kind>/",
        views.card_save,
        name="card_save",
    ),
    path(
        "w/<int:workspace_id>/costs/settings/cards/<str:kind>/reset/",
        views.card_reset,
        name="card_reset",
    ),
    path("w/<int:workspace_id>/costs/settings/upload/", views.upload, name="upload"),
    path(
        "w/<int:workspace_id>/costs/settings/files/<str:name>",
        views.download,
        name="download",
    ),
]
