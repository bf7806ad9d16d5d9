"""Multilateral pages of their own (the record types' pages come from the registry)."""

from django.urls import path

from . import views

urlpatterns = [
    path("roll/", views.membership_roll, name="roll"),
    path("overlap/", views.overlap, name="overlap"),
    path("alignment/", views.alignment, name="alignment"),
]
