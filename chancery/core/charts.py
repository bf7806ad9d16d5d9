"""Charts drawn on the server as SVG: no script, nothing for the content security policy to
refuse, and a page that prints. Each chart comes with the figures it draws, which the template
also gives as a table for screen readers and for anyone who would rather read the numbers."""

from dataclasses import dataclass, field

from django.db.models import Func, IntegerField


@dataclass(frozen=True)
class Bar:
    label: str
    value: float
    x: float
    y: float
    width: float
    height: float
    url: str = ""


@dataclass(frozen=True)
class BarChart:
    """Where the template `core/_bar_chart.html` draws each bar, gridline and label."""

    title: str
    width: int
    height: int
    left: int
    right: int
    top: int
    bottom: int
    bars: list
    gridlines: list
    ticks: list
    label_heading: str = ""
    value_heading: str = ""
    table: list = field(default_factory=list)


def nice_ceiling(value: float) -> float:
    """The smallest of 1, 2, 2.5, 5 times a power of ten at or above `value` (an axis' top)."""
    if value <= 0:
        return 1
    power = 1
    while power * 10 <= value:
        power *= 10
    while power > value:
        power /= 10
    for step in (1, 2, 2.5, 5, 10):
        if step * power >= value:
            return step * power
    return 10 * power  # pragma: no cover (the loop's last step always fits)


def bar_chart(
    points,
    title,
    *,
    label_heading="",
    value_heading="",
    width=640,
    height=200,
    most_labels=12,
):
    """A bar per `(label, value)` or `(label, value, url)` of `points`, in their order; None when
    there is nothing to draw. At most `most_labels` labels are written under the bars so that
    they never overlap; the table has them all."""
    points = [tuple(point) + ("",) * (3 - len(point)) for point in points]
    if not points or not any(value for _label, value, _url in points):
        return None
    left, right, top, bottom = 40, width - 8, 10, height - 24
    top_value = nice_ceiling(max(value for _label, value, _url in points))
    slot = (right - left) / len(points)
    gap = min(slot * 0.2, 6)

    def y(value):
        return bottom - (bottom - top) * value / top_value

    bars = [
        Bar(
            label=str(label),
            value=value,
            x=round(left + index * slot + gap / 2, 1),
            y=round(y(value), 1),
            width=round(max(slot - gap, 1), 1),
            height=round(bottom - y(value), 1),
            url=url,
        )
        for index, (label, value, url) in enumerate(points)
    ]
    step = -(-len(points) // most_labels)  # ceiling division
    ticks = [
        {"x": round(bar.x + bar.width / 2, 1), "label": bar.label}
        for index, bar in enumerate(bars)
        if index % step == 0
    ]
    # a gridline at the bottom, the top and halfway, unless halfway falls between whole figures
    shares = (0, 0.5, 1) if float(top_value / 2).is_integer() else (0, 1)
    gridlines = [
        {"y": round(y(top_value * share), 1), "value": _figure(top_value * share)}
        for share in shares
    ]
    return BarChart(
        title=str(title),
        width=width,
        height=height,
        left=left,
        right=right,
        top=top,
        bottom=bottom,
        bars=bars,
        gridlines=gridlines,
        ticks=ticks,
        label_heading=str(label_heading),
        value_heading=str(value_heading),
        table=[(bar.label, bar.value, bar.url) for bar in bars],
    )


def _figure(value):
    return int(value) if float(value).is_integer() else round(value, 1)


def by_year(counts, first=None, last=None):
    """`{year: count}` as `(year, count)` for every year from the first to the last (or those
    given), the years without any at 0: a chart over time shows the gaps."""
    years = [year for year in counts if year is not None]
    if not years and first is None:
        return []
    first = min(years) if first is None else first
    last = max(years) if last is None else last
    return [(year, counts.get(year, 0)) for year in range(first, last + 1)]


class YearOf(Func):
    """The year of a date column: on SQLite the first four characters of its ISO text (Django's
    `ExtractYear` calls a Python function per row there), on PostgreSQL `EXTRACT`."""

    output_field = IntegerField()

    def as_sqlite(self, compiler, connection, **extra_context):
        sql, params = compiler.compile(self.source_expressions[0])
        return f"CAST(substr({sql}, 1, 4) AS integer)", params

    def as_postgresql(self, compiler, connection, **extra_context):
        sql, params = compiler.compile(self.source_expressions[0])
        return f"CAST(EXTRACT(YEAR FROM {sql}) AS integer)", params
