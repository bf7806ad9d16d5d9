"""The REST API: one endpoint per registered record type, the schema and its browser."""

from csp.decorators import csp_update
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework.routers import DefaultRouter

from .registry import registry


def build_router():
    router = DefaultRouter()
    for rt in registry:
        router.register(
            f"{rt.app_label}/{rt.slug}",
            rt.viewset_class,
            basename=f"{rt.app_label}-{rt.model_name}",
        )
    from chancery.multilateral import api as multilateral_api  # an area's own endpoints

    multilateral_api.register(router)
    return router


urlpatterns = [
    path("schema/", SpectacularAPIView.as_view(), name="api-schema"),
    # Swagger UI's script is served separately (no inline script); its styles need inline style.
    path(
        "docs/",
        csp_update({"style-src": ["'unsafe-inline'"]})(
            SpectacularSwaggerSplitView.as_view(url_name="api-schema")
        ),
        name="api-docs",
    ),
    path("", include(build_router().urls)),
]
