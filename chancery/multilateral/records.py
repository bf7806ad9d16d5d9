"""Multilateral record types."""

from functools import cached_property

import django_filters
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from chancery.core.models import covering
from chancery.core.registry import RecordType, register

from .models import (
    Ballot,
    Candidacy,
    Membership,
    Office,
    Organ,
    Pledge,
    Resolution,
    Subject,
)


@register
class OrganType(RecordType):
    model = Organ
    list_display = ("name", "acronym", "organization", "kind", "seats", "term_years")
    list_filter = ("organization", "kind")
    search_fields = (
        "name",
        "name_az",
        "name_ru",
        "acronym",
        "acronym_az",
        "acronym_ru",
        "organization__name",
        "organization__acronym",
    )
    natural_keys = ("acronym", "name")
    dataset_keys = ("name",)


@register
class MembershipType(RecordType):
    model = Membership
    dated_by = "since"
    list_display = ("__str__", "state", "organization", "organ", "status", "since", "until")
    list_filter = ("state", "organization", "organ", "status")
    search_fields = ("state__name", "organization__name", "organization__acronym", "notes")
    dataset_keys = ("state", "organization", "organ", "status")
    ordering_fields = ("state", "organization", "status", "since", "until")

    @cached_property
    def filterset_class(self):
        """The shared filters, and `on`: the memberships in force on a day, as the roll reads
        partial dates (list page, API and export alike)."""
        base = RecordType.filterset_class.func(self)
        on = django_filters.DateFilter(
            method="in_force_on",
            label=_("In force on"),
            error_messages={"invalid": _("Give the day as YYYY-MM-DD (for example 2016-01-01).")},
        )
        return type(base.__name__, (base,), {"on": on, "in_force_on": _in_force_on})


def _in_force_on(filterset, queryset, name, value):
    return queryset.filter(covering(value))


@register
class CandidacyType(RecordType):
    model = Candidacy
    dated_by = "election_date"
    list_display = ("__str__", "state", "organ", "seat", "election_date", "result")
    list_filter = ("state", "organ", "result")
    search_fields = ("seat", "notes", "state__name", "organ__name")
    ordering_fields = ("election_date", "state", "organ", "result")
    dataset_keys = ("state", "organ", "term_from")
    detail_template = "multilateral/candidacy_detail.html"

    def detail_context(self, obj, request):
        from .campaign import campaign

        return {"campaign": campaign(obj, request.user)}


@register
class BallotType(RecordType):
    model = Ballot
    dated_by = "date"
    list_display = ("__str__", "candidacy", "round", "date", "votes_received", "votes_cast")
    list_filter = ("candidacy",)
    search_fields = ("candidacy__seat", "candidacy__state__name")
    ordering_fields = ("candidacy", "round", "date")
    dataset_keys = ("candidacy", "round")


@register
class PledgeType(RecordType):
    model = Pledge
    dated_by = "asked_on"
    list_display = ("state", "candidacy", "status", "asked_by", "asked_on", "reciprocal")
    list_filter = ("candidacy", "status", "state")
    search_fields = ("state__name", "asked_by", "reciprocal", "notes")
    ordering_fields = ("state", "status", "asked_on")
    dataset_keys = ("candidacy", "state")


@register
class OfficeType(RecordType):
    model = Office
    dated_by = "since"
    list_display = ("state", "role", "organization", "organ", "period_display")
    list_filter = ("state", "organization", "role")
    search_fields = ("state__name", "organization__name", "notes")
    ordering_fields = ("since", "state", "organization")
    dataset_keys = ("state", "organization", "role", "since")


@register
class SubjectType(RecordType):
    model = Subject
    list_display = ("name",)
    search_fields = ("name",)
    natural_keys = ("name",)
    dataset_keys = ("name",)


@register
class ResolutionType(RecordType):
    model = Resolution
    dated_by = "date"
    list_display = ("symbol", "title", "organ", "date", "session", "important")
    list_filter = ("organ", "session", "subjects", "important")
    search_fields = ("symbol", "title", "description")
    ordering_fields = ("date", "symbol", "session")
    natural_keys = ("symbol",)
    dataset_keys = ("organ", "symbol")
    detail_template = "multilateral/resolution_detail.html"

    def detail_context(self, obj, request):
        from .votes import tally, votes_on

        votes = votes_on(obj, request.user)
        return {
            "votes": votes,
            "tally": tally(votes),
            "links": [(_("Alignment"), reverse("multilateral:alignment"))],
        }
