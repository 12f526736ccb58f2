from django.urls import path

from . import api

urlpatterns = [
    path("token/", api.ObtainTokenView.as_view(), name="api-token"),
    path("logout/", api.LogoutView.as_view(), name="api-logout"),
    path("logout-all/", api.LogoutAllView.as_view(), name="api-logout-all"),
    path("tokens/", api.TokenListView.as_view(), name="api-tokens"),
    path("tokens/<int:pk>/", api.TokenRevokeView.as_view(), name="api-token-revoke"),
]
