"""Consular pages: dashboard (being built)."""

urlpatterns = []
