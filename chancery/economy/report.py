"""Development aid totals by recipient, by sector and by year of start, each per currency (amounts
in different currencies are never added together), computed by the database over the aid projects
the reader may see: a constant number of queries whatever their number."""

from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, F, Q, Sum
from django.db.models.functions import ExtractYear
from django.utils.translation import gettext_lazy as _

from chancery.core.charts import YearOf, stacked_bar_chart, years
from chancery.reference.models import Country

from .models import AidProject

MEASURES = {
    "projects": Count("pk"),
    "without_amount": Count("pk", filter=Q(amount__isnull=True)),
    "total": Sum("amount"),
}
GROUPINGS = {
    "recipient": _("By recipient"),
    "sector": _("By sector"),
    "year": _("By year of start"),
}


@dataclass
class Line:
    """What a group of aid projects adds up to in one currency ("" when no amount is known)."""

    currency: str
    projects: int
    without_amount: int
    total: Decimal | None


@dataclass
class Group:
    """A recipient, a sector, a year (or all projects), with a line per currency."""

    label: str
    link: str | None = None
    lines: list[Line] = field(default_factory=list)


def _lines(queryset, *keys):
    """Rows of `keys` and currency with the measures, grouped and ordered by the database."""
    return (
        queryset.order_by()
        .values(*keys, "currency")
        .annotate(**MEASURES)
        .order_by(*[F(k).asc(nulls_last=True) for k in keys], "currency")
    )


def _grouped(rows, keys, name):
    """Rows in key order, gathered into groups named by `name(row)`."""
    groups, current = [], None
    for row in rows:
        key = tuple(row[k] for k in keys)
        if current is None or current[0] != key:
            label, link = name(row)
            current = (key, Group(label, link))
            groups.append(current[1])
        current[1].lines.append(
            Line(row["currency"], row["projects"], row["without_amount"], row["total"])
        )
    return groups


def _recipient(row):
    # a country built from the grouped row, for its name in the page's language and its link
    country = Country(
        pk=row["recipient"],
        name=row["recipient__name"],
        name_az=row["recipient__name_az"],
        name_ru=row["recipient__name_ru"],
    )
    return str(country), country.get_absolute_url()


def _sector(row):
    return str(AidProject.Sector(row["sector"]).label), None


def _year(row):
    return (str(row["year"]) if row["year"] is not None else str(_("Not known"))), None


def aid_totals(queryset):
    """The totals of `queryset` (aid projects already narrowed to what the reader may see):
    overall and by each grouping, per currency. Four queries."""
    names = ("recipient__name", "recipient__name_az", "recipient__name_ru")
    by_recipient = _lines(queryset, "recipient", *names).order_by(
        "recipient__name", "recipient", "currency"
    )
    by_year = _lines(queryset.annotate(year=ExtractYear("start")), "year")
    overall = _grouped(_lines(queryset), (), lambda row: (str(_("All aid projects")), None))
    return {
        "overall": overall[0] if overall else Group(str(_("All aid projects"))),
        "recipient": _grouped(by_recipient, ("recipient",), _recipient),
        "sector": _grouped(_lines(queryset, "sector"), ("sector",), _sector),
        "year": _grouped(by_year, ("year",), _year),
    }


def aid_charts(queryset):
    """[(currency, chart)]: the amounts of `queryset` (aid projects already narrowed to what the
    reader may see) by year of start, a series per sector, a chart per currency (most aid
    first), in whole units of it; the projects without an amount or a start are in the tables
    only. One query."""
    rows = (
        queryset.filter(amount__isnull=False, start__isnull=False)
        .order_by()
        .annotate(year=YearOf("start"))
        .values("currency", "year", "sector")
        .annotate(total=Sum("amount"))
    )
    by_currency = {}
    for row in rows:
        amounts = by_currency.setdefault(row["currency"], {})
        amounts[(row["year"], row["sector"])] = row["total"]
    sectors = AidProject.Sector.choices
    charts = []
    for currency, amounts in sorted(
        by_currency.items(), key=lambda item: (-sum(item[1].values()), item[0])
    ):
        first, last = min(year for year, _s in amounts), max(year for year, _s in amounts)
        chart = stacked_bar_chart(
            [
                (year, [round(amounts.get((year, sector), 0)) for sector, _label in sectors])
                for year in range(first, last + 1)
            ],
            [label for _sector, label in sectors],
            _("Aid in %(currency)s by sector and year of start, %(years)s")
            % {"currency": currency, "years": years(first, last)},
            label_heading=_("Year"),
            total_heading=_("Total"),
        )
        if chart is not None:
            charts.append((currency, chart))
    return charts


def csv_rows(totals):
    """The totals as rows of a table: grouping, group, currency, projects, without an amount,
    total."""
    groupings = [(str(_("All")), [totals["overall"]])]
    groupings += [(str(GROUPINGS[key]), totals[key]) for key in GROUPINGS]
    for grouping, groups in groupings:
        for group in groups:
            for line in group.lines:
                total = "" if line.total is None else f"{line.total:.2f}"
                yield [
                    grouping,
                    group.label,
                    line.currency,
                    line.projects,
                    line.without_amount,
                    total,
                ]
