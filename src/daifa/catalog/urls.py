from django.urls import path

from daifa.catalog import views, views_import

urlpatterns = [
    path("", views.index, name="index"),
    path("w/<int:workspace_id>/", views.dashboard, name="dashboard"),
    path("w/<int:workspace_id>/suppliers/", views.supplier_list, name="supplier_list"),
    path(
        "w/<int:workspace_id>/suppliers/<int:supplier_id>/",
        views.supplier_detail,
        name="supplier_detail",
    ),
    path("w/<int:workspace_id>/import/", views_import.upload, name="upload"),
    path("w/<int:workspace_id>/import/<uuid:job_id>/", views_import.job_detail, name="import_job"),
    path(
        "w/<int:workspace_id>/import/<uuid:job_id>/confirm/",
        views_import.job_confirm,
        name="import_confirm",
    ),
]
