"""Economy pages of their own (the record types' pages come from the registry)."""

from django.urls import path

from . import views

urlpatterns = [
    path("aid/report/", views.aid_report, name="aid_report"),
    path("aid/report/csv/", views.aid_report_csv, name="aid_report_csv"),
]
