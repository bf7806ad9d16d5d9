"""Document record type."""

from chancery.core.registry import RecordType, register

from .models import Document


@register
class DocumentType(RecordType):
    model = Document
    dated_by = "date"
    list_display = ("title", "kind", "date", "language", "author", "classification")
    list_filter = ("kind", "language")
    search_fields = ("title", "author", "text")
    natural_keys = ("title",)
    dataset_keys = ("title",)
