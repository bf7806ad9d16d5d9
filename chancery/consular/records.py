"""Consular record types. Their personal fields are kept out of the change log."""

from chancery.core.registry import RecordType, register

from .models import Case, CasePerson, Crisis, CrisisCheck, CrisisMessage, Delivery, Registration

IDENTITY = (
    "surname_latin",
    "given_names_latin",
    "name_cyrillic",
    "date_of_birth",
    "sex",
    "travel_document",
    "travel_document_hash",
    "address",
    "latitude",
    "longitude",
    "phone",
    "email",
    "emergency_contact",
    "group",
    "purpose",
    "update_token_hash",
)


@register
class RegistrationType(RecordType):
    model = Registration
    list_display = (
        "reference",
        "surname_latin",
        "given_names_latin",
        "country",
        "city",
        "arrives_on",
        "leaves_on",
        "status",
        "mission",
    )
    list_filter = ("status", "country", "mission", "source")
    search_fields = ("reference", "surname_latin", "given_names_latin", "name_cyrillic", "city")
    ordering_fields = ("reference", "surname_latin", "arrives_on", "leaves_on", "status")
    personal_fields = IDENTITY
    detail_template = "consular/registrations/registration_detail.html"

    def detail_context(self, obj, request):
        from .views.registrations import registration_context

        return registration_context(obj, request)


@register
class CaseType(RecordType):
    model = Case
    list_display = ("reference", "kind", "status", "country", "mission", "officer", "opened_at")
    list_filter = ("kind", "status", "country", "mission", "officer")
    search_fields = ("reference", "summary")
    ordering_fields = ("reference", "kind", "status", "opened_at")
    personal_fields = ("summary",)
    detail_template = "consular/cases/case_detail.html"

    def detail_context(self, obj, request):
        from .views.cases import case_context

        return case_context(obj, request)


@register
class CasePersonType(RecordType):
    model = CasePerson
    list_display = ("name", "case", "role")
    list_filter = ("case",)
    search_fields = ("name",)
    personal_fields = ("name", "date_of_birth", "travel_document", "contact", "role")


@register
class CrisisType(RecordType):
    model = Crisis
    dated_by = "starts_on"
    list_display = ("name", "starts_on", "ends_on", "status")
    list_filter = ("status", "countries")
    search_fields = ("name", "cities", "notes")
    natural_keys = ("name",)
    dataset_keys = ("name",)
    detail_template = "consular/crises/crisis_detail.html"

    def detail_context(self, obj, request):
        from .views.crises import crisis_context

        return crisis_context(obj, request)


@register
class CrisisCheckType(RecordType):
    model = CrisisCheck
    list_display = ("registration", "crisis", "status", "marked_by", "marked_at")
    list_filter = ("crisis", "status")


@register
class CrisisMessageType(RecordType):
    model = CrisisMessage
    list_display = ("subject", "crisis", "sent_by", "sent_at")
    list_filter = ("crisis",)
    search_fields = ("subject", "subject_az", "subject_ru", "body", "body_az", "body_ru")


@register
class DeliveryType(RecordType):
    model = Delivery
    list_display = ("registration", "message", "status", "at")
    list_filter = ("message", "status")
    personal_fields = ("error",)
