"""Multilateral record types."""

from chancery.core.registry import RecordType, register

from .models import Membership


@register
class MembershipType(RecordType):
    model = Membership
    list_display = ("__str__", "state", "organization", "status", "since", "until")
    list_filter = ("state", "organization", "status")
    search_fields = ("state__name", "organization__name", "organization__acronym", "notes")
    dataset_keys = ("state", "organization", "status")
    ordering_fields = ("state", "organization", "status", "since", "until")
