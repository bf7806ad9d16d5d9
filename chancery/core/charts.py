"""Charts drawn on the server as SVG: no script, nothing for the content security policy to
refuse, and a page that prints. Each chart comes with the figures it draws, which the template
also gives as a table for screen readers and for anyone who would rather read the numbers."""

import datetime
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
    return BarChart(
        title=str(title),
        width=width,
        height=height,
        left=left,
        right=right,
        top=top,
        bottom=bottom,
        bars=bars,
        gridlines=_gridlines(top_value, y),
        ticks=ticks,
        label_heading=str(label_heading),
        value_heading=str(value_heading),
        table=[(bar.label, bar.value, bar.url) for bar in bars],
    )


# Okabe and Ito's colours, which the common kinds of colour blindness keep apart, darkest first:
# the first series of a chart is the one most read. Each segment and legend swatch is outlined
# in the page's text colour (`.chart-segment` in chancery.css), so that the light ones (yellow,
# sky blue) still stand out from the white page (WCAG's 3:1 for the parts of a graphic).
PALETTE = ("#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#F0E442", "#000000")


@dataclass(frozen=True)
class Segment:
    """One series' part of a stacked bar."""

    label: str
    series: str
    value: float
    x: float
    y: float
    width: float
    height: float
    colour: str


@dataclass(frozen=True)
class StackedBarChart:
    """Where the template `core/_stacked_bar_chart.html` draws each segment, gridline, mark
    and label, and the legend: `series` is `[(name, colour)]`, `table` `[(label, [value per
    series], total)]`, `marks` the horizontal lines drawn across the bars (a majority, a
    target)."""

    title: str
    width: int
    height: int
    left: int
    right: int
    top: int
    bottom: int
    series: list
    segments: list
    gridlines: list
    ticks: list
    marks: list
    label_heading: str = ""
    total_heading: str = ""
    table: list = field(default_factory=list)


def stacked_bar_chart(
    points,
    series,
    title,
    *,
    label_heading="",
    total_heading="",
    marks=(),
    width=640,
    height=220,
    most_labels=12,
):
    """A bar per `(label, values)` of `points`, in their order, its `values` (one per series of
    `series`, a list of names) stacked from the first series up; a series with nothing in any
    bar is left out of the chart and its legend. `marks` are `(value, label)` lines drawn across
    (the axis reaches them). None when there is nothing to draw."""
    series = [str(name) for name in series]
    points = [(str(label), [value or 0 for value in values]) for label, values in points]
    shown = [n for n in range(len(series)) if any(values[n] for _label, values in points)]
    if not points or not shown:
        return None
    colours = {n: PALETTE[index % len(PALETTE)] for index, n in enumerate(shown)}
    highest = max([sum(values) for _label, values in points] + [v for v, _l in marks])
    top_value = nice_ceiling(highest)
    # room on the left for the longest figure of the axis (sums of money run to millions), in
    # the larger letters of a phone's screen
    left = max(40, round(len(f"{_figure(top_value):,}") * 10.5 + 10))
    right, top, bottom = width - 8, 10, height - 24
    slot = (right - left) / len(points)
    # a bar no wider than a tenth of the chart: three bars would otherwise be slabs
    bar = max(min(slot - min(slot * 0.2, 6), (right - left) / 10), 1)

    def y(value):
        return bottom - (bottom - top) * value / top_value

    segments = []
    for index, (label, values) in enumerate(points):
        below = 0
        for n in shown:
            if values[n]:
                segments.append(
                    Segment(
                        label=label,
                        series=series[n],
                        value=values[n],
                        x=round(left + index * slot + (slot - bar) / 2, 1),
                        y=round(y(below + values[n]), 1),
                        width=round(bar, 1),
                        height=round(y(below) - y(below + values[n]), 1),
                        colour=colours[n],
                    )
                )
            below += values[n]
    step = -(-len(points) // most_labels)  # ceiling division
    ticks = [
        {"x": round(left + index * slot + slot / 2, 1), "label": label}
        for index, (label, _values) in enumerate(points)
        if index % step == 0
    ]
    return StackedBarChart(
        title=str(title),
        width=width,
        height=height,
        left=left,
        right=right,
        top=top,
        bottom=bottom,
        series=[(series[n], colours[n]) for n in shown],
        segments=segments,
        gridlines=_gridlines(top_value, y),
        ticks=ticks,
        marks=[
            {"y": round(y(value), 1), "value": value, "label": str(text)} for value, text in marks
        ],
        label_heading=str(label_heading),
        total_heading=str(total_heading),
        table=[(label, [values[n] for n in shown], sum(values)) for label, values in points],
    )


@dataclass(frozen=True)
class LineChart:
    """Where a template draws a line through a figure per year (the alignment page's
    `multilateral/_alignment_chart.html`): the polyline's `points`, a dot per year, gridlines
    and year labels."""

    width: int
    height: int
    left: int
    right: int
    top: int
    bottom: int
    points: str
    dots: list
    gridlines: list
    years: list


def line_chart(points, *, top_value=None, width=640, height=240, most_labels=12):
    """A point per `(year, value)` of `points` (in order of year; further items are ignored),
    x by year and y by value from 0 to `top_value` (a round figure at or above the largest by
    default), gridlines at 0, half and the top, and at most `most_labels` year labels so that
    they never overlap. None when there is nothing to draw."""
    if not points:
        return None
    top_value = top_value or nice_ceiling(max(point[1] for point in points))
    left, right, top, bottom = 44, width - 12, 12, height - 28
    first, last = points[0][0], points[-1][0]
    span = max(last - first, 1)

    def x(year):
        if first == last:
            return (left + right) / 2
        return left + (right - left) * (year - first) / span

    def y(value):
        return bottom - (bottom - top) * (value / top_value)

    dots = [
        {"x": round(x(year), 1), "y": round(y(value), 1), "year": year, "value": value}
        for year, value, *_rest in points
    ]
    step = -(-(last - first + 1) // most_labels)  # ceiling division
    return LineChart(
        width=width,
        height=height,
        left=left,
        right=right,
        top=top,
        bottom=bottom,
        points=" ".join(f"{dot['x']},{dot['y']}" for dot in dots),
        dots=dots,
        gridlines=_gridlines(top_value, y, always_halfway=True),
        years=[{"x": round(x(year), 1), "year": year} for year in range(first, last + 1, step)],
    )


def _gridlines(top_value, y, always_halfway=False):
    """A gridline at the bottom, the top and halfway (unless halfway falls between whole figures
    and is not asked for always), each at `y(value)` with its figure."""
    halfway = always_halfway or float(top_value / 2).is_integer()
    return [
        {"y": round(y(top_value * share), 1), "value": _figure(top_value * share)}
        for share in ((0, 0.5, 1) if halfway else (0, 1))
    ]


def _figure(value):
    return int(value) if float(value).is_integer() else round(value, 1)


def years(first, last):
    """A span of years for a chart's title: "2014-2016", or "2016" alone."""
    return str(first) if first == last else f"{first}-{last}"


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


# --- the time line ---------------------------------------------------------------------------

# Okabe-Ito, safe for colour-blind readers, its yellow (too faint on white for a small mark)
# given up for a grey
TIME_LINE_COLOURS = (
    "#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#000000", "#6C757D"
)  # fmt: skip
# each shape as a path drawn relative to its centre (`M x,y` is put before it), about 10 wide
TIME_LINE_SHAPES = (
    "m-5,0a5,5 0 1,0 10,0a5,5 0 1,0 -10,0z",  # circle
    "m-4.5,-4.5h9v9h-9z",  # square
    "m0,-6l6,6l-6,6l-6,-6z",  # diamond
    "m0,-5.5l5.5,9.5h-11z",  # triangle
    "m0,5.5l5.5,-9.5h-11z",  # triangle upside down
    "m-1.8,-5.5h3.6v3.7h3.7v3.6h-3.7v3.7h-3.6v-3.7h-3.7v-3.6h3.7z",  # plus
    "m-5.5,-1.5l4,-4l1.5,1.5l1.5,-1.5l4,4l-1.5,1.5l1.5,1.5l-4,4l-1.5,-1.5l-1.5,1.5l-4,-4l1.5,-1.5z",
    "m-5.5,0l2.75,-4.8h5.5l2.75,4.8l-2.75,4.8h-5.5z",  # hexagon
)


@dataclass(frozen=True)
class TimeLineLane:
    """A row of the time line: its label, and the shape and colour of its marks (the legend)."""

    key: str
    label: str
    y: float
    label_y: float
    colour: str
    shape: str
    count: int


@dataclass(frozen=True)
class TimeLineMark:
    """A record on the time line: where it stands, the period it covers or may fall in (a
    partial date), its name and its link."""

    x: float
    y: float
    x1: float
    x2: float
    label: str
    url: str
    colour: str
    path: str
    spans: bool = False


@dataclass(frozen=True)
class TimeLine:
    """Where the template `core/_time_line.html` draws each lane, mark and year."""

    title: str
    width: int
    height: int
    left: int
    right: int
    axis_y: float
    lanes: list
    marks: list
    years: list


def time_line(items, lanes, title, *, width=960, most_labels=12, most_rows=6):
    """A mark per item of `items`, `(first, last, lane, label, url)`: `first` and `last` the
    first and the last day of the period it covers (the same day for a day), drawn at its middle
    with a line across the period when it is wider than the mark; years along the axis, from
    the first item's to the last's. `lanes` are `(key, label)` in their order, each drawn as a
    row with its own shape and colour (the legend is the row's label); a lane without any item
    is left out. Marks that would overlap are stacked in up to `most_rows` rows of their lane,
    then drawn over each other. None when there is nothing to draw."""
    items = [item for item in items if item[2] in dict(lanes)]
    if not items:
        return None
    first_year = min(item[0].year for item in items)
    last_year = max(item[1].year for item in items)
    start = _ordinal_of_year(first_year)
    span = _ordinal_of_year(last_year + 1) - start
    left, right = 8, width - 8
    radius, row, label_height, top = 6, 13, 16, 4

    def x_of(ordinal):
        return round(left + (right - left) * (ordinal - start) / span, 1)

    drawn_lanes, marks, y = [], [], top
    for index, (key, label) in enumerate(lanes):
        own = sorted(
            (item for item in items if item[2] == key),
            key=lambda item: (item[0].toordinal() + item[1].toordinal(), str(item[3])),
        )
        if not own:
            continue
        colour = TIME_LINE_COLOURS[index % len(TIME_LINE_COLOURS)]
        shape = TIME_LINE_SHAPES[index % len(TIME_LINE_SHAPES)]
        label_y = y + label_height - 4
        first_row_y = y + label_height + radius
        ends = []  # the right edge of the last mark of each row
        for first, last, _key, text, url in own:
            x1, x2 = x_of(first.toordinal()), x_of(last.toordinal() + 1)
            x = round((x1 + x2) / 2, 1)
            place = next((n for n, end in enumerate(ends) if end <= x - radius), None)
            if place is None and len(ends) < most_rows:
                place = len(ends)
                ends.append(0)
            if place is None:  # every row full here: over the row whose last mark is furthest
                place = min(range(len(ends)), key=ends.__getitem__)
            ends[place] = x + radius + 1
            mark_y = first_row_y + place * row
            path = f"M{x},{mark_y}{shape}"
            spans = x2 - x1 > 2 * radius
            marks.append(TimeLineMark(x, mark_y, x1, x2, str(text), url, colour, path, spans))
        drawn_lanes.append(
            TimeLineLane(
                key=str(key),
                label=str(label),
                y=y,
                label_y=label_y,
                colour=colour,
                shape=f"M{left + 6},{label_y - 4}{shape}",
                count=len(own),
            )
        )
        y = first_row_y + (len(ends) - 1) * row + radius + 6
    axis_y = y
    step = -(-(last_year - first_year + 1) // most_labels)  # ceiling division
    years = [
        {
            "year": year,
            "x": x_of(_ordinal_of_year(year)),
            "middle": x_of((_ordinal_of_year(year) + _ordinal_of_year(year + 1)) / 2),
            "labelled": (year - first_year) % step == 0,
        }
        for year in range(first_year, last_year + 1)
    ]
    return TimeLine(
        title=str(title),
        width=width,
        height=round(axis_y + 20),
        left=left,
        right=right,
        axis_y=axis_y,
        lanes=drawn_lanes,
        marks=marks,
        years=years,
    )


def _ordinal_of_year(year):
    """The ordinal of the first day of `year`, past the calendar's end for the year 10000."""
    return datetime.date(year, 1, 1).toordinal() if year <= 9999 else 3652060
