"""Consular pages of their own (the record types' pages come from the registry)."""

from chancery.core import keys  # noqa: F401  (the <key:...> URL converter)

from .views import access_log, cases, crises, dashboard, public, registrations

urlpatterns = [
    *public.urlpatterns,
    *registrations.urlpatterns,
    *cases.urlpatterns,
    *crises.urlpatterns,
    *dashboard.urlpatterns,
    *access_log.urlpatterns,
]
