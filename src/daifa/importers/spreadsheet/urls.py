from django.urls import path

from daifa.importers.spreadsheet import views

# No namespace: these names ("upload", "import_job", …) predate the slice and are kept.
urlpatterns = [
    path("w/<int:workspace_id>/import/", views.upload, name="upload"),
    path(
        "w/<int:workspace_id>/import/template/",
        views.import_template,
        name="import_template",
    ),
    path("w/<int:workspace_id>/import/<uuid:job_id>/", views.job_detail, name="import_job"),
    path(
        "w/<int:workspace_id>/import/<uuid:job_id>/confirm/",
        views.job_confirm,
        name="import_confirm",
    ),
    path(
        "w/<int:workspace_id>/import/<uuid:job_id>/retry/",
        views.job_retry_view,
        name="import_retry",
    ),
]
