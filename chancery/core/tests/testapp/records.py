"""The test-only record type's registration: nothing else is written for it."""

from chancery.core.registry import RecordType, register

from .models import Dispatch


@register
class DispatchType(RecordType):
    model = Dispatch
    list_display = ("subject", "channel", "sent_on", "country", "pages")
    # a filter through a link that may be out of sight (core.tests.test_hidden_links)
    list_filter = ("channel", "country", "country__name")
    search_fields = ("subject",)
    dataset_keys = ("subject",)
    natural_keys = ("subject",)
