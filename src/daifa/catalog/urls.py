from django.urls import path

from daifa.catalog import views

urlpatterns = [
    path("", views.index, name="index"),
    path(
        "w/<int:workspace_id>/suppliers/<int:supplier_id>/facts/",
        views.supplier_facts,
        name="supplier_facts",
    ),
]
