"""Consular pages of their own (the record types' pages come from the registry)."""

from chancery.core import keys  # noqa: F401  (the <key:...> URL converter)

from .views import cases, crises, dashboard, public

urlpatterns = [
    *public.urlpatterns,
    *cases.urlpatterns,
    *crises.urlpatterns,
    *dashboard.urlpatterns,
]
