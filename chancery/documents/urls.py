"""Pages of documents beyond those the registry gives: the file download."""

from django.urls import path

from chancery.core import keys  # noqa: F401  (the <key:...> URL converter)

from . import views

urlpatterns = [path("documents/<key:pk>/file/", views.document_file, name="document_file")]
