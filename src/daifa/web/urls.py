from django.contrib.auth import views as auth_views
from django.urls import include, path

urlpatterns = [
    path("i18n/", include("django.conf.urls.i18n")),
    path("accounts/login/", auth_views.LoginView.as_view(), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    # /sourcing/ (the 1688 app's pages and its importer's): daifa.importers.urls
    path("", include("daifa.api.urls")),
    path("", include("daifa.catalog.urls")),
    path("", include("daifa.importers.urls")),
    path("", include("daifa.costs.urls")),
    path("", include("daifa.screening.urls")),
    path("monitoring/", include("daifa.monitoring.urls")),
    path("", include("daifa.evidence.urls")),
    path("", include("daifa.lifecycle.urls")),
    path("", include("daifa.verification.urls")),
    path("", include("daifa.buying.urls")),
]

handler404 = "daifa.web.views.not_found"
