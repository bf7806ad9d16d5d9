"""The REST API: one endpoint per registered record type, the schema and its browser."""

from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView
from rest_framework.routers import DefaultRouter

from .registry import registry


def build_router():
    router = DefaultRouter()
    for rt in registry:
        router.register(
            f"{rt.app_label}/{rt.slug}", rt.viewset_class, basename=f"{rt.app_label}-{rt.model_name}"
        )
    return router


urlpatterns = [
    path("schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("docs/", SpectacularSwaggerView.as_view(url_name="api-schema"), name="api-docs"),
    path("", include(build_router().urls)),
]
