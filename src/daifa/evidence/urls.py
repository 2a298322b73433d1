from django.urls import path

from daifa.evidence import views

urlpatterns = [
    path(
        "w/<int:workspace_id>/evidence/<int:file_id>/",
        views.evidence_file,
        name="evidence_file",
    ),
]
