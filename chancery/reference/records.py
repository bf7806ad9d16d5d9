"""Reference record types: their pages, API, exports and search."""

from django.apps import apps
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from chancery.core.registry import RecordType, register

from .models import Country, Organization, Person, Succession


@register
class CountryType(RecordType):
    model = Country
    list_display = (
        "name",
        "alpha_2",
        "alpha_3",
        "numeric",
        "name_az",
        "name_ru",
        "region",
        "un_member_since",
    )
    list_filter = ("region", "subregion")
    search_fields = ("name", "official_name", "name_az", "name_ru", "alpha_2", "alpha_3")
    natural_keys = ("alpha_2", "alpha_3", "name")
    dataset_keys = ("alpha_2",)
    paginate_by = 50

    def detail_context(self, obj, request):
        if not apps.is_installed("chancery.bilateral"):
            return {}
        return {"links": [(_("Country dossier"), reverse("bilateral:dossier", args=[obj.alpha_2]))]}


@register
class OrganizationType(RecordType):
    model = Organization
    list_display = ("name", "acronym", "kind", "founded", "headquarters")
    list_filter = ("kind",)
    search_fields = ("name", "acronym", "headquarters", "description")
    natural_keys = ("acronym", "name")
    dataset_keys = ("name",)


@register
class PersonType(RecordType):
    model = Person
    list_display = ("name", "position", "country", "organization")
    list_filter = ("country", "organization")
    search_fields = ("name", "name_original", "position")
    natural_keys = ("name",)
    dataset_keys = ("name",)


@register
class SuccessionType(RecordType):
    model = Succession
    list_display = ("__str__", "predecessor", "successor", "kind", "date")
    list_filter = ("predecessor", "successor", "kind")
    search_fields = ("predecessor__name", "successor__name", "notes")
    dataset_keys = ("predecessor", "successor")
