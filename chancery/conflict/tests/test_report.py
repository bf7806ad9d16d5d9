"""The casualties and damage report adds up, in the database and over what the reader may see,
the figures of the incidents asked for, by period, by settlement and by object type; its CSV holds
the same; a bad question answers 400, never 500."""

import csv
import datetime
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from chancery.conflict.models import IncidentCasualty, IncidentDamage, Settlement
from chancery.conflict.report import CASUALTY_COLUMNS
from chancery.core.models import Classification

D = datetime.date
URL = reverse("conflict:incident_report")
CSV_URL = reverse("conflict:incident_report_csv")
CIV_KILLED, CIV_WOUNDED = ("civilian", "killed"), ("civilian", "wounded")
MIL_KILLED, MIL_WOUNDED = ("military", "killed"), ("military", "wounded")
CHILDREN_KILLED, WOMEN_KILLED = ("children", "killed"), ("women", "killed")


@pytest.fixture
def incidents(make_incident, tartar, aghdam):
    """Five incidents, counted by hand in the tests below; the last is restricted."""
    return {
        "A": make_incident(
            D(2016, 4, 2),
            settlement=tartar,
            verification="verified",
            casualties={
                ("civilian", "killed", "all"): 3,
                ("civilian", "wounded", "all"): 5,
                ("civilian", "killed", "children"): 1,
                ("military", "killed", "all"): 2,
            },
            damage={("homes", "damaged"): 4, ("homes", "destroyed"): 1, ("schools", "damaged"): 1},
        ),
        "B": make_incident(
            D(2016, 4, 10),
            settlement=aghdam,
            kind="attack_on_civilians",
            casualties={
                ("civilian", "killed", "all"): 2,
                ("civilian", "killed", "women"): 1,
                ("civilian", "wounded", "all"): None,
            },
            damage={("homes", "destroyed"): 2, ("hospitals", "damaged"): None},
        ),
        "C": make_incident(
            D(2016, 5, 3),
            settlement=tartar,
            casualties={("civilian", "wounded", "all"): 1},
            damage={("homes", "damaged"): 3},
        ),
        "D": make_incident(
            D(2016, 1, 1),
            precision="year",
            kind="landmine",
            casualties={("military", "wounded", "all"): 1},
            damage={("infrastructure", "damaged"): 1},
        ),
        "E": make_incident(
            D(2016, 4, 15),
            settlement=tartar,
            classification=Classification.RESTRICTED,
            casualties={("civilian", "killed", "all"): 100},
            damage={("homes", "destroyed"): 50},
        ),
    }


@pytest.fixture
def reader(personas):
    return personas[Classification.UNCLASSIFIED]


def tables_of(response):
    """{table name: {row label: {column key: (total, figures without a number)}}}, plus the
    incidents counted in a row under the key "incidents"."""
    tables = {}
    for table in response.context["tables"]:
        rows = {}
        for row, cells in table.grid():
            values = {
                key: (cell.total, cell.unstated)
                for (key, _label), cell in zip(table.columns, cells, strict=True)
                if not cell.empty
            }
            if table.counts_incidents:
                values["incidents"] = row.incidents
            rows[row.label] = values
        tables[table.name] = rows
    return tables


def report(client, **params):
    response = client.get(URL, params)
    assert response.status_code == 200
    return tables_of(response)


# the figures, against hand counts ------------------------------------------------------------
def test_casualties_by_month_add_up_the_figures_given(incidents, reader, client_as):
    by_month = report(client_as(reader))["casualties-by-period"]

    assert by_month == {
        "2016 (month not known)": {"incidents": 1, MIL_WOUNDED: (1, 0)},
        "2016-04": {
            "incidents": 2,
            CIV_KILLED: (5, 0),
            CIV_WOUNDED: (5, 1),  # B says there were wounded, without a number
            MIL_KILLED: (2, 0),
            CHILDREN_KILLED: (1, 0),
            WOMEN_KILLED: (1, 0),
        },
        "2016-05": {"incidents": 1, CIV_WOUNDED: (1, 0)},
    }


def test_by_year_an_incident_known_only_to_the_year_joins_the_others(incidents, reader, client_as):
    by_year = report(client_as(reader), period="year")["casualties-by-period"]

    assert list(by_year) == ["2016"]
    assert by_year["2016"]["incidents"] == 4
    assert by_year["2016"][CIV_WOUNDED] == (6, 1)
    assert by_year["2016"][MIL_WOUNDED] == (1, 0)


def test_damage_by_month_and_by_object_type(incidents, reader, client_as):
    tables = report(client_as(reader))

    assert tables["damage-by-period"] == {
        "2016 (month not known)": {"infrastructure": (1, 0)},
        "2016-04": {"homes": (7, 0), "schools": (1, 0), "hospitals": (None, 1)},
        "2016-05": {"homes": (3, 0)},
    }
    assert tables["damage-by-object-type"] == {
        "Homes": {"damaged": (7, 0), "destroyed": (3, 0), "all": (10, 0)},
        "Schools": {"damaged": (1, 0), "all": (1, 0)},
        "Hospitals": {"damaged": (None, 1), "all": (None, 1)},
        "Infrastructure": {"damaged": (1, 0), "all": (1, 0)},
    }


def test_casualties_and_damage_by_settlement(incidents, reader, client_as):
    tables = report(client_as(reader))

    assert tables["casualties-by-settlement"] == {
        "Aghdam (AZ)": {
            "incidents": 1,
            CIV_KILLED: (2, 0),
            CIV_WOUNDED: (None, 1),
            WOMEN_KILLED: (1, 0),
        },
        "Tartar (AZ)": {
            "incidents": 2,
            CIV_KILLED: (3, 0),
            CIV_WOUNDED: (6, 0),
            MIL_KILLED: (2, 0),
            CHILDREN_KILLED: (1, 0),
        },
        "No settlement given (place in words)": {"incidents": 1, MIL_WOUNDED: (1, 0)},
    }
    assert tables["damage-by-settlement"]["Tartar (AZ)"] == {"homes": (8, 0), "schools": (1, 0)}


def test_a_month_range_leaves_out_an_incident_known_only_to_the_year(incidents, reader, client_as):
    by_month = report(client_as(reader), start="2016-04-01", end="2016-04-30")[
        "casualties-by-period"
    ]

    assert list(by_month) == ["2016-04"]
    assert by_month["2016-04"]["incidents"] == 2


def test_a_year_range_takes_an_incident_known_only_to_the_year(incidents, reader, client_as):
    by_year = report(client_as(reader), start="2016-01-01", end="2016-12-31", period="year")

    assert by_year["casualties-by-period"]["2016"]["incidents"] == 4


def test_a_range_inside_a_month_leaves_out_an_incident_known_only_to_the_month(
    make_incident, reader, client_as
):
    make_incident(D(2016, 4, 1), precision="month", casualties={("civilian", "killed", "all"): 1})

    assert (
        report(client_as(reader), start="2016-04-01", end="2016-04-29")["casualties-by-period"]
        == {}
    )
    assert report(client_as(reader), start="2016-04-01", end="2016-04-30")[
        "casualties-by-period"
    ] == {"2016-04": {"incidents": 1, CIV_KILLED: (1, 0)}}


@pytest.mark.parametrize(
    ("params", "counted"),
    [
        ({"kind": "shelling"}, 2),  # A and C
        ({"kind": "landmine"}, 1),  # D
        ({"verification": "verified"}, 1),  # A
        ({"verification": "reported", "kind": "attack_on_civilians"}, 1),  # B
    ],
)
def test_the_kind_and_verification_filters(incidents, reader, client_as, params, counted):
    by_year = report(client_as(reader), period="year", **params)["casualties-by-period"]

    assert by_year["2016"]["incidents"] == counted


def test_the_settlement_filter(incidents, reader, client_as, tartar):
    tables = report(client_as(reader), settlement=tartar.pk)

    assert list(tables["casualties-by-settlement"]) == ["Tartar (AZ)"]
    assert tables["casualties-by-period"]["2016-04"] == {
        "incidents": 1,
        CIV_KILLED: (3, 0),
        CIV_WOUNDED: (5, 0),
        MIL_KILLED: (2, 0),
        CHILDREN_KILLED: (1, 0),
    }


# who sees what ------------------------------------------------------------------------------------
def test_a_restricted_incident_is_not_counted_for_an_unclassified_reader(
    incidents, reader, personas, client_as
):
    unclassified = report(client_as(reader))["casualties-by-period"]["2016-04"]
    restricted = report(client_as(personas[Classification.RESTRICTED]))["casualties-by-period"]

    assert unclassified["incidents"] == 2
    assert unclassified[CIV_KILLED] == (5, 0)
    assert restricted["2016-04"]["incidents"] == 3
    assert restricted["2016-04"][CIV_KILLED] == (105, 0)


def test_a_restricted_incident_is_not_in_the_csv_of_an_unclassified_reader(
    incidents, reader, personas, client_as
):
    def civilians_killed_in_april(user):
        response = client_as(user).get(CSV_URL, {"start": "2016-04-01", "end": "2016-04-30"})
        assert response.status_code == 200
        rows = list(csv.reader(io.StringIO(response.content.decode())))
        return [
            row
            for row in rows
            if row[:3] == ["Casualties by period", "2016-04", "Civilians killed"]
        ]

    assert civilians_killed_in_april(reader) == [
        ["Casualties by period", "2016-04", "Civilians killed", "5", "0"]
    ]
    assert civilians_killed_in_april(personas[Classification.RESTRICTED]) == [
        ["Casualties by period", "2016-04", "Civilians killed", "105", "0"]
    ]


def test_a_restricted_figure_of_a_visible_incident_is_not_counted(
    incidents, reader, personas, client_as
):
    IncidentCasualty.objects.create(
        incident=incidents["A"],
        category="military",
        outcome="wounded",
        count=7,
        classification=Classification.RESTRICTED,
    )

    assert MIL_WOUNDED not in report(client_as(reader))["casualties-by-period"]["2016-04"]
    assert report(client_as(personas[Classification.RESTRICTED]))["casualties-by-period"][
        "2016-04"
    ][MIL_WOUNDED] == (7, 0)


def test_an_incident_at_a_settlement_above_the_clearance_is_not_counted_nor_named(
    make_incident, home_state, reader, personas, client_as
):
    hidden = Settlement.objects.create(
        name="Hidden village",
        country=home_state,
        kind="village",
        classification=Classification.SECRET,
    )
    make_incident(settlement=hidden, casualties={("civilian", "killed", "all"): 9})

    response = client_as(reader).get(URL)

    assert tables_of(response)["casualties-by-period"] == {}
    assert b"Hidden village" not in response.content
    secret = report(client_as(personas[Classification.SECRET]))
    assert secret["casualties-by-settlement"]["Hidden village (AZ)"][CIV_KILLED] == (9, 0)


def test_the_report_needs_a_log_in(client):
    assert client.get(URL).status_code == 302
    assert client.get(CSV_URL).status_code == 302


def test_the_report_is_in_the_menu(reader, client_as):
    assert f'href="{URL}"'.encode() in client_as(reader).get("/").content


# the CSV --------------------------------------------------------------------------------------
def test_the_csv_holds_each_figure_as_a_row(incidents, reader, client_as):
    response = client_as(reader).get(CSV_URL, {"period": "year"})

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[0] == ["Table", "Group", "Measure", "Total given", "Figures without a number"]
    assert ["Casualties by period", "2016", "Incidents", "4", "0"] in rows
    assert ["Casualties by period", "2016", "Civilians wounded", "6", "1"] in rows
    assert ["Damage by object type", "Homes", "All", "10", "0"] in rows
    assert ["Damage by object type", "Hospitals", "Damaged", "", "1"] in rows


# a constant number of queries ----------------------------------------------------------------
def test_the_report_needs_as_many_queries_for_many_incidents_as_for_few(
    make_incident, home_state, reader, client_as, django_assert_num_queries
):
    client = client_as(reader)

    def add(n, offset):
        for i in range(n):
            place = Settlement.objects.create(
                name=f"Village {offset + i}", country=home_state, kind="village"
            )
            make_incident(
                D(2015 + i % 3, 1 + i % 12, 1),
                settlement=place,
                casualties={("civilian", "killed", "all"): i, ("civilian", "killed", "women"): 0},
                damage={("homes", "damaged"): i, ("schools", "destroyed"): None},
            )

    add(2, 0)
    client.get(URL)  # warm the caches (content types, session)
    with CaptureQueriesContext(connection) as few:
        assert client.get(URL).status_code == 200
    add(20, 100)

    with django_assert_num_queries(len(few)):
        response = client.get(URL)

    assert len(tables_of(response)["casualties-by-settlement"]) == 22


def test_the_csv_needs_as_many_queries_for_many_incidents_as_for_few(
    make_incident, reader, client_as, django_assert_num_queries
):
    client = client_as(reader)

    def add(n):
        for i in range(n):
            make_incident(D(2016, 1 + i % 12, 1), casualties={("civilian", "killed", "all"): i})

    add(2)
    client.get(CSV_URL)
    with CaptureQueriesContext(connection) as few:
        assert client.get(CSV_URL).status_code == 200
    add(20)

    with django_assert_num_queries(len(few)):
        response = client.get(CSV_URL)

    assert response.content.decode().count("Casualties by period") == 2 * 12


# bad questions -----------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"start": "2016-13-01"}, "start"),
        ({"end": "yesterday"}, "end"),
        ({"start": "2016-05-01", "end": "2016-04-01"}, "end"),
        ({"start": "0001-01-01"}, "start"),
        ({"end": "9999-12-31"}, "end"),
        ({"settlement": "99999999999999999999999"}, "settlement"),
        ({"settlement": "abc"}, "settlement"),
        ({"settlement": "424242"}, "settlement"),
        ({"kind": "bombing"}, "kind"),
        ({"verification": "rumoured"}, "verification"),
        ({"period": "week"}, "period"),
    ],
)
@pytest.mark.parametrize("url", [URL, CSV_URL])
def test_a_bad_question_answers_400_naming_the_field(reader, client_as, params, field, url):
    response = client_as(reader).get(url, params)

    assert response.status_code == 400
    assert list(response.context["form"].errors) == [field]


def test_a_settlement_above_the_clearance_is_refused_like_a_missing_one(
    home_state, reader, client_as
):
    hidden = Settlement.objects.create(
        name="Hidden village",
        country=home_state,
        kind="village",
        classification=Classification.SECRET,
    )

    response = client_as(reader).get(URL, {"settlement": hidden.pk})

    assert response.status_code == 400
    assert b"Hidden village" not in response.content


ANY_TEXT = st.text(st.characters(blacklist_categories=["Cs"]), max_size=20)
NAMES = ["start", "end", "kind", "settlement", "verification", "period"]


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(params=st.dictionaries(st.sampled_from(NAMES), ANY_TEXT, max_size=4))
def test_arbitrary_questions_never_answer_500(reader, client_as, params):
    client = client_as(reader)

    assert client.get(URL, params).status_code in (200, 400)
    assert client.get(CSV_URL, params).status_code in (200, 400)


# the charts -----------------------------------------------------------------------------------
def test_the_charts_add_up_by_year_what_the_reader_may_see(
    incidents, make_incident, reader, client_as
):
    make_incident(
        D(2014, 6, 1),
        casualties={("military", "killed", "all"): 4, ("military", "killed", "children"): 9},
        damage={("schools", "fired_upon"): 2},
    )

    response = client_as(reader).get(URL)

    charts = dict(response.context["charts"])
    casualties, damage = charts["casualties-by-year"], charts["damage-by-year"]

    def oracle(model, key, **among):
        """{year: {key: sum of the numbers given}} of what the reader may see, by Python."""
        sums = {}
        for figure in model.objects.visible_to(reader).filter(**among).select_related("incident"):
            if figure.count is not None:
                year = sums.setdefault(figure.incident.occurred_on.year, {})
                year[key(figure)] = year.get(key(figure), 0) + figure.count
        return sums

    def drawn(chart, keys):
        return {
            int(year): {key: v for key, v in zip(keys, values, strict=True) if v}
            for year, values, _total in chart.table
            if any(values)
        }

    columns = {str(label): key for key, label in CASUALTY_COLUMNS}
    assert drawn(casualties, [columns[name] for name, _c in casualties.series]) == oracle(
        IncidentCasualty, lambda f: (f.category, f.outcome), among="all"
    )
    extents = {str(label): key for key, label in IncidentDamage.Extent.choices}
    assert drawn(damage, [extents[name] for name, _c in damage.series]) == oracle(
        IncidentDamage, lambda f: f.extent
    )
    # 2016: A, B, C and D, never the restricted E's hundred; the children among, never added
    assert [row for row in casualties.table if row[0] in ("2014", "2015", "2016")] == [
        ("2014", [0, 0, 4, 0], 4),
        ("2015", [0, 0, 0, 0], 0),
        ("2016", [5, 6, 2, 1], 14),
    ]
    assert b'id="casualties-by-year"' in response.content


def test_nothing_to_chart_draws_no_chart(reader, client_as):
    response = client_as(reader).get(URL)

    assert response.context["charts"] == []
    assert b'id="report-charts"' not in response.content
