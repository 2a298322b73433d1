"""The URLs of every importer slice, mounted at the site's root by web.urls."""

from django.urls import include, path

from daifa.importers.open1688 import urls as open1688_urls
from daifa.sourcing import urls as sourcing_urls

urlpatterns = [
    path("", include("daifa.importers.spreadsheet.urls")),
    path("w/<int:workspace_id>/capture/", include("daifa.importers.capture.urls")),
    # The 1688 importer's pages share the 1688 app's "sourcing" namespace (their
    # names, "sourcing:search" and so on, predate the slice).
    path(
        "sourcing/",
        include(([*sourcing_urls.urlpatterns, *open1688_urls.urlpatterns], "sourcing")),
    ),
]
