"""The OpenAPI schema of every API operation names the errors it may answer, with their bodies:
what a client must handle, and what the schemathesis run holds the API to."""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.extensions import OpenApiSerializerFieldExtension
from drf_spectacular.openapi import AutoSchema
from drf_spectacular.plumbing import ResolvedComponent

ERROR = {
    "type": "object",
    "properties": {"detail": {"type": "string"}},
    "required": ["detail"],
}
FIELD_ERRORS = {
    "type": "object",
    "description": _(
        "The fields that were refused, each with its messages (non_field_errors: the record as "
        "a whole)."
    ),
    "additionalProperties": {"type": "array", "items": {"type": "string"}},
}
DELETE_REFUSED = {
    "type": "object",
    "properties": {
        "detail": {"type": "string"},
        "referring": {
            "type": "array",
            "description": _(
                "Up to ten of the records referring to it that the user may see (the refusal is "
                "the same whether there are any or not)."
            ),
            "items": {
                "type": "object",
                "properties": {
                    "type": {"type": "string"},
                    "id": {"type": "integer"},
                    "display": {"type": "string"},
                },
                "required": ["type", "id", "display"],
            },
        },
    },
    "required": ["detail", "referring"],
}
COMPONENTS = {"Error": ERROR, "FieldErrors": FIELD_ERRORS, "DeleteRefused": DELETE_REFUSED}

WRITES = {"create", "update", "partial_update"}
ONE_RECORD = {"retrieve", "update", "partial_update", "destroy"}

# status: (the actions that may answer it, or None for every one; what it means)
ERRORS = {
    "400": (None, _("The request or a value in it is not valid; nothing was changed.")),
    "401": (None, _("No valid credentials: a missing, unknown, expired or revoked token.")),
    "403": (None, _("The user may not do this to records of this type.")),
    "404": (
        ONE_RECORD | {"list"},
        _("No such record, or one the user may not see (the same answer); or no such page."),
    ),
    "409": ({"destroy"}, _("The record cannot be deleted: other records refer to it.")),
    "412": (
        {"update", "partial_update"},
        _(
            "The record changed since the version named in If-Match; nothing was changed. "
            "'current' holds the record as it is now."
        ),
    ),
    "415": (WRITES, _("The body is not JSON, form data or multipart form data.")),
    "503": (
        None,
        _("The database is unavailable or read-only for the moment; nothing was changed."),
    ),
}


class RecordAutoSchema(AutoSchema):
    """drf-spectacular's schema, with the error answers of each operation."""

    def _get_response_bodies(self, direction="response"):
        responses = super()._get_response_bodies(direction)
        action = getattr(self.view, "action", None)
        for status, (actions, description) in ERRORS.items():
            if status in responses or (actions is not None and action not in actions):
                continue
            responses[status] = {
                "description": str(description),
                "content": {"application/json": {"schema": self._error_body(status)}},
            }
        return responses

    def _error_body(self, status):
        if status == "400":
            return {"anyOf": [self._component("Error"), self._component("FieldErrors")]}
        if status == "409":
            return self._component("DeleteRefused")
        if status == "412":
            record = self.resolve_serializer(self.get_response_serializers(), "response")
            return {
                "type": "object",
                "properties": {"detail": {"type": "string"}, "current": record.ref},
                "required": ["detail", "current"],
            }
        return self._component("Error")

    def _component(self, name):
        component = ResolvedComponent(
            name=name, type=ResolvedComponent.SCHEMA, schema=COMPONENTS[name], object=name
        )
        self.registry.register_on_missing(component)
        return component.ref


class LocalTimeField(OpenApiSerializerFieldExtension):
    """A time of day is local to the place it happened, without an offset ("14:30:00"), which
    OpenAPI's `format: time` would require."""

    target_class = "rest_framework.fields.TimeField"

    def map_serializer_field(self, auto_schema, direction):
        return {
            "type": "string",
            "pattern": r"^([01][0-9]|2[0-3]):[0-5][0-9](:[0-5][0-9](\.[0-9]{1,6})?)?$",
            "example": "14:30:00",
        }
