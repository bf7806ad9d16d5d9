"""Answers of the bilateral pages in the API: an agreement's parties with each one's entry into
force and status on a day (the derivation of the treaty status page), and the country dossier
(`dossier.dossier`, the page's sections)."""

from django.shortcuts import get_object_or_404
from django.urls import path
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.response import Response

from chancery.core.api import ON_DAY, AnswerViewSet, RecordRefSerializer, day_asked
from chancery.core.models import format_partial_period
from chancery.reference.models import Country

from . import dossier
from .models import Agreement, AgreementParty
from .status import PartyOnDay


# an agreement's parties on a day ---------------------------------------------------------------
class PartyOnDaySerializer(serializers.Serializer):
    """One party's dates and its status on the day, derived as the treaty status page does."""

    id = serializers.IntegerField(source="party.pk")
    state = RecordRefSerializer(source="party.state", allow_null=True)
    organization = RecordRefSerializer(source="party.organization", allow_null=True)
    signature = serializers.DateField(source="party.signature", allow_null=True)
    consent = serializers.DateField(
        source="party.consent", allow_null=True, help_text="The earliest act of consent."
    )
    provisional_application = serializers.DateField(
        source="party.provisional_application", allow_null=True
    )
    entry_into_force = serializers.DateField(
        source="party.effective_entry_into_force",
        allow_null=True,
        help_text="For this party: its own date, or the one the final clauses give it.",
    )
    withdrawal = serializers.DateField(source="party.withdrawal", allow_null=True)
    status = serializers.CharField()
    status_label = serializers.CharField()


class AgreementPartiesSerializer(serializers.Serializer):
    agreement = RecordRefSerializer()
    entry_into_force = serializers.DateField(source="agreement.entry_into_force", allow_null=True)
    on = serializers.DateField()
    parties = PartyOnDaySerializer(many=True)


class AgreementPartiesViewSet(AnswerViewSet):
    """The parties to an agreement the user may see, each with its status on `?on=`."""

    queryset = Agreement.objects.all()
    serializer_class = AgreementPartiesSerializer

    @extend_schema(parameters=[ON_DAY])
    def retrieve(self, request, pk=None):
        agreement = get_object_or_404(Agreement.objects.visible_to(request.user), pk=pk)
        day = day_asked(request)
        parties = (
            AgreementParty.objects.visible_to(request.user)
            .filter(agreement=agreement)
            .select_related("agreement", "state", "organization")
            .order_by("state__name", "organization__name", "pk")
        )
        answer = {
            "agreement": agreement,
            "on": day,
            "parties": [PartyOnDay(p, p.status_on(day)) for p in parties],
        }
        return Response(AgreementPartiesSerializer(answer).data)


# the country dossier ---------------------------------------------------------------------------
class DossierCountrySerializer(RecordRefSerializer):
    alpha_2 = serializers.CharField()


class DossierRelationSerializer(RecordRefSerializer):
    status = serializers.CharField()
    established_on = serializers.DateField(allow_null=True)
    notes = serializers.CharField()


class DossierHeadSerializer(RecordRefSerializer):
    title = serializers.CharField()
    person = RecordRefSerializer(allow_null=True)
    since = serializers.DateField(allow_null=True)
    until = serializers.DateField(allow_null=True)


class DossierMissionSerializer(RecordRefSerializer):
    kind = serializers.CharField()
    city = serializers.CharField()
    head = DossierHeadSerializer(source="current_head", allow_null=True, help_text="On the day.")


class DossierEngagementSerializer(RecordRefSerializer):
    kind = serializers.CharField()
    start = serializers.DateField()
    end = serializers.DateField(allow_null=True)
    dates = serializers.SerializerMethodField(help_text="The dates as far as they are known.")

    def get_dates(self, engagement) -> str:
        return format_partial_period(engagement, "start", "end")


class DossierAgreementSerializer(serializers.Serializer):
    agreement = RecordRefSerializer()
    status = serializers.CharField(help_text="The home state's status on the day.")
    signature = serializers.DateField(source="party.signature", allow_null=True)
    consent = serializers.DateField(source="party.consent", allow_null=True)
    entry_into_force = serializers.DateField(
        source="party.effective_entry_into_force", allow_null=True
    )


class DossierCommitmentSerializer(RecordRefSerializer):
    due_on = serializers.DateField(allow_null=True)
    status = serializers.CharField()


class DossierCommissionSerializer(serializers.Serializer):
    commission = RecordRefSerializer()
    pending_total = serializers.IntegerField(help_text="Its pending commitments, all counted.")
    overdue_total = serializers.IntegerField(help_text="Those of them overdue on the day.")
    pending = DossierCommitmentSerializer(
        many=True,
        source="shown",
        help_text=f"The first {dossier.COMMITMENTS_SHOWN} due; the commission's record lists all.",
    )
    overdue = DossierCommitmentSerializer(
        many=True, help_text=f"The first {dossier.COMMITMENTS_SHOWN} overdue."
    )


class DossierPersonSerializer(RecordRefSerializer):
    position = serializers.CharField()


class PriorityServedSerializer(serializers.Serializer):
    code = serializers.CharField()
    display = serializers.CharField()
    count = serializers.IntegerField(help_text="Engagements listed here that serve it.")


class DossierSerializer(serializers.Serializer):
    """The dossier page's sections, as the user may see them, as of the day."""

    state = DossierCountrySerializer()
    home = DossierCountrySerializer(allow_null=True)
    on = serializers.DateField(source="day")
    relation = DossierRelationSerializer(allow_null=True)
    missions = DossierMissionSerializer(many=True)
    engagements = DossierEngagementSerializer(many=True, help_text="The newest 50.")
    agreements = DossierAgreementSerializer(
        many=True, help_text="The newest 50, by the home state's signature."
    )
    agreements_total = serializers.IntegerField(
        help_text=f"The agreements in common, counted up to {dossier.AGREEMENTS_COUNTED}."
    )
    agreements_capped = serializers.BooleanField(
        help_text=f"Whether there are more than {dossier.AGREEMENTS_COUNTED} in common."
    )
    commissions = DossierCommissionSerializer(many=True)
    organisations = RecordRefSerializer(many=True, help_text="Both states belong to on the day.")
    people = DossierPersonSerializer(many=True, help_text="At most 50.")
    priorities = PriorityServedSerializer(many=True)


class DossierViewSet(AnswerViewSet):
    """A state's dossier (`code`: its ISO alpha-2 code, as on the page), as of `?on=`."""

    queryset = Country.objects.all()
    lookup_field = "code"
    serializer_class = DossierSerializer

    @extend_schema(parameters=[ON_DAY])
    def retrieve(self, request, code=None):
        state = get_object_or_404(Country.objects.visible_to(request.user), alpha_2=code.upper())
        answer = dossier.dossier(state, request.user, day_asked(request))
        answer["priorities"] = [
            {"code": p.code, "display": str(p), "count": n} for p, n in answer["priorities"]
        ]
        return Response(DossierSerializer(answer).data)


urlpatterns = [
    path(
        "bilateral/agreements/<key:pk>/parties/",
        AgreementPartiesViewSet.as_view({"get": "retrieve"}),
        name="api-agreement-parties",
    ),
    path(
        "bilateral/dossiers/<str:code>/",
        DossierViewSet.as_view({"get": "retrieve"}),
        name="api-dossier",
    ),
]
