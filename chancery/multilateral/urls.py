"""Pages of the multilateral area: those the registry gives every record type."""

from chancery.core.registry import registry

app_name = "multilateral"
urlpatterns = registry.urls_for_app(app_name)
