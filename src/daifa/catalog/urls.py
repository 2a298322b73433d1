from django.urls import include, path

from daifa.catalog import views, views_import

urlpatterns = [
    path("", views.index, name="index"),
    path("w/<int:workspace_id>/import/", views_import.upload, name="upload"),
    path(
        "w/<int:workspace_id>/import/template/",
        views_import.import_template,
        name="import_template",
    ),
    path(
        "w/<int:workspace_id>/suppliers/<int:supplier_id>/facts/",
        views.supplier_facts,
        name="supplier_facts",
    ),
    path("w/<int:workspace_id>/import/<uuid:job_id>/", views_import.job_detail, name="import_job"),
    path(
        "w/<int:workspace_id>/import/<uuid:job_id>/confirm/",
        views_import.job_confirm,
        name="import_confirm",
    ),
    path(
        "w/<int:workspace_id>/import/<uuid:job_id>/retry/",
        views_import.job_retry_view,
        name="import_retry",
    ),
    path("w/<int:workspace_id>/capture/", include("daifa.catalog.capture.urls")),
]
