from django.urls import path

from daifa.lifecycle import views

urlpatterns = [
    path(
        "w/<int:workspace_id>/suppliers/<int:supplier_id>/stage/",
        views.stage_change,
        name="supplier_stage_change",
    ),
]
