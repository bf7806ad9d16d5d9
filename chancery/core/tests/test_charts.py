"""Charts drawn as SVG on the server: the axis' top, where each bar stands, the labels kept
apart, and the figures given as a table."""

from chancery.core.charts import bar_chart, by_year, nice_ceiling


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
