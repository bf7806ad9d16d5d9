"""Casualties and damage added up by period, by settlement and by object type, in the database,
over the figures and incidents a user may see, in a fixed number of queries whatever the data.

A figure the source gives without a number (an empty count) is not a zero: each cell carries the
sum of the numbers given and how many figures gave none."""

import datetime
from dataclasses import dataclass, field

from django.db.models import Case, CharField, Count, DateField, Q, Sum, Value, When
from django.db.models.functions import TruncMonth, TruncYear
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from chancery.core.charts import YearOf, stacked_bar_chart, years
from chancery.core.models import DatePrecision

from .models import Incident, IncidentCasualty, IncidentDamage

YEAR, MONTH = "year", "month"
GRANULARITIES = [(MONTH, gettext_lazy("Month")), (YEAR, gettext_lazy("Year"))]

Casualty = IncidentCasualty
# the casualty columns: everyone of a category and outcome, then the children, women and elderly
# among them (of either category), each counted within the first, never added to it
CASUALTY_COLUMNS = [
    (("civilian", "killed"), gettext_lazy("Civilians killed")),
    (("civilian", "wounded"), gettext_lazy("Civilians wounded")),
    (("military", "killed"), gettext_lazy("Military killed")),
    (("military", "wounded"), gettext_lazy("Military wounded")),
    (("children", "killed"), gettext_lazy("Children killed")),
    (("children", "wounded"), gettext_lazy("Children wounded")),
    (("women", "killed"), gettext_lazy("Women killed")),
    (("women", "wounded"), gettext_lazy("Women wounded")),
    (("elderly", "killed"), gettext_lazy("Elderly killed")),
    (("elderly", "wounded"), gettext_lazy("Elderly wounded")),
]


@dataclass
class Filters:
    start: datetime.date | None = None
    end: datetime.date | None = None
    kind: str = ""
    settlement: object = None
    verification: str = ""
    period: str = MONTH


@dataclass
class Cell:
    """A sum of the numbers given, and how many figures were given without a number."""

    total: int | None = None
    unstated: int = 0

    def add(self, total, unstated):
        if total is not None:
            self.total = (self.total or 0) + total
        self.unstated += unstated or 0

    @property
    def empty(self):
        return self.total is None and not self.unstated


@dataclass
class Row:
    key: object
    label: str
    incidents: int | None = None
    cells: dict = field(default_factory=dict)


@dataclass
class Table:
    name: str
    title: str
    group_label: str
    columns: list  # (key, label)
    rows: list
    counts_incidents: bool = False

    def grid(self):
        """Rows as lists of cells in column order, for the template and the CSV."""
        return [
            (row, [row.cells.get(key, Cell()) for key, _label in self.columns]) for row in self.rows
        ]


# which incidents ------------------------------------------------------------------------------
def _floor(day, precision):
    if precision == DatePrecision.YEAR:
        return day.replace(month=1, day=1)
    if precision == DatePrecision.MONTH:
        return day.replace(day=1)
    return day


def _ceil(day, precision):
    """The first start of a period of `precision` on or after `day`."""
    first = _floor(day, precision)
    if first == day:
        return day
    if precision == DatePrecision.YEAR:
        return first.replace(year=first.year + 1)
    return (first + datetime.timedelta(days=32)).replace(day=1)


def incident_conditions(filters: Filters, prefix: str = "") -> Q:
    """The incidents the filters ask for, as a condition on a path to an incident (`prefix`).

    An incident is in a date range only if all it may mean lies in it: one known to the month of
    April 2016 is in April 2016, one known only to the year 2016 is not."""
    condition = Q()
    if filters.start:
        began = Q()
        for precision in DatePrecision.values:
            began |= Q(
                **{
                    f"{prefix}occurred_on_precision": precision,
                    f"{prefix}occurred_on__gte": _ceil(filters.start, precision),
                }
            )
        condition &= began
    if filters.end:
        after = filters.end + datetime.timedelta(days=1)
        ended = Q()
        for precision in DatePrecision.values:
            limit = _floor(after, precision)
            ended |= Q(
                **{
                    f"{prefix}ended_on__isnull": True,
                    f"{prefix}occurred_on_precision": precision,
                    f"{prefix}occurred_on__lt": limit,
                }
            )
            ended |= Q(
                **{
                    f"{prefix}ended_on_precision": precision,
                    f"{prefix}ended_on__lt": limit,
                }
            )
        condition &= ended
    if filters.kind:
        condition &= Q(**{f"{prefix}kind": filters.kind})
    if filters.settlement is not None:
        condition &= Q(**{f"{prefix}settlement": filters.settlement})
    if filters.verification:
        condition &= Q(**{f"{prefix}verification": filters.verification})
    return condition


def _period(granularity, prefix=""):
    """The period of an incident (the first day of its month or year) and whether it is a month
    or a year: asked by month, an incident known only to the year stays in its year."""
    day, precision = f"{prefix}occurred_on", f"{prefix}occurred_on_precision"
    if granularity == YEAR:
        return TruncYear(day, output_field=DateField()), Value(YEAR, output_field=CharField())
    known_year_only = {precision: DatePrecision.YEAR}
    return (
        Case(
            When(**known_year_only, then=TruncYear(day, output_field=DateField())),
            default=TruncMonth(day, output_field=DateField()),
            output_field=DateField(),
        ),
        Case(
            When(**known_year_only, then=Value(YEAR)),
            default=Value(MONTH),
            output_field=CharField(),
        ),
    )


def _period_label(start, kind, granularity):
    if isinstance(start, datetime.datetime):
        start = start.date()
    if kind == YEAR:
        year = f"{start.year:04d}"
        return year if granularity == YEAR else _("%(year)s (month not known)") % {"year": year}
    return f"{start.year:04d}-{start.month:02d}"


def _settlement_label(name, country):
    if name is None:
        return _("No settlement given (place in words)")
    return f"{name} ({country})"


# the report ---------------------------------------------------------------------------------------
class Breakdown:
    """How rows are grouped: by period or by settlement, on a path to an incident."""

    def __init__(self, name, granularity):
        self.name, self.granularity = name, granularity

    def annotate(self, queryset, prefix):
        if self.name == "period":
            period, kind = _period(self.granularity, prefix)
            return queryset.annotate(group_start=period, group_kind=kind), [
                "group_start",
                "group_kind",
            ]
        return queryset, [
            f"{prefix}settlement",
            f"{prefix}settlement__name",
            f"{prefix}settlement__country__alpha_2",
        ]

    def key_and_label(self, values, prefix):
        if self.name == "period":
            start, kind = values["group_start"], values["group_kind"]
            return (start, kind), _period_label(start, kind, self.granularity)
        name = values[f"{prefix}settlement__name"]
        label = _settlement_label(name, values[f"{prefix}settlement__country__alpha_2"])
        # settlements in alphabetical order, the incidents without one last
        return (name is None, name or "", values[f"{prefix}settlement"] or 0), label


def _rows_of(breakdown, incidents, casualty_or_damage, prefix, column_of):
    """Rows of a table, from the incidents counted per group and the figures summed per group
    and column (`column_of` names a figure's column, or None to leave it out)."""
    rows = {}
    if incidents is not None:
        queryset, group = breakdown.annotate(incidents, "")
        for values in queryset.values(*group).annotate(n=Count("pk")).order_by():
            key, label = breakdown.key_and_label(values, "")
            rows[key] = Row(key, label, incidents=values["n"])
    queryset, group = breakdown.annotate(casualty_or_damage, prefix)
    figures = queryset.values(*group, *column_of.fields).annotate(
        total=Sum("count"), unstated=Count("pk", filter=Q(count__isnull=True))
    )
    for values in figures.order_by():
        key, label = breakdown.key_and_label(values, prefix)
        row = rows.setdefault(key, Row(key, label, incidents=0 if incidents is not None else None))
        column = column_of(values)
        if column is not None:
            row.cells.setdefault(column, Cell()).add(values["total"], values["unstated"])
    return [rows[key] for key in sorted(rows)]


class _CasualtyColumn:
    fields = ("category", "outcome", "among")

    def __call__(self, values):
        if values["among"] == Casualty.Among.ALL:
            return (values["category"], values["outcome"])
        return (values["among"], values["outcome"])


class _DamageColumn:
    fields = ("object_type",)

    def __call__(self, values):
        return values["object_type"]


def _damage_columns(*tables_rows):
    present = {key for rows in tables_rows for row in rows for key in row.cells}
    return [(key, label) for key, label in IncidentDamage.ObjectType.choices if key in present]


def incident_report(user, filters: Filters) -> list[Table]:
    """The report's tables, each computed in the database over what `user` may see."""
    incidents = Incident.objects.visible_to(user).filter(incident_conditions(filters))
    casualties = Casualty.objects.visible_to(user).filter(
        incident_conditions(filters, "incident__")
    )
    damage = IncidentDamage.objects.visible_to(user).filter(
        incident_conditions(filters, "incident__")
    )
    by_period = Breakdown("period", filters.period)
    by_settlement = Breakdown("settlement", filters.period)
    period_label = _("Year") if filters.period == YEAR else _("Month")

    casualties_by_period = _rows_of(
        by_period, incidents, casualties, "incident__", _CasualtyColumn()
    )
    casualties_by_settlement = _rows_of(
        by_settlement, incidents, casualties, "incident__", _CasualtyColumn()
    )
    damage_by_period = _rows_of(by_period, None, damage, "incident__", _DamageColumn())
    damage_by_settlement = _rows_of(by_settlement, None, damage, "incident__", _DamageColumn())
    damage_columns = _damage_columns(damage_by_period)

    by_type = {}
    for values in (
        damage.values("object_type", "extent")
        .annotate(total=Sum("count"), unstated=Count("pk", filter=Q(count__isnull=True)))
        .order_by()
    ):
        row = by_type.setdefault(
            values["object_type"],
            Row(values["object_type"], IncidentDamage.ObjectType(values["object_type"]).label),
        )
        row.cells.setdefault(values["extent"], Cell()).add(values["total"], values["unstated"])
        row.cells.setdefault("all", Cell()).add(values["total"], values["unstated"])
    type_order = list(IncidentDamage.ObjectType.values)
    damage_by_type = sorted(by_type.values(), key=lambda row: type_order.index(row.key))

    return [
        Table(
            "casualties-by-period",
            _("Casualties by period"),
            period_label,
            CASUALTY_COLUMNS,
            casualties_by_period,
            counts_incidents=True,
        ),
        Table(
            "damage-by-period",
            _("Damage by period"),
            period_label,
            damage_columns,
            damage_by_period,
        ),
        Table(
            "casualties-by-settlement",
            _("Casualties by settlement"),
            _("Settlement"),
            CASUALTY_COLUMNS,
            casualties_by_settlement,
            counts_incidents=True,
        ),
        Table(
            "damage-by-settlement",
            _("Damage by settlement"),
            _("Settlement"),
            damage_columns,
            damage_by_settlement,
        ),
        Table(
            "damage-by-object-type",
            _("Damage by object type"),
            _("Object type"),
            [*IncidentDamage.Extent.choices, ("all", gettext_lazy("All"))],
            damage_by_type,
        ),
    ]


# the casualties a chart stacks: everyone of a category and outcome (the children, women and
# elderly are among them, never added to them)
CHARTED_CASUALTIES = CASUALTY_COLUMNS[:4]


def report_charts(user, filters: Filters) -> list:
    """[(name, chart)]: the casualties and the damage of the incidents asked for, by year of
    the incident (each figure's number as given; those given without one are in the tables):
    casualties stacked by category and outcome, damaged objects by extent. Two queries."""
    conditions = incident_conditions(filters, "incident__")
    year = YearOf("incident__occurred_on")
    casualties = {
        (row["year"], (row["category"], row["outcome"])): row["total"]
        for row in Casualty.objects.visible_to(user)
        .filter(conditions, among=Casualty.Among.ALL, count__isnull=False)
        .annotate(year=year)
        .values("year", "category", "outcome")
        .annotate(total=Sum("count"))
        .order_by()
    }
    damage = {
        (row["year"], row["extent"]): row["total"]
        for row in IncidentDamage.objects.visible_to(user)
        .filter(conditions, count__isnull=False)
        .annotate(year=year)
        .values("year", "extent")
        .annotate(total=Sum("count"))
        .order_by()
    }
    found = [key[0] for key in (*casualties, *damage)]
    if not found:
        return []
    span = range(min(found), max(found) + 1)

    def chart(figures, columns, title, total_heading):
        return stacked_bar_chart(
            [(year, [figures.get((year, key), 0) for key, _label in columns]) for year in span],
            [label for _key, label in columns],
            title,
            label_heading=_("Year"),
            total_heading=total_heading,
        )

    charts = [
        (
            "casualties-by-year",
            chart(
                casualties,
                CHARTED_CASUALTIES,
                _("Casualties by year, %(years)s") % {"years": years(span[0], span[-1])},
                _("Casualties"),
            ),
        ),
        (
            "damage-by-year",
            chart(
                damage,
                IncidentDamage.Extent.choices,
                _("Objects damaged by year, %(years)s") % {"years": years(span[0], span[-1])},
                _("Objects"),
            ),
        ),
    ]
    return [(name, chart) for name, chart in charts if chart is not None]


def csv_rows(tables):
    """The report as tidy rows: table, group, measure, the sum of the numbers given, and how many
    figures were given without a number."""
    yield [_("Table"), _("Group"), _("Measure"), _("Total given"), _("Figures without a number")]
    for table in tables:
        for row, cells in table.grid():
            if table.counts_incidents:
                yield [table.title, row.label, _("Incidents"), row.incidents, 0]
            for (_key, label), cell in zip(table.columns, cells, strict=True):
                if not cell.empty:
                    yield [table.title, row.label, str(label), cell.total, cell.unstated]
