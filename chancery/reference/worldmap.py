"""The world map: states drawn as SVG from the vendored world-atlas geometry (Natural Earth at
1:110m), each state shaded by a figure and linked to its page.

The geometry is TopoJSON: arcs shared between neighbours, quantized and delta-encoded. It is
decoded and projected (Equal Earth, which keeps areas true) once per process; a page asks only
for the shading, so that a map costs the figures behind it and a few kilobytes of template.
"""

import json
import math
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import pycountry
from django.conf import settings

from chancery.core.languages import iso_name

GEOMETRY = Path(settings.BASE_DIR) / "static" / "vendor" / "world-atlas" / "countries-110m.json"
WIDTH = 960
# the shades of a figure, lightest to darkest; a state with none is drawn in NONE
SHADES = ("#c6dbef", "#9ecae1", "#6baed6", "#3182bd", "#08519c")
NONE = "#e9ecef"
# not drawn: Antarctica (no state's territory, and a third of the map's height)
LEFT_OUT = {"010"}

# Equal Earth's constants (Šavrič, Patterson and Jenny, 2018)
A1, A2, A3, A4 = 1.340264, -0.081106, 0.000893, 0.003796
M = math.sqrt(3) / 2


def equal_earth(longitude, latitude):
    """A point in degrees projected on the Equal Earth plane (unit radius)."""
    lam, phi = math.radians(longitude), math.radians(latitude)
    theta = math.asin(M * math.sin(phi))
    t2 = theta * theta
    t6 = t2 * t2 * t2
    x = lam * math.cos(theta) / (M * (A1 + 3 * A2 * t2 + t6 * (7 * A3 + 9 * A4 * t2)))
    y = theta * (A1 + A2 * t2 + t6 * (A3 + A4 * t2))
    return x, y


@dataclass(frozen=True)
class Shape:
    numeric: str
    name: str
    path: str


@dataclass(frozen=True)
class Outline:
    """Every state's shape, and the map's size in the SVG's units."""

    shapes: tuple
    width: int
    height: int


@lru_cache(maxsize=1)
def outline() -> Outline:
    topology = json.loads(GEOMETRY.read_text())
    (sx, sy), (tx, ty) = topology["transform"]["scale"], topology["transform"]["translate"]
    arcs = []
    for arc in topology["arcs"]:
        x = y = 0
        points = []
        for dx, dy in arc:
            x, y = x + dx, y + dy
            points.append(equal_earth(x * sx + tx, y * sy + ty))
        arcs.append(points)
    # the plane's width: longitude ±180 at the equator; its height: what is drawn
    x_max = equal_earth(180, 0)[0]
    drawn = [
        geometry
        for geometry in topology["objects"]["countries"]["geometries"]
        if geometry.get("id")
        and geometry["id"] not in LEFT_OUT
        and geometry["type"] in ("Polygon", "MultiPolygon")
    ]
    used = {i if i >= 0 else ~i for g in drawn for i in _arc_indexes(g)}
    ys = [y for index in used for _x, y in arcs[index]]
    y_top, y_bottom = max(ys), min(ys)
    scale = WIDTH / (2 * x_max)
    height = round((y_top - y_bottom) * scale) + 2

    def ring(indexes):
        points = []
        for index in indexes:
            arc = arcs[index] if index >= 0 else arcs[~index][::-1]
            points.extend(arc if not points else arc[1:])
        # a ring that crosses the antimeridian (Fiji's, Chukotka's) is broken where it jumps
        # from one edge of the map to the other, not drawn across the whole map
        text, last_x = [], None
        for x, y in points:
            jump = last_x is None or abs(x - last_x) > x_max
            text.append(
                f"{'M' if jump else 'L'}{(x + x_max) * scale:.1f},{(y_top - y) * scale + 1:.1f}"
            )
            last_x = x
        return "".join(text)

    shapes = []
    for geometry in drawn:
        numeric = geometry["id"]
        polygons = geometry["arcs"] if geometry["type"] == "MultiPolygon" else [geometry["arcs"]]
        path = "".join(ring(r) + "Z" for polygon in polygons for r in polygon)
        shapes.append(Shape(numeric, geometry["properties"]["name"], path))
    return Outline(tuple(shapes), WIDTH, height)


def _arc_indexes(geometry):
    polygons = geometry["arcs"] if geometry["type"] == "MultiPolygon" else [geometry["arcs"]]
    return [index for polygon in polygons for ring in polygon for index in ring]


@dataclass(frozen=True)
class MapState:
    path: str
    fill: str
    name: str
    value: object
    url: str
    code: str = ""


@dataclass(frozen=True)
class WorldMap:
    """What the template `reference/_world_map.html` draws: each state's shape with its shade,
    the legend's classes and the figures as a table (every state with one, drawn or too small
    to draw)."""

    width: int
    height: int
    states: list
    legend: list
    table: list
    title: str


def classes(values, count=None):
    """At most `count` upper bounds that split the positive `values` into classes of growing
    figures (quantiles of the distinct figures: a few very large figures do not leave every
    other state in the lightest shade)."""
    count = count or len(SHADES)
    distinct = sorted({v for v in values if v})
    if not distinct:
        return []
    if len(distinct) <= count:
        return distinct
    return sorted({distinct[math.ceil(len(distinct) * (i + 1) / count) - 1] for i in range(count)})


def shape_name(shape) -> str:
    """The name of a state drawn without a record of it in sight, in the page's language (ISO
    3166-1's, by its numeric code), else the geometry's own."""
    country = pycountry.countries.get(numeric=shape.numeric) if shape.numeric else None
    if country is None:
        return shape.name
    return iso_name("iso3166-1", country.name)


def world_map(figures, title, url_of=None):
    """The map of `figures`, `{country: number}` (the countries a user may see, with the figure
    they may read); each drawn state links to `url_of(country)`, its dossier by default."""
    by_numeric = {country.numeric: (country, value) for country, value in figures.items()}
    bounds = classes(figures.values())

    def shade(value):
        if not value:
            return NONE
        place = next(i for i, bound in enumerate(bounds) if value <= bound)
        return SHADES[len(SHADES) - len(bounds) + place]

    shape_map = outline()
    states = []
    for shape in shape_map.shapes:
        country, value = by_numeric.get(shape.numeric, (None, None))
        states.append(
            MapState(
                path=shape.path,
                fill=shade(value),
                name=str(country) if country else shape_name(shape),
                value=value,
                url=(url_of or _dossier)(country) if country else "",
                code=country.alpha_2 if country else "",
            )
        )
    legend = []
    lower = 1
    for bound in bounds:
        legend.append({"fill": shade(bound), "low": lower, "high": bound})
        lower = bound + 1
    table = sorted(
        ((country, value) for country, value in figures.items() if value),
        key=lambda pair: (-pair[1], str(pair[0])),
    )
    return WorldMap(shape_map.width, shape_map.height, states, legend, table, str(title))


def _dossier(country):
    from django.urls import reverse

    if not country.alpha_2:
        return country.get_absolute_url()
    return reverse("bilateral:dossier", args=[country.alpha_2])
