from django.urls import path

from daifa.sourcing import views

app_name = "sourcing"

# The importer's 1688 pages (search, offer, refresh) share this namespace: see
# daifa.importers.urls.
urlpatterns = [
    path("w/<int:workspace_id>/settings/", views.settings_page, name="settings"),
    path("w/<int:workspace_id>/connect/", views.connect, name="connect"),
    path("w/<int:workspace_id>/settings/test/", views.connection_test, name="connection_test"),
    path("oauth/callback/", views.oauth_callback, name="oauth_callback"),
    path("w/<int:workspace_id>/orders/", views.orders, name="orders"),
    path("w/<int:workspace_id>/orders/sync/", views.orders_sync, name="orders_sync"),
]
