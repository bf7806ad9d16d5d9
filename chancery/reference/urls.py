"""Reference pages of their own (the record types' pages come from the registry)."""

from django.urls import path

from . import views

urlpatterns = [path("map/", views.world_map_page, name="world_map")]
