"""Diaspora record types."""

from chancery.core.registry import RecordType, register

from .models import DiasporaOrganization


@register
class DiasporaOrganizationType(RecordType):
    model = DiasporaOrganization
    dated_by = "founded"
    list_display = ("name", "state", "city", "kind", "founded_display", "status")
    list_filter = ("state", "kind", "status")
    search_fields = ("name", "city", "notes")
    natural_keys = ("name",)
    dataset_keys = ("state", "name")
