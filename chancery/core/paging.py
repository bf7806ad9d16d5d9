"""Pages of a list that cost the same however long the list: the count stops at COUNT_CAP."""

from django.core.paginator import Paginator
from django.utils.functional import cached_property
from rest_framework.pagination import PageNumberPagination
from rest_framework.response import Response

# the most rows a list counts; past it the list says "more than" and offers its first pages
COUNT_CAP = 10_000


class CappedPaginator(Paginator):
    """A paginator that counts no further than COUNT_CAP rows. An exact count of a list passes
    over every row the user may see, the access rule asked of each, however few rows the page
    shows: at a ministry's size that pass was most of a list page's time, and grew with the
    data. Past the cap the list names the cap, and its filters narrow it."""

    @cached_property
    def count(self):
        return min(self.counted, COUNT_CAP)

    @cached_property
    def counted(self):
        """The rows, up to one past the cap (so that `capped` can tell)."""
        rows = self.object_list
        if hasattr(rows, "query"):
            # in no order: any COUNT_CAP + 1 rows tell, where the list's order would have the
            # database sort every row it may show before it counts the first of them
            return rows.order_by()[: COUNT_CAP + 1].count()
        return min(len(rows), COUNT_CAP + 1)

    def page(self, number):
        """As Django's, but a capped list's last page is full: the rows go on past the cap."""
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        top = bottom + self.per_page
        if not self.capped and top + self.orphans >= self.count:
            top = self.count
        return self._get_page(self.object_list[bottom:top], number, self)

    @property
    def capped(self) -> bool:
        """Whether the list holds more rows than it counted."""
        return self.counted > COUNT_CAP


class RecordPagination(PageNumberPagination):
    """The API's pages: `count` stops at COUNT_CAP, and `count_capped` says when it did."""

    django_paginator_class = CappedPaginator

    def get_paginated_response(self, data):
        response = super().get_paginated_response(data)
        response.data["count_capped"] = self.page.paginator.capped
        return Response(response.data)

    def get_paginated_response_schema(self, schema):
        answer = super().get_paginated_response_schema(schema)
        answer["properties"]["count"]["description"] = (
            f"The number of records, counted up to {COUNT_CAP}."
        )
        answer["properties"]["count_capped"] = {
            "type": "boolean",
            "description": f"Whether there are more than {COUNT_CAP} records.",
        }
        answer["required"] = [*answer.get("required", []), "count_capped"]
        return answer
