"""The REST API every registered record type gets: a viewset, a serializer, permissions."""

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import DataError
from django.db.models import ProtectedError, RestrictedError
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter
from rest_framework import serializers, status, viewsets
from rest_framework.exceptions import APIException, ValidationError
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler
from rest_framework.views import set_rollback

from . import reads
from .conflicts import etag_of
from .errors import (
    RETRY_AFTER_SECONDS,
    database_unavailable,
    refused_value_message,
    unavailable_message,
)
from .forms import OnDayForm
from .keys import BoundedPrimaryKeyRelatedField, KeyConverter
from .links import hidden_links
from .models import Classification, Record, clearance_of
from .services import (
    RecordNotVisibleAfterSave,
    ensure_visible,
    record_write,
    referrers_in_sight,
)
from .text import refuse_control_characters
from .uniqueness import check_unique_in_sight
from .uploads import refuse_large_upload


class RecordSerializer(serializers.ModelSerializer):
    """Related-record choices go through `visible_to`; model validation runs as in the forms."""

    serializer_related_field = BoundedPrimaryKeyRelatedField
    display = serializers.SerializerMethodField()

    def get_display(self, obj) -> str:
        return str(obj)

    def get_fields(self):
        fields = super().get_fields()
        request = self.context.get("request")
        user = getattr(request, "user", None)
        for field in fields.values():
            target = getattr(field, "child_relation", field)
            queryset = getattr(target, "queryset", None)
            if queryset is not None and issubclass(queryset.model, Record):
                target.queryset = queryset.model.objects.visible_to(user)
            if isinstance(field, serializers.CharField) and not field.read_only:
                field.validators.append(refuse_control_characters)
            if isinstance(field, serializers.FileField) and not field.read_only:
                field.validators.append(refuse_large_upload)
        for name in ("created_by", "updated_by", "created_at", "updated_at"):
            if name in fields:
                fields[name].read_only = True
        if isinstance(self.instance, Record):
            self._loosen_for_an_edit(fields)
        return fields

    def _loosen_for_an_edit(self, fields):
        """An edit need not send again what it cannot see or send: a link whose members are all
        out of sight may be sent empty (they stay), and a stored file may be left out."""
        for name in self._hidden().many:
            fields[name].allow_empty = True
            fields[name].required = False
        for name in self._hidden().single:
            fields[name].required = False
        for name, field in fields.items():
            if isinstance(field, serializers.FileField) and getattr(self.instance, name, None):
                field.required = False

    def to_representation(self, instance):
        """A related record the reader may not see (fetched as empty through `visible_to`) is
        shown as null, not by its key."""
        data = super().to_representation(instance)
        for field in instance._meta.concrete_fields:
            if (
                (field.many_to_one or field.one_to_one)
                and field.name in data
                and issubclass(field.related_model, Record)
                and field.is_cached(instance)
                and field.get_cached_value(instance) is None
            ):
                data[field.name] = None
        return data

    def validate_classification(self, value):
        request = self.context.get("request")
        clearance = clearance_of(getattr(request, "user", None)) or Classification.UNCLASSIFIED
        if value > clearance:
            raise ValidationError(_("You cannot classify a record above your clearance."))
        return value

    def validate(self, attrs):
        model = self.Meta.model
        plain = {k: v for k, v in attrs.items() if not model._meta.get_field(k).many_to_many}
        if self.instance is not None:
            candidate = model.objects.get(pk=self.instance.pk)
            for name in self._hidden().single:
                plain.pop(name, None)
            for key, value in plain.items():
                setattr(candidate, key, value)
        else:
            candidate = model(**plain)
        try:
            candidate.full_clean()
            request = self.context.get("request")
            check_unique_in_sight(candidate, getattr(request, "user", None))
        except DjangoValidationError as exc:
            hidden = self._hidden() if self.instance is not None else None
            raise ValidationError(
                hidden.mask(exc.message_dict) if hidden else exc.message_dict
            ) from exc
        return attrs

    def _hidden(self):
        """The links of the record being changed to records its writer may not see (kept)."""
        if not hasattr(self, "_hidden_links"):
            request = self.context.get("request")
            self._hidden_links = hidden_links(
                self.instance, self.Meta.fields, getattr(request, "user", None)
            )
        return self._hidden_links

    def update(self, instance, validated_data):
        """A link the writer may not see is kept as it is, whatever was sent for it (a client
        that read it as null and sends the null back loses nothing)."""
        hidden = self._hidden()
        for name in hidden.single:
            validated_data.pop(name, None)
        for name in hidden.many:
            if name in validated_data:
                validated_data[name] = hidden.with_members(name, validated_data[name])
        return super().update(instance, validated_data)


class RecordViewSet(viewsets.ModelViewSet):
    """List, read, create, change and delete one record type, as the user may see it."""

    record_type = None
    lookup_value_regex = KeyConverter.regex

    def get_queryset(self):
        return self.record_type.export_queryset(self.request.user)

    def get_object(self):
        obj = super().get_object()
        reads.log_reads(self.request, self.record_type.model, [obj.pk], reads.API)
        return obj

    def paginate_queryset(self, queryset):
        page = super().paginate_queryset(queryset)
        if page is not None:
            reads.log_reads(self.request, self.record_type.model, [o.pk for o in page], reads.API)
        return page

    def retrieve(self, request, *args, **kwargs):
        instance = self.get_object()
        data = self.get_serializer(instance).data
        return Response(data, headers={"ETag": etag_of(instance)})

    def update(self, request, *args, **kwargs):
        response = super().update(request, *args, **kwargs)
        if response.status_code == status.HTTP_200_OK:
            response["ETag"] = etag_of(self._saved)
        return response

    def perform_create(self, serializer):
        self._save(serializer)

    def perform_update(self, serializer):
        self._save(serializer)

    def _if_match(self):
        """The ETags an edit says it started from (If-Match), or None if it names none."""
        header = self.request.headers.get("If-Match", "").strip()
        if not header or header == "*":
            return None
        return {tag.strip().removeprefix("W/") for tag in header.split(",")}

    def _save(self, serializer):
        user = self.request.user
        try:
            with record_write(user):
                expected = self._if_match() if serializer.instance is not None else None
                if expected is not None:
                    self._check_version(serializer.instance, expected)
                stamps = {"updated_by": user}
                if serializer.instance is None:
                    stamps["created_by"] = user
                instance = serializer.save(**stamps)
                ensure_visible(instance, user)
                # the answer shows the record as a read of it would, not as it was written
                self._saved = serializer.instance = self.get_queryset().get(pk=instance.pk)
        except RecordNotVisibleAfterSave as exc:
            raise ValidationError({"classification": [str(exc)]}) from exc

    def _check_version(self, instance, expected):
        """Refuse the edit (412) unless the record, locked until the write ends, is still at one
        of the `expected` versions."""
        current = type(instance).objects.select_for_update().get(pk=instance.pk)
        if etag_of(current) not in expected:
            # shown as a read of it would show it; a record gone out of sight is not there
            current = get_object_or_404(self.get_queryset(), pk=instance.pk)
            raise PreconditionFailed(current, self.get_serializer(current).data)


class PreconditionFailed(APIException):
    """412: the record changed since the ETag the client sent (If-Match)."""

    status_code = status.HTTP_412_PRECONDITION_FAILED
    default_code = "precondition_failed"

    def __init__(self, current, data):
        super().__init__(
            _(
                "Someone else saved this record since the version you sent (If-Match); "
                "nothing was changed. The record as it is saved now is in 'current'."
            )
        )
        # the record as a read of it gives it, its values not made into text as a message's are
        self.detail = {"detail": self.detail, "current": data}
        self.etag = etag_of(current)


def exception_handler(exc, context):
    """DRF's handler, plus clear 4xx answers for errors Django raises below the serializer, and
    503 for a database that is down or read-only."""
    if isinstance(exc, ProtectedError | RestrictedError):
        user = getattr(context.get("request"), "user", None)
        shown, _more = referrers_in_sight(exc, user)
        referring = [
            {"type": record._meta.label_lower, "id": record.pk, "display": str(record)}
            for record in shown
        ]
        return Response(
            {
                "detail": _("This record cannot be deleted: other records refer to it."),
                "referring": referring,
            },
            status=status.HTTP_409_CONFLICT,
        )
    if isinstance(exc, PreconditionFailed):
        response = drf_exception_handler(exc, context)
        response["ETag"] = exc.etag
        return response
    if database_unavailable(exc):
        set_rollback()
        return Response(
            {"detail": unavailable_message()},
            status=status.HTTP_503_SERVICE_UNAVAILABLE,
            headers={"Retry-After": str(RETRY_AFTER_SECONDS)},
        )
    if isinstance(exc, DataError):
        set_rollback()
        return Response({"detail": refused_value_message()}, status=status.HTTP_400_BAD_REQUEST)
    if isinstance(exc, DjangoValidationError):
        exc = ValidationError(exc.message_dict if hasattr(exc, "error_dict") else exc.messages)
    return drf_exception_handler(exc, context)


# answers the pages give beyond one record type (the priorities, a roll, a dossier) -------------
ON_DAY = OpenApiParameter(
    "on",
    OpenApiTypes.DATE,
    OpenApiParameter.QUERY,
    description="The day the answer holds for, YYYY-MM-DD (today if left out).",
)


def day_asked(request):
    """The day `?on=` names (today without one); a 400 naming the parameter otherwise."""
    form = OnDayForm(request.query_params)
    if not form.is_valid():
        raise ValidationError(
            {"on": [_("Give the day as YYYY-MM-DD (for example 2016-01-01), or leave it out.")]}
        )
    return form.cleaned_data["on"]


class RecordRefSerializer(serializers.Serializer):
    """A record named in an answer: its key and its name (a record out of sight is never
    named: the answers only hold records fetched through `visible_to`)."""

    id = serializers.IntegerField()
    display = serializers.CharField(source="__str__")


class AnswerViewSet(viewsets.GenericViewSet):
    """A read-only answer the pages give too, computed by the same functions as the page; each
    subclass names its `queryset` (the model it answers about), whose `visible_to` decides."""

    pagination_class = None
    filter_backends = []
    http_method_names = ["get", "head", "options"]
