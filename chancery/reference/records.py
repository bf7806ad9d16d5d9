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
        "end",
    )
    list_filter = ("region", "subregion")
    search_fields = (
        "name",
        "official_name",
        "name_az",
        "name_ru",
        "alpha_2",
        "alpha_3",
        "alpha_4",
    )
    natural_keys = ("alpha_2", "alpha_3", "name")
    dataset_keys = ("alpha_2",)
    paginate_by = 50
    detail_template = "reference/country_detail.html"

    def detail_context(self, obj, request):
        """The dossier link, the state's successions, and what Chancery holds of it; with
        `?predecessors=1`, of its predecessors too (the page says so). The page asks for the
        world map, the state outlined, once it has loaded."""
        from .historic import record_counts

        with_predecessors = request.GET.get("predecessors") == "1"
        rows, totals = record_counts(obj, request.user, with_predecessors)
        context = {
            "with_predecessors": with_predecessors,
            "held_rows": rows,
            "held_totals": totals,
            "successions_from": Succession.objects.visible_to(request.user)
            .filter(successor=obj)
            .select_related("predecessor")
            .filter(predecessor__in=Country.objects.visible_to(request.user)),
            "successions_to": Succession.objects.visible_to(request.user)
            .filter(predecessor=obj)
            .select_related("successor")
            .filter(successor__in=Country.objects.visible_to(request.user)),
        }
        if apps.is_installed("chancery.bilateral") and obj.alpha_2:
            context["dossier_url"] = reverse("bilateral:dossier", args=[obj.alpha_2])
            context["links"] = [(_("Country dossier"), context["dossier_url"])]
        return context


@register
class OrganizationType(RecordType):
    model = Organization
    dated_by = "founded"
    list_display = ("name", "acronym", "kind", "founded", "headquarters")
    list_filter = ("kind",)
    search_fields = (
        "name", "name_az", "name_ru", "acronym", "acronym_az", "acronym_ru", "headquarters",
        "description",
    )  # fmt: skip
    natural_keys = ("acronym", "name")
    dataset_keys = ("name",)


@register
class PersonType(RecordType):
    model = Person
    list_display = ("name", "position", "country", "organization")
    list_filter = ("country", "organization")
    search_fields = ("name", "name_az", "name_ru", "name_original", "position")
    natural_keys = ("name",)
    dataset_keys = ("name",)


@register
class SuccessionType(RecordType):
    model = Succession
    dated_by = "date"
    list_display = ("__str__", "predecessor", "successor", "kind", "date")
    list_filter = ("predecessor", "successor", "kind")
    search_fields = ("predecessor__name", "successor__name", "notes")
    dataset_keys = ("predecessor", "successor")
