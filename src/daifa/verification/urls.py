from django.urls import path

from daifa.verification import views

app_name = "verification"
W = "w/<int:workspace_id>/"

urlpatterns = [
    path(W + "verify/", views.to_verify, name="to_verify"),
    path(W + "verify/checks/<int:check_id>/", views.check_detail, name="check"),
    path(W + "suppliers/<int:supplier_id>/checks/", views.supplier_checks, name="supplier_checks"),
    path(W + "suppliers/<int:supplier_id>/quotes/", views.quotes, name="quotes"),
    path(W + "quotes/compare/", views.quote_compare, name="quote_compare"),
]
