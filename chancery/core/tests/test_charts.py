"""Charts drawn as SVG on the server: the axis' top, where each bar stands, the labels kept
apart, the figures given as a table, and where a time line places each record."""

import datetime

from chancery.core.charts import (
    PALETTE,
    bar_chart,
    by_year,
    line_chart,
    nice_ceiling,
    stacked_bar_chart,
    time_line,
    years,
)


def test_the_axis_ends_at_a_round_figure_at_or_above_the_largest():
    assert [nice_ceiling(v) for v in (0, 1, 3, 7, 11, 24, 26, 99, 101, 4500)] == [
        1, 1, 5, 10, 20, 25, 50, 100, 200, 5000,
    ]  # fmt: skip


def test_bars_stand_in_order_with_heights_in_proportion():
    chart = bar_chart([(2001, 10), (2002, 5, "/x/"), (2003, 0)], "Visits", width=340, height=124)

    first, second, third = chart.bars
    assert first.x < second.x < third.x
    assert first.height == 2 * second.height and third.height == 0
    assert first.y + first.height == chart.bottom
    assert second.url == "/x/" and chart.table == [
        ("2001", 10, ""),
        ("2002", 5, "/x/"),
        ("2003", 0, ""),
    ]
    assert [line["value"] for line in chart.gridlines] == [0, 5, 10]


def test_labels_are_thinned_so_that_they_never_overlap():
    chart = bar_chart([(year, 1) for year in range(1991, 2027)], "Years", most_labels=6)

    assert len(chart.ticks) <= 6
    assert chart.ticks[0]["label"] == "1991"
    assert len(chart.table) == 36


def test_nothing_to_draw_gives_no_chart_and_years_without_records_count_zero():
    assert bar_chart([], "Empty") is None
    assert bar_chart([(2001, 0)], "Zero") is None
    assert by_year({1995: 2, 1997: 1}) == [(1995, 2), (1996, 0), (1997, 1)]
    assert by_year({}, 2000, 2001) == [(2000, 0), (2001, 0)]


def test_no_gridline_falls_between_whole_figures():
    assert [line["value"] for line in bar_chart([(1, 1)], "One").gridlines] == [0, 1]
    assert [line["value"] for line in bar_chart([(1, 5)], "Five").gridlines] == [0, 5]


def test_stacked_bars_pile_each_series_on_the_one_before():
    chart = stacked_bar_chart(
        [(2001, [3, 1, 0]), (2002, [0, 2, 0]), (2003, [1, 1, 0])],
        ["Killed", "Wounded", "Missing"],
        "Casualties",
        width=340,
        height=124,
    )

    # the series with nothing in any bar is neither drawn nor in the legend or the table
    assert [name for name, _colour in chart.series] == ["Killed", "Wounded"]
    assert chart.table == [("2001", [3, 1], 4), ("2002", [0, 2], 2), ("2003", [1, 1], 2)]
    killed, wounded = [s for s in chart.segments if s.label == "2001"]
    assert (killed.series, wounded.series) == ("Killed", "Wounded")
    assert killed.y + killed.height == chart.bottom  # the first series stands on the axis
    assert wounded.y + wounded.height == killed.y  # the next on it
    assert killed.height == 3 * wounded.height
    assert [s.label for s in chart.segments] == ["2001", "2001", "2002", "2003", "2003"]
    assert [line["value"] for line in chart.gridlines] == [0, 5]


def test_each_series_keeps_its_colour_from_the_fixed_palette():
    chart = stacked_bar_chart([("a", [1, 1, 1])], ["x", "y", "z"], "Three")

    assert [colour for _name, colour in chart.series] == list(PALETTE[:3])
    assert [s.colour for s in chart.segments] == list(PALETTE[:3])


def test_a_mark_is_drawn_across_and_the_axis_reaches_it():
    chart = stacked_bar_chart(
        [("Pledges", [40, 10]), ("Round 1", [0, 0])],
        ["Confirmed", "Pledged"],
        "Pledges against the tally",
        marks=[(97, "Majority needed")],
    )

    assert chart.gridlines[-1]["value"] == 100
    (mark,) = chart.marks
    assert mark["label"] == "Majority needed" and mark["value"] == 97
    assert chart.top < mark["y"] < chart.bottom


def test_nothing_to_stack_gives_no_chart():
    assert stacked_bar_chart([], ["x"], "Empty") is None
    assert stacked_bar_chart([(2001, [0, None])], ["x", "y"], "Zero") is None


def test_a_line_runs_through_a_point_per_year_with_the_years_labelled():
    chart = line_chart([(2001, 50), (2003, 100)], top_value=100, width=240, height=120)

    first, last = chart.dots
    assert (first["x"], last["x"]) == (chart.left, chart.right)
    assert last["y"] == chart.top and first["y"] == (chart.top + chart.bottom) / 2
    assert chart.points == f"{first['x']},{first['y']} {last['x']},{last['y']}"
    assert [line["value"] for line in chart.gridlines] == [0, 50, 100]
    assert [year["year"] for year in chart.years] == [2001, 2002, 2003]


def test_a_line_of_one_year_stands_in_the_middle_and_nothing_gives_no_chart():
    chart = line_chart([(2001, 3)])

    assert chart.dots[0]["x"] == (chart.left + chart.right) / 2
    assert chart.gridlines[-1]["value"] == 5  # the axis ends at a round figure
    assert line_chart([]) is None


def test_the_axis_makes_room_for_figures_of_millions():
    assert stacked_bar_chart([(2001, [3])], ["x"], "Small").left == 40
    assert stacked_bar_chart([(2001, [12_000_000])], ["x"], "Millions").left > 70


def test_few_bars_are_no_slabs_and_a_span_of_one_year_is_named_once():
    chart = stacked_bar_chart([(2016, [3])], ["x"], "One year")

    assert chart.segments[0].width <= (chart.right - chart.left) / 10
    assert (years(2016, 2016), years(2014, 2016)) == ("2016", "2014-2016")


D = datetime.date
LANES = [("high", "High"), ("low", "Low"), ("none", "None given")]


def test_a_time_line_draws_each_item_in_its_lane_in_the_order_of_time():
    chart = time_line(
        [
            (D(2011, 5, 25), D(2011, 5, 25), "high", "A visit", "/a/"),
            (D(2013, 1, 1), D(2013, 12, 31), "low", "A call, 2013", "/b/"),
            (D(2012, 3, 1), D(2012, 3, 1), "high", "A summit", "/c/"),
        ],
        LANES,
        "Engagements",
        width=500,
    )

    assert [lane.label for lane in chart.lanes] == ["High", "Low"]  # no item: no lane
    assert [lane.count for lane in chart.lanes] == [2, 1]
    assert [year["year"] for year in chart.years] == [2011, 2012, 2013]
    visit, call, summit = chart.marks[0], chart.marks[2], chart.marks[1]
    assert (visit.url, summit.url, call.url) == ("/a/", "/c/", "/b/")
    assert chart.left < visit.x < summit.x < call.x < chart.right
    assert visit.y == summit.y < call.y < chart.axis_y  # the lanes one under the other
    assert call.spans and not visit.spans  # a year is drawn across, a day as a mark
    assert call.x1 == chart.years[2]["x"] and visit.path.startswith(f"M{visit.x},{visit.y}")
    assert visit.colour != call.colour and chart.lanes[0].shape[-20:] != chart.lanes[1].shape[-20:]


def test_marks_on_the_same_days_are_stacked_not_drawn_over_each_other_up_to_a_limit():
    day = (D(2016, 6, 1), D(2016, 6, 1), "high")
    chart = time_line([(*day, f"Visit {n}", "/") for n in range(5)], LANES, "Visits", most_rows=3)

    assert len({mark.x for mark in chart.marks}) == 1
    assert len({mark.y for mark in chart.marks}) == 3


def test_a_time_line_of_nothing_is_none_and_the_last_year_of_the_calendar_is_drawn():
    assert time_line([], LANES, "Nothing") is None
    assert time_line([(D(2011, 1, 1), D(2011, 1, 1), "other", "", "/")], LANES, "No lane") is None
    edge = time_line([(D(9999, 12, 31), D(9999, 12, 31), "low", "Last", "/")], LANES, "Edge")
    assert edge.marks[0].x <= edge.right
