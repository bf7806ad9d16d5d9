"""Energy, transport and aid record types."""

from django.db.models import Prefetch
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from chancery.core.registry import RecordType, register

from .models import (
    AidProject,
    Corridor,
    CorridorState,
    Milestone,
    Project,
    ProjectPartner,
    with_slippage,
)


@register
class ProjectType(RecordType):
    model = Project
    dated_by = "start"
    list_display = (
        "name",
        "kind",
        "status",
        "parent",
        "capacity_display",
        "length_display",
        "period_display",
    )
    list_filter = ("kind", "status", "parent")
    search_fields = ("name", "name_az", "name_ru", "description", "notes")
    ordering_fields = ("name", "kind", "status", "start", "end")
    natural_keys = ("name",)
    dataset_keys = ("name",)
    detail_template = "economy/project_detail.html"
    related_shown_apart = (Project,)  # its components are drawn as the tree

    def detail_context(self, obj, request):
        from .tree import project_context

        return project_context(obj, request.user)


@register
class ProjectPartnerType(RecordType):
    model = ProjectPartner
    list_display = ("project", "state", "organization", "role", "share_percent")
    list_filter = ("project", "role", "state", "organization")
    search_fields = (
        "project__name",
        "state__name",
        "organization__name",
        "organization__acronym",
        "notes",
    )
    ordering_fields = ("project", "role", "share_percent")
    dataset_keys = ("project", "state", "organization", "role")


@register
class MilestoneType(RecordType):
    """Listed with their slippage computed by the database (see `with_slippage`)."""

    model = Milestone
    dated_by = "planned"
    list_display = ("title", "project", "planned", "actual", "status", "slippage_display")
    list_filter = ("project", "status")
    search_fields = ("title", "project__name", "notes")
    ordering_fields = ("project", "planned", "actual", "status", "slippage_interval")
    dataset_keys = ("project", "title")

    def list_queryset(self, user, depth=0):
        return with_slippage(super().list_queryset(user, depth))

    def export_queryset(self, user):
        return with_slippage(super().export_queryset(user))


@register
class CorridorType(RecordType):
    model = Corridor
    list_display = ("name", "kind", "route_display")
    list_filter = ("kind", "projects")
    search_fields = ("name", "description", "projects__name")
    ordering_fields = ("name", "kind")
    natural_keys = ("name",)
    dataset_keys = ("name",)

    def list_queryset(self, user, depth=0):
        """With the states each corridor crosses, in order, as the user may see them."""
        stops = CorridorState.objects.visible_to(user).select_related("state").order_by("order")
        return super().list_queryset(user, depth).prefetch_related(Prefetch("stops", stops))


@register
class CorridorStateType(RecordType):
    model = CorridorState
    list_display = ("corridor", "order", "state")
    list_filter = ("corridor", "state")
    search_fields = ("corridor__name", "state__name")
    ordering_fields = ("corridor", "order")
    dataset_keys = ("corridor", "state")


@register
class AidProjectType(RecordType):
    model = AidProject
    dated_by = "start"
    list_display = (
        "title",
        "agency",
        "recipient",
        "sector",
        "amount",
        "currency",
        "status",
        "period_display",
    )
    list_filter = ("agency", "recipient", "sector", "status", "currency")
    search_fields = (
        "title",
        "results",
        "notes",
        "agency__name",
        "agency__acronym",
        "recipient__name",
    )
    ordering_fields = ("title", "amount", "currency", "start", "status")
    dataset_keys = ("title", "agency", "recipient")

    def detail_context(self, obj, request):
        return {"links": [(_("Aid report"), reverse("economy:aid_report"))]}
