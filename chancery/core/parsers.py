"""The API's JSON parser: a body nested deeper than any record needs is refused (400), never a
RecursionError (500)."""

from django.utils.translation import gettext as _
from rest_framework.exceptions import ParseError
from rest_framework.parsers import JSONParser

# a record is an object of values and lists of keys: three levels; the rest is room to spare
MAX_DEPTH = 20


def depth_of(value) -> int:
    """How deeply lists and objects nest in a parsed JSON value (a scalar is 0), without
    recursion."""
    deepest, pending = 0, [(value, 1)]
    while pending:
        value, depth = pending.pop()
        if isinstance(value, dict):
            value = value.values()
        elif not isinstance(value, list):
            continue
        deepest = max(deepest, depth)
        if depth > MAX_DEPTH:
            break
        pending.extend((item, depth + 1) for item in value)
    return deepest


class BoundedJSONParser(JSONParser):
    """JSON, strictly (no NaN), nested at most `MAX_DEPTH` levels."""

    def parse(self, stream, media_type=None, parser_context=None):
        message = _("The JSON body is nested deeper than %(depth)s levels.") % {"depth": MAX_DEPTH}
        try:
            data = super().parse(stream, media_type, parser_context)
        except RecursionError as exc:
            raise ParseError(message) from exc
        if depth_of(data) > MAX_DEPTH:
            raise ParseError(message)
        return data
