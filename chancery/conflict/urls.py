"""Conflict pages of their own (the record types' pages come from the registry)."""

from django.urls import path

from chancery.core import keys  # noqa: F401  (the <key:...> URL converter)

from . import views

urlpatterns = [
    path("incidents/report/", views.incident_report_page, name="incident_report"),
    path("incidents/report/csv/", views.incident_report_csv, name="incident_report_csv"),
    path("evidence/<key:pk>/file/", views.evidence_file, name="evidence_file"),
    path("evidence/<key:pk>/verify/", views.verify_evidence, name="evidence_verify"),
]
