from django.conf import settings
from django.contrib import admin
from django.urls import include, path
from django.views.i18n import JavaScriptCatalog
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework.routers import DefaultRouter

from rowad.core.views import healthz


def build_api_router() -> DefaultRouter:
    from importlib import import_module

    router = DefaultRouter()
    for app in settings.ROWAD_APPS:
        import_module(f"{app}.api").register(router)
    return router


api_router = build_api_router()

urlpatterns = [
    path("", include("rowad.shell.urls")),
    path("accounts/", include("rowad.accounts.urls")),
    path("partners/", include("rowad.partners.urls")),
    path("people/", include("rowad.people.urls")),
    path("outreach/", include("rowad.outreach.urls")),
    path("dossiers/", include("rowad.dossiers.urls")),
    path("committees/", include("rowad.committees.urls")),
    path("imports/", include("rowad.imports.urls")),
    path("training/", include("rowad.training.urls")),
    path("financing/", include("rowad.financing.urls")),
    path("enterprises/", include("rowad.enterprises.urls")),
    path("market/", include("rowad.market.urls")),
    path("figures/", include("rowad.figures.urls")),
    path("protection/", include("rowad.protection.urls")),
    path("portal/", include("rowad.portal.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("jsi18n/", JavaScriptCatalog.as_view(), name="javascript-catalog"),
    path("api/", include(api_router.urls)),
    path("api/auth/", include("rowad.accounts.api_urls")),
    path("api/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("api/docs/", SpectacularSwaggerSplitView.as_view(url_name="api-schema"), name="api-docs"),
    path("admin/", admin.site.urls),
    path("healthz", healthz, name="healthz"),
]
