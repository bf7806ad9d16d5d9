"""Home page and priority pages."""

from django.urls import path

from . import views

app_name = "strategy"
urlpatterns = [
    path("priorities/<slug:code>/", views.priority_detail, name="priority_detail"),
]
