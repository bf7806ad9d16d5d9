"""The API of UN votes and voting alignment: each state's votes (filtered by state, resolution,
session, year, subject), two states' alignment over a period, by year and by subject, and the
ranking of the states against one. What the alignment page answers, read through the same sight
(`alignment.Sight`: what `visible_to` lets the reader see, read once per request).
Also an organisation's (or one organ's) roll on a day: the memberships in force that day, as
the roll page answers (`roll.roll`)."""

import datetime

import django_filters
from django import forms
from django.shortcuts import get_object_or_404
from django.urls import path
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import mixins, serializers, viewsets
from rest_framework.exceptions import ValidationError
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response

from chancery.core.api import ON_DAY, AnswerViewSet, RecordRefSerializer, day_asked
from chancery.core.keys import bounded
from chancery.reference.models import Country, Organization

from . import alignment as alignments
from .forms import AlignmentForm, RollForm
from .models import Resolution, Subject, Vote
from .roll import roll


def _visible(model):
    def queryset(request):
        return model.objects.visible_to(getattr(request, "user", None))

    return queryset


class VoteSerializer(serializers.ModelSerializer):
    """One state's vote on a resolution, with the resolution's roll call, symbol and date."""

    roll_call = serializers.IntegerField(source="resolution.roll_call", allow_null=True)
    symbol = serializers.CharField(source="resolution.symbol")
    date = serializers.DateField(source="resolution.date")
    session = serializers.IntegerField(source="resolution.session", allow_null=True)
    state_display = serializers.CharField(source="state.__str__")
    vote_display = serializers.CharField(source="get_vote_display")

    class Meta:
        model = Vote
        fields = [
            "id",
            "resolution",
            "roll_call",
            "symbol",
            "date",
            "session",
            "state",
            "state_display",
            "vote",
            "vote_display",
        ]
        read_only_fields = fields


class VoteFilterSet(django_filters.FilterSet):
    """The questions a list of votes answers; each choice among what the reader may see."""

    state = django_filters.ModelChoiceFilter(queryset=_visible(Country), label=_("State"))
    resolution = django_filters.ModelChoiceFilter(
        queryset=_visible(Resolution), label=_("Resolution")
    )
    session = django_filters.NumberFilter(
        field_name="resolution__session",
        label=_("Session"),
        min_value=0,
        max_value=32767,
    )
    year = django_filters.NumberFilter(
        field_name="resolution__date",
        lookup_expr="year",
        label=_("Year"),
        min_value=datetime.MINYEAR,
        max_value=datetime.MAXYEAR,
    )
    subject = django_filters.ModelChoiceFilter(
        field_name="resolution__subjects", queryset=_visible(Subject), label=_("Subject")
    )
    vote = django_filters.ChoiceFilter(choices=Vote.Choice.choices, label=_("Vote"))

    class Meta:
        model = Vote
        fields = ["state", "resolution", "session", "year", "subject", "vote"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("state", "resolution", "subject"):
            self.filters[name].field_class = bounded(self.filters[name].field_class)
        for name in ("session", "year"):
            self.filters[name].field_class = forms.IntegerField


class VoteViewSet(mixins.ListModelMixin, viewsets.GenericViewSet):
    """The votes the reader may see: on visible resolutions, by visible states."""

    serializer_class = VoteSerializer
    filterset_class = VoteFilterSet
    permission_classes = [IsAuthenticated]
    queryset = Vote.objects.none()  # for the schema; the answer is `get_queryset`'s

    def get_queryset(self):
        seen = alignments.Sight.of(self.request.user)
        if seen.clearance is None:
            return Vote.objects.none()
        return (
            Vote.objects.filter(
                resolution__classification__lte=seen.clearance,
                resolution__organ__in=seen.organs,
                state__in=seen.states,
            )
            .select_related("resolution", "state")
            .order_by("resolution_id", "state_id")
        )


class ScoreSerializer(serializers.Serializer):
    score = serializers.FloatField(help_text=_("The agreement index, 0 to 1."))
    compared = serializers.IntegerField(help_text=_("Resolutions on which both cast a vote."))


class YearScoreSerializer(ScoreSerializer):
    year = serializers.IntegerField()


class SubjectScoreSerializer(ScoreSerializer):
    subject = serializers.IntegerField()
    subject_display = serializers.CharField()


class AlignmentSerializer(serializers.Serializer):
    """Two states' alignment over a period: overall, by year and by subject."""

    state = serializers.IntegerField()
    other = serializers.IntegerField()
    start = serializers.DateField(allow_null=True)
    end = serializers.DateField(allow_null=True)
    subject = serializers.IntegerField(allow_null=True)
    state_predecessors = serializers.ListField(
        child=serializers.IntegerField(), help_text=_("States whose votes count as the state's.")
    )
    other_predecessors = serializers.ListField(
        child=serializers.IntegerField(), help_text=_("States whose votes count as the other's.")
    )
    score = serializers.FloatField(allow_null=True, help_text=_("Null when never compared."))
    compared = serializers.IntegerField()
    by_year = YearScoreSerializer(many=True)
    by_subject = SubjectScoreSerializer(many=True)


class RankedSerializer(ScoreSerializer):
    state = serializers.IntegerField()
    state_display = serializers.CharField()


class RankingSerializer(serializers.Serializer):
    """Every state with at least `minimum` votes in common with `state`, most aligned first."""

    state = serializers.IntegerField()
    start = serializers.DateField(allow_null=True)
    end = serializers.DateField(allow_null=True)
    subject = serializers.IntegerField(allow_null=True)
    state_predecessors = serializers.ListField(
        child=serializers.IntegerField(), help_text=_("States whose votes count as the state's.")
    )
    minimum = serializers.IntegerField()
    ranking = RankedSerializer(many=True)


PERIOD = [
    OpenApiParameter(
        "state", OpenApiTypes.INT, description=_("The state (default: the home state).")
    ),
    OpenApiParameter("start", OpenApiTypes.DATE, description=_("From this day (included).")),
    OpenApiParameter("end", OpenApiTypes.DATE, description=_("To this day (included).")),
    OpenApiParameter("subject", OpenApiTypes.INT, description=_("Only this subject.")),
    OpenApiParameter(
        "predecessors",
        OpenApiTypes.BOOL,
        description=_(
            "Count the votes of the states each state succeeded (Russia: the Soviet Union)."
        ),
    ),
]


class RankingForm(AlignmentForm):
    """The ranking's question: the alignment page's, with the least votes in common."""

    minimum = forms.IntegerField(min_value=1, max_value=100000, required=False)


def _asked(form_class, request, require_other=False):
    """The question's cleaned values, or a 400 naming the fields (as the page does)."""
    form = form_class(request.query_params, request.user)
    if require_other and not request.query_params.get("other"):
        form.is_valid()
        form.add_error("other", _("Name the state to compare with."))
    if not form.is_valid():
        raise ValidationError(form.errors)
    return form.cleaned_data


def _key(record):
    return record.pk if record is not None else None


class AlignmentViewSet(AnswerViewSet):
    """Two states' voting alignment, as the alignment page gives it (about votes, which have no
    model permission: what the reader sees of them is the sight's)."""

    permission_classes = [IsAuthenticated]
    serializer_class = AlignmentSerializer

    @extend_schema(
        parameters=[
            *PERIOD,
            OpenApiParameter(
                "other", OpenApiTypes.INT, required=True, description=_("The state compared.")
            ),
        ],
        responses=AlignmentSerializer,
    )
    def list(self, request):
        asked = _asked(AlignmentForm, request, require_other=True)
        state, other, subject = asked["state_side"], asked["other_side"], asked["subject"]
        period = {"start": asked["start"], "end": asked["end"]}
        seen = alignments.Sight.of(request.user)
        score, compared = alignments.agreement_over(state, other, seen, subject=subject, **period)
        by_year = alignments.agreement_by_year(state, other, seen, subject=subject, **period)
        by_subject = (
            alignments.agreement_by_subject(state, other, seen, **period) if subject is None else []
        )
        return Response(
            {
                "state": state[0].pk,
                "other": other[0].pk,
                **period,
                "subject": _key(subject),
                "state_predecessors": [before.pk for before in state[1:]],
                "other_predecessors": [before.pk for before in other[1:]],
                "score": score,
                "compared": compared,
                "by_year": [{"year": y, "score": s, "compared": n} for y, s, n in by_year],
                "by_subject": [
                    {"subject": t.pk, "subject_display": str(t), "score": s, "compared": n}
                    for t, s, n in by_subject
                ],
            }
        )


class RankingViewSet(AnswerViewSet):
    """The states ranked by their alignment with one, as the alignment page ranks them."""

    permission_classes = [IsAuthenticated]
    serializer_class = RankingSerializer

    @extend_schema(
        parameters=[
            *PERIOD,
            OpenApiParameter(
                "minimum",
                OpenApiTypes.INT,
                description=_("Votes in common below which a state is not ranked (default 10)."),
            ),
        ],
        responses=RankingSerializer,
    )
    def list(self, request):
        asked = _asked(RankingForm, request)
        minimum = asked["minimum"] or alignments.MINIMUM
        period = {"start": asked["start"], "end": asked["end"], "subject": asked["subject"]}
        ranked = alignments.ranking(
            asked["state_side"], alignments.Sight.of(request.user), minimum=minimum, **period
        )
        return Response(
            {
                "state": asked["state"].pk,
                **period,
                "subject": _key(asked["subject"]),
                "state_predecessors": [before.pk for before in asked["state_side"][1:]],
                "minimum": minimum,
                "ranking": [
                    {"state": c.pk, "state_display": str(c), "score": s, "compared": n}
                    for c, s, n in ranked
                ],
            }
        )


def register(router):
    """Add the votes and alignment endpoints to the API's router."""
    router.register("multilateral/votes", VoteViewSet, basename="multilateral-vote")
    router.register("multilateral/alignment", AlignmentViewSet, basename="multilateral-alignment")
    router.register(
        "multilateral/alignment-ranking", RankingViewSet, basename="multilateral-alignment-ranking"
    )


class RollMembershipSerializer(RecordRefSerializer):
    state = RecordRefSerializer()
    status = serializers.CharField()
    since = serializers.DateField(allow_null=True)
    since_precision = serializers.CharField(help_text="day, month or year")
    until = serializers.DateField(allow_null=True)
    until_precision = serializers.CharField(help_text="day, month or year")


class RollSerializer(serializers.Serializer):
    organization = RecordRefSerializer()
    organ = RecordRefSerializer(allow_null=True)
    on = serializers.DateField()
    memberships = RollMembershipSerializer(many=True)


class RollViewSet(AnswerViewSet):
    """Who held which status in an organisation (or a seat in one of its organs, `?organ=`) on
    a day: memberships whose partial dates cover it, as the roll page reads them."""

    queryset = Organization.objects.all()
    serializer_class = RollSerializer

    @extend_schema(
        parameters=[
            ON_DAY,
            OpenApiParameter(
                "organ", OpenApiTypes.INT, description="An organ of the organisation (its id)."
            ),
        ]
    )
    def retrieve(self, request, pk=None):
        organization = get_object_or_404(Organization.objects.visible_to(request.user), pk=pk)
        day = day_asked(request)
        form = RollForm(
            {"organization": organization.pk, "organ": request.query_params.get("organ", "")},
            request.user,
        )
        if not form.is_valid():
            raise ValidationError(form.errors)
        organ = form.cleaned_data["organ"]
        answer = {
            "organization": organization,
            "organ": organ,
            "on": day,
            "memberships": roll(organization, day, request.user, organ),
        }
        return Response(RollSerializer(answer).data)


urlpatterns = [
    path(
        "reference/organizations/<key:pk>/roll/",
        RollViewSet.as_view({"get": "retrieve"}),
        name="api-roll",
    ),
]
