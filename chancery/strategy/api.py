"""The ten priorities in the API, as the home page and a priority's page show them: the records
linked to each counted per type as the user may see them, the newest, and (one priority) the
newest records of each type."""

from django.shortcuts import get_object_or_404
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.routers import SimpleRouter

from chancery.core.api import AnswerViewSet, RecordRefSerializer
from chancery.core.registry import registry

from .models import Priority
from .summary import priority_summaries

SHOWN_PER_TYPE = 25  # as the priority's page


class TypeCountSerializer(serializers.Serializer):
    type = serializers.CharField(help_text="The record type, as app.model.")
    name = serializers.CharField()
    count = serializers.IntegerField()


class NewestSerializer(RecordRefSerializer):
    type = serializers.CharField(source="_meta.label_lower")
    created_at = serializers.DateTimeField()


class PrioritySerializer(serializers.Serializer):
    """A priority with the records linked to it that the user may see, counted per type."""

    code = serializers.CharField(source="priority.code")
    order = serializers.IntegerField(source="priority.order")
    title = serializers.CharField(source="priority.title")
    short_title = serializers.CharField(source="priority.short_title")
    summary = serializers.CharField(source="priority.summary")
    count = serializers.IntegerField()
    by_type = TypeCountSerializer(many=True)
    newest = NewestSerializer(allow_null=True)


class SectionSerializer(serializers.Serializer):
    type = serializers.CharField()
    name = serializers.CharField()
    records = RecordRefSerializer(many=True, help_text="The newest, at most 25.")
    more = serializers.BooleanField(help_text="Whether more records of the type are linked.")


class PriorityDetailSerializer(PrioritySerializer):
    sections = SectionSerializer(many=True)


def counted(summary):
    """The summary of `priority_summaries` in the shape of `PrioritySerializer`."""
    summary.by_type = [
        {"type": rt.model._meta.label_lower, "name": str(rt.verbose_name_plural), "count": n}
        for rt, n in summary.by_type
    ]
    return summary


def sections(priority, user):
    """The newest records of each type linked to `priority`, as its page lists them."""
    found = []
    for rt in registry:
        items = list(
            rt.list_queryset(user).filter(priorities=priority).order_by("-created_at")[:26]
        )
        if items:
            found.append(
                {
                    "type": rt.model._meta.label_lower,
                    "name": str(rt.verbose_name_plural),
                    "records": items[:SHOWN_PER_TYPE],
                    "more": len(items) > SHOWN_PER_TYPE,
                }
            )
    return found


class PriorityViewSet(AnswerViewSet):
    """The foreign-policy priorities, in order, each with what the user may see of its records."""

    queryset = Priority.objects.all()
    lookup_field = "code"
    serializer_class = PrioritySerializer

    def list(self, request):
        summaries = [counted(s) for s in priority_summaries(request.user)]
        return Response(PrioritySerializer(summaries, many=True).data)

    @extend_schema(responses=PriorityDetailSerializer)
    def retrieve(self, request, code=None):
        priority = get_object_or_404(Priority, code=code)
        summary = priority_summaries(request.user, Priority.objects.filter(pk=priority.pk))[0]
        counted(summary).sections = sections(priority, request.user)
        return Response(PriorityDetailSerializer(summary).data)


router = SimpleRouter()
router.register("strategy/priorities", PriorityViewSet, basename="api-priority")
urlpatterns = router.urls
