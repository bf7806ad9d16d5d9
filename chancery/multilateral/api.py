"""An organisation's (or one organ's) roll on a day in the API: the memberships in force that
day, as the roll page answers (`roll.roll`)."""

from django.shortcuts import get_object_or_404
from django.urls import path
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response

from chancery.core.api import ON_DAY, AnswerViewSet, RecordRefSerializer, day_asked
from chancery.reference.models import Organization

from .forms import RollForm
from .roll import roll


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
