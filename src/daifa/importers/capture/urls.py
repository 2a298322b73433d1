from django.urls import path

from daifa.importers.capture import views

app_name = "capture"

urlpatterns = [
    path("", views.paste, name="paste"),
    path("confirm/", views.confirm, name="confirm"),
]
