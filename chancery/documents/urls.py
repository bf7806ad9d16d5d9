"""Pages of documents beyond those the registry gives: the file download."""

from django.urls import path

from . import views

urlpatterns = [path("documents/<int:pk>/file/", views.document_file, name="document_file")]
