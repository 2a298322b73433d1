from django.urls import path

from daifa.api import views
from daifa.api.main import api

urlpatterns = [
    path("api/v1/", api.urls),
    path("account/tokens/", views.tokens, name="api_tokens"),
]
