"""Pages of the documents area: those the registry gives every record type."""

from chancery.core.registry import registry

app_name = "documents"
urlpatterns = registry.urls_for_app(app_name)
