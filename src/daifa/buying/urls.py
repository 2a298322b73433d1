from django.urls import path

from daifa.buying import views

app_name = "buying"

W = "w/<int:workspace_id>/buying/"

urlpatterns = [
    path(W, views.overview, name="overview"),
    path(W + "suppliers/<int:supplier_id>/agreement/", views.agreement_new, name="agreement_new"),
    path(W + "agreements/<int:agreement_id>/", views.agreement_detail, name="agreement"),
    path(W + "agreements/<int:agreement_id>/print/", views.agreement_print, name="agreement_print"),
    path(
        W + "agreements/<int:agreement_id>/agreement.<str:fmt>",
        views.agreement_file,
        name="agreement_file",
    ),
    path(W + "orders/new/", views.order_new, name="order_new"),
    path(W + "orders/overdue/", views.overdue, name="overdue"),
    path(W + "orders/import/", views.order_import, name="order_import"),
    path(W + "orders/<int:order_id>/", views.order_detail, name="order"),
    path(W + "orders/<int:order_id>/mark/", views.order_mark, name="order_mark"),
    path(W + "orders/<int:order_id>/claim/", views.claim_new, name="claim_new"),
    path(W + "orders/<int:order_id>/place/", views.order_place, name="order_place"),
    path(W + "claims/<int:claim_id>/", views.claim_detail, name="claim"),
    path(W + "claims/<int:claim_id>/refund/", views.claim_refund, name="claim_refund"),
    path(W + "claims/<int:claim_id>/evidence.zip", views.claim_zip, name="claim_zip"),
    path(W + "products/", views.products, name="products"),
    path(W + "products/<int:product_id>/", views.product_detail, name="product"),
]
