from django.urls import path

from daifa.sourcing import views

app_name = "sourcing"

urlpatterns = [
    path("w/<int:workspace_id>/settings/", views.settings_page, name="settings"),
    path("w/<int:workspace_id>/connect/", views.connect, name="connect"),
    path("w/<int:workspace_id>/settings/test/", views.connection_test, name="connection_test"),
    path("oauth/callback/", views.oauth_callback, name="oauth_callback"),
    path("w/<int:workspace_id>/search/", views.search, name="search"),
    path("w/<int:workspace_id>/search/add/", views.add_offers, name="add_offers"),
    path("w/<int:workspace_id>/offer/", views.paste_offer, name="paste_offer"),
    path(
        "w/<int:workspace_id>/suppliers/<int:supplier_id>/refresh/",
        views.supplier_refresh,
        name="supplier_refresh",
    ),
    path("w/<int:workspace_id>/orders/", views.orders, name="orders"),
    path("w/<int:workspace_id>/orders/sync/", views.orders_sync, name="orders_sync"),
]
