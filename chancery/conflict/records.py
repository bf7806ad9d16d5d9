"""Conflict record types: the gazetteer, incidents with their figures, reports and evidence, and
the negotiation tracks with their rounds and draft versions."""

from functools import cached_property

from django import forms
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from chancery.core.registry import FORM_EXCLUDE, RecordType, register

from .models import (
    DraftVersion,
    Evidence,
    Incident,
    IncidentCasualty,
    IncidentDamage,
    IncidentReport,
    NegotiationRound,
    NegotiationTrack,
    Settlement,
)
from .models.evidence import COMPUTED


@register
class SettlementType(RecordType):
    model = Settlement
    list_display = ("name", "country", "district", "kind", "latitude", "longitude")
    list_filter = ("country", "kind")
    search_fields = ("name", "name_az", "name_ru", "alternative_names", "district", "notes")
    natural_keys = ("name",)
    dataset_keys = ("name", "country")


@register
class IncidentType(RecordType):
    model = Incident
    dated_by = "occurred_on"
    list_display = (
        "title",
        "occurred_display",
        "kind",
        "settlement",
        "place",
        "verification",
        "responsible_side",
    )
    list_filter = ("kind", "verification", "settlement", "responsible_side")
    search_fields = ("title", "place", "description", "notes", "settlement__name")
    ordering_fields = ("occurred_on", "title", "kind", "verification")
    natural_keys = ("title",)
    dataset_keys = ("title",)

    def detail_context(self, obj, request):
        report = reverse("conflict:incident_report")
        return {"links": [(_("Casualties and damage report"), report)]}


@register
class IncidentCasualtyType(RecordType):
    model = IncidentCasualty
    slug = "casualties"
    list_display = ("__str__", "incident", "category", "outcome", "among", "count", "note")
    list_filter = ("incident", "category", "outcome", "among")
    search_fields = ("note", "incident__title")
    ordering_fields = ("incident", "category", "outcome", "among", "count")
    dataset_keys = ("incident", "category", "outcome", "among")


@register
class IncidentDamageType(RecordType):
    model = IncidentDamage
    slug = "damage"
    list_display = ("__str__", "incident", "object_type", "extent", "count", "note")
    list_filter = ("incident", "object_type", "extent")
    search_fields = ("note", "incident__title")
    ordering_fields = ("incident", "object_type", "extent", "count")
    dataset_keys = ("incident", "object_type", "extent")


@register
class IncidentReportType(RecordType):
    model = IncidentReport
    dated_by = "reported_on"
    slug = "incident-reports"
    list_display = ("__str__", "incident", "organization", "reported_on", "reference")
    list_filter = ("incident", "organization")
    search_fields = ("reference", "notes", "incident__title", "organization__name")
    dataset_keys = ("incident", "organization", "reported_on")


@register
class EvidenceType(RecordType):
    """Evidence: the generic pages and API, but the file is given once and never deleted."""

    model = Evidence
    slug = "evidence"
    list_display = ("__str__", "incident", "original_name", "size", "uploaded_at", "sha256")
    list_filter = ("incident",)
    search_fields = ("original_name", "description", "obtained_from", "sha256", "incident__title")
    ordering_fields = ("uploaded_at", "original_name", "size")
    detail_template = "conflict/evidence_detail.html"

    def user_can(self, user, action):
        return action != "delete" and super().user_can(user, action)

    @cached_property
    def detail_fields(self):
        names = super().detail_fields
        at = names.index("file") + 1
        return [*names[:at], *COMPUTED, "uploaded_by", "uploaded_at", *names[at:]]

    @cached_property
    def form_class(self):
        from chancery.core.forms import formfield_for

        from .forms import EvidenceForm

        return forms.modelform_factory(
            self.model,
            form=EvidenceForm,
            fields=self.editable_fields,
            formfield_callback=formfield_for,
        )

    @cached_property
    def serializer_class(self):
        from .api import EvidenceSerializer

        fields = [
            "id",
            "display",
            *self.editable_fields,
            *COMPUTED,
            "uploaded_by",
            "uploaded_at",
            *FORM_EXCLUDE,
        ]
        meta = type("Meta", (), {"model": self.model, "fields": fields})
        return type("EvidenceSerializer", (EvidenceSerializer,), {"Meta": meta})

    @cached_property
    def viewset_class(self):
        from .api import EvidenceViewSet

        return type(
            "EvidenceViewSet",
            (EvidenceViewSet,),
            {
                "record_type": self,
                "serializer_class": self.serializer_class,
                "filterset_class": self.filterset_class,
                "queryset": self.model.objects.all(),
            },
        )

    def urls(self):
        """No delete page: evidence is never deleted."""
        return [url for url in super().urls() if not url.name.endswith("_delete")]

    def detail_context(self, obj, request):
        from .views import evidence_context

        return evidence_context(obj, request)


@register
class NegotiationTrackType(RecordType):
    model = NegotiationTrack
    dated_by = "since"
    slug = "negotiation-tracks"
    list_display = ("name", "format", "status", "period_display")
    list_filter = ("status", "participants", "mediator_organizations")
    search_fields = ("name", "format", "subject", "objectives", "notes")
    ordering_fields = ("name", "status", "since")
    natural_keys = ("name",)
    dataset_keys = ("name",)
    detail_template = "conflict/track_detail.html"
    related_shown_apart = (NegotiationRound, DraftVersion)

    def detail_context(self, obj, request):
        from .views import track_context

        return track_context(obj, request)


@register
class NegotiationRoundType(RecordType):
    model = NegotiationRound
    dated_by = "date"
    slug = "negotiation-rounds"
    list_display = ("title", "track", "kind", "dates_display", "place", "place_country")
    list_filter = ("track", "kind", "participants")
    search_fields = ("title", "place", "outcome", "track__name")
    ordering_fields = ("date", "title", "kind")
    natural_keys = ("title",)
    dataset_keys = ("track", "title")


@register
class DraftVersionType(RecordType):
    model = DraftVersion
    dated_by = "date"
    slug = "draft-versions"
    list_display = ("__str__", "track", "instrument", "label", "date_display")
    list_filter = ("track",)
    search_fields = ("instrument", "label", "text", "note")
    ordering_fields = ("date", "instrument", "label")
    dataset_keys = ("track", "instrument", "label")
    detail_template = "conflict/draftversion_detail.html"

    def detail_context(self, obj, request):
        from .views import draft_context

        return draft_context(obj, request)
