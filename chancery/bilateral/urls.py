"""Bilateral pages of their own (the record types' pages come from the registry)."""

from django.urls import path

from chancery.core import keys  # noqa: F401  (the <key:...> URL converter)

from . import views

urlpatterns = [
    path("treaty-status/", views.treaty_status, name="treaty_status"),
    path("timeline/", views.timeline, name="timeline"),
    path("dossier/", views.dossier_choose, name="dossier_choose"),
    path("dossier/<str:code>/", views.country_dossier, name="dossier"),
    path("engagements/<key:pk>/briefing/", views.engagement_briefing, name="engagement_briefing"),
    path("commitments/<key:pk>/journal/", views.commitment_update, name="commitment_update"),
]
