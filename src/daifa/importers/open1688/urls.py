from django.urls import path

from daifa.importers.open1688 import views

# These pages sit in the 1688 app's "sourcing" namespace, beside its settings and
# orders (their names, "sourcing:search" and so on, predate the slice):
# daifa.importers.urls joins the two lists under one namespace.
app_name = "sourcing"

urlpatterns = [
    path("w/<int:workspace_id>/search/", views.search, name="search"),
    path("w/<int:workspace_id>/search/add/", views.add_offers, name="add_offers"),
    path("w/<int:workspace_id>/offer/", views.paste_offer, name="paste_offer"),
    path(
        "w/<int:workspace_id>/suppliers/<int:supplier_id>/refresh/",
        views.supplier_refresh,
        name="supplier_refresh",
    ),
]
