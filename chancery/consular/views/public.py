"""Consular pages: public (being built)."""

urlpatterns = []
