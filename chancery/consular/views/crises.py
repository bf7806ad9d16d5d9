"""Consular pages: crises (being built)."""

urlpatterns = []
