"""The world map's geometry, decoded from the vendored world-atlas TopoJSON and projected."""

import re
from itertools import pairwise

from chancery.reference.worldmap import classes, equal_earth, outline


def test_every_state_of_the_atlas_is_drawn_inside_the_map_and_antarctica_is_not():
    shapes = outline()
    numbers = [float(n) for shape in shapes.shapes for n in re.findall(r"[\d.]+", shape.path)]
    codes = {shape.numeric for shape in shapes.shapes}

    assert len(shapes.shapes) > 170
    assert {"031", "268", "643", "242"} <= codes and "010" not in codes
    assert min(numbers) >= 0 and max(numbers) <= shapes.width
    assert shapes.height < shapes.width / 2


def test_a_state_across_the_antimeridian_is_not_drawn_across_the_map():
    fiji = next(shape for shape in outline().shapes if shape.numeric == "242")
    points = [
        (command, float(x)) for command, x, _y in re.findall(r"([ML])([\d.]+),([\d.]+)", fiji.path)
    ]
    steps = [abs(b - a) for (_c, a), (command, b) in pairwise(points) if command == "L"]

    assert max(steps) < outline().width / 2


def test_equal_earth_keeps_the_centre_and_the_symmetry():
    assert equal_earth(0, 0) == (0, 0)
    x, y = equal_earth(90, 45)
    assert equal_earth(-90, -45) == (-x, -y)


def test_shades_split_the_figures_into_at_most_five_growing_classes():
    assert classes([0, 0]) == []
    assert classes([1, 1, 3]) == [1, 3]
    bounds = classes(range(1, 1001))
    assert len(bounds) == 5 and bounds == sorted(bounds) and bounds[-1] == 1000
