"""Consular pages: cases (being built)."""

urlpatterns = []
