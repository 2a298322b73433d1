from django.urls import path

from daifa.screening import views

W = "w/<int:workspace_id>/"

urlpatterns = [
    path(W, views.dashboard, name="dashboard"),
    path(W + "suppliers/", views.supplier_list, name="supplier_list"),
    path(W + "suppliers/<int:supplier_id>/", views.supplier_detail, name="supplier_detail"),
    path(W + "compare/", views.compare, name="compare"),
    path(W + "profile/", views.profile_edit, name="profile_edit"),
    path(W + "profile/preview/", views.profile_preview, name="profile_preview"),
    path(W + "profile/download/", views.profile_download, name="profile_download"),
    path(W + "export/", views.export_screening, name="export_screening"),
    path(W + "export/raw/", views.export_raw, name="export_raw"),
]
