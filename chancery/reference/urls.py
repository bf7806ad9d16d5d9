"""Pages of the reference area: those the registry gives every record type."""

from chancery.core.registry import registry

app_name = "reference"
urlpatterns = registry.urls_for_app(app_name)
