"""Home page and priority pages."""

from django.urls import path

from . import views

urlpatterns = [
    path("priorities/<slug:code>/", views.priority_detail, name="priority_detail"),
]
