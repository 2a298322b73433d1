from django.urls import path

from daifa.catalog import views

urlpatterns = [
    path("", views.index, name="index"),
    path("w/<int:workspace_id>/", views.dashboard, name="dashboard"),
    path("w/<int:workspace_id>/suppliers/", views.supplier_list, name="supplier_list"),
    path("w/<int:workspace_id>/suppliers/<int:supplier_id>/", views.supplier_detail, name="supplier_detail"),
]
