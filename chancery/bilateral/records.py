"""Bilateral record types."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from chancery.core.registry import RecordType, register

from .models import (
    Agreement,
    AgreementParty,
    Commission,
    Commitment,
    DiplomaticRelation,
    Engagement,
    HeadOfMission,
    Mission,
    RelationEvent,
)


@register
class DiplomaticRelationType(RecordType):
    model = DiplomaticRelation
    dated_by = "established_on"
    list_display = ("state", "status", "established_on")
    list_filter = ("status",)
    search_fields = ("state__name", "notes")
    ordering_fields = ("state", "status", "established_on")
    dataset_keys = ("state",)


@register
class RelationEventType(RecordType):
    model = RelationEvent
    dated_by = "date"
    list_display = ("__str__", "relation", "status", "date")
    list_filter = ("status",)
    search_fields = ("relation__state__name", "notes")
    ordering_fields = ("relation", "status", "date")
    dataset_keys = ("relation", "status", "date")


@register
class MissionType(RecordType):
    model = Mission
    dated_by = "opened"
    list_display = (
        "name",
        "kind",
        "sending_state",
        "host_state",
        "host_organization",
        "city",
        "opened",
        "closed",
    )
    list_filter = ("kind", "sending_state", "host_state", "host_organization")
    search_fields = ("name", "city")
    natural_keys = ("name",)
    dataset_keys = ("name",)


@register
class HeadOfMissionType(RecordType):
    model = HeadOfMission
    dated_by = "since"
    list_display = ("person", "title", "mission", "term_display", "credentials_presented")
    list_filter = ("title", "mission", "mission__sending_state", "mission__host_state")
    search_fields = ("person__name", "mission__name")
    ordering_fields = ("person", "mission", "since", "until")
    dataset_keys = ("mission", "person", "since")


@register
class EngagementType(RecordType):
    model = Engagement
    dated_by = "start"
    list_display = ("title", "kind", "level", "direction", "start", "end", "place")
    list_filter = ("kind", "level", "direction", "countries", "organizations")
    search_fields = ("title", "place", "outcome", "delegation")
    natural_keys = ("title",)
    dataset_keys = ("title",)

    def detail_context(self, obj, request):
        url = reverse("bilateral:engagement_briefing", args=[obj.pk])
        return {"links": [(_("Briefing"), url)]}


@register
class AgreementType(RecordType):
    model = Agreement
    dated_by = "entry_into_force"
    list_display = ("title", "kind", "scope", "stage", "reference", "concluded_at", "expires_on")
    list_filter = ("kind", "scope", "stage")
    search_fields = (
        "title",
        "title_az",
        "title_ru",
        "reference",
        "subject_areas",
        "depositary",
        "notes",
    )
    natural_keys = ("reference", "title")
    dataset_keys = ("title",)


@register
class AgreementPartyType(RecordType):
    model = AgreementParty
    list_display = (
        "__str__",
        "agreement",
        "state",
        "organization",
        "signature",
        "ratification",
        "accession",
        "entry_into_force",
        "withdrawal",
    )
    list_filter = ("agreement", "state", "organization")
    search_fields = ("agreement__title", "state__name", "organization__name")
    ordering_fields = ("agreement", "state", "organization", "signature", "entry_into_force")
    dataset_keys = ("agreement", "state", "organization")


@register
class CommissionType(RecordType):
    model = Commission
    list_display = ("name", "kind", "state", "our_co_chair", "their_co_chair", "secretariat")
    list_filter = ("kind", "state")
    search_fields = ("name", "secretariat", "notes")
    natural_keys = ("name",)
    dataset_keys = ("name",)


@register
class CommitmentType(RecordType):
    model = Commitment
    dated_by = "due_on"
    list_display = (
        "__str__",
        "commission",
        "responsible",
        "owner",
        "due_on",
        "status",
        "is_overdue",
    )
    list_filter = ("commission", "status", "owner")
    search_fields = ("text", "responsible")
    ordering_fields = ("commission", "due_on", "status")
    detail_template = "bilateral/commitment_detail.html"

    def detail_context(self, obj, request):
        from .forms import CommitmentUpdateForm

        return {
            "journal": obj.updates.select_related("author"),
            "update_form": CommitmentUpdateForm(initial={"status": obj.status}),
            "can_update": self.user_can(request.user, "change"),
        }
