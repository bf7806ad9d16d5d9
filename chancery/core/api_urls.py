"""The REST API: one endpoint per registered record type, the answers the areas add in their own
`api.py` (its `urlpatterns`), the schema and its browser."""

from importlib import import_module

from csp.decorators import csp_update
from django.apps import apps
from django.urls import include, path
from django.utils.module_loading import module_has_submodule
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


def area_routes():
    """The API addresses each area declares in its `api.py` (`urlpatterns`), beyond its record
    types': the priorities, a roll, an agreement's parties, the dossier."""
    routes = []
    for config in apps.get_app_configs():
        if module_has_submodule(config.module, "api"):
            routes += getattr(import_module(f"{config.name}.api"), "urlpatterns", [])
    return routes


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
    *area_routes(),
    path("", include(build_router().urls)),
]
