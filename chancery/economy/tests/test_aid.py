"""Development aid: a currency is an ISO 4217 code; the report's totals by recipient, sector and
year are the sums counted by hand, per currency (never added across currencies), over what the
reader may see, in a constant number of queries, on the page and in its CSV; bad questions
answer 400."""

import csv
import datetime
import io
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from chancery.core.models import Classification
from chancery.economy.models import AidProject
from chancery.reference.models import Country, Organization

REPORT, CSV = "/economy/aid/report/", "/economy/aid/report/csv/"
D = datetime.date


@pytest.fixture
def recipients(db):
    return {
        "AF": Country.objects.create(
            alpha_2="AF", alpha_3="AFG", numeric="004", name="Afghanistan"
        ),
        "SO": Country.objects.create(alpha_2="SO", alpha_3="SOM", numeric="706", name="Somalia"),
    }


@pytest.fixture
def aid(make_aid, recipients):
    """Five aid projects: two currencies, one without an amount, one without a start."""
    af, so = recipients["AF"], recipients["SO"]
    make_aid("Clinic", af, "health", Decimal("100.00"), "AZN", start=D(2015, 3, 1))
    make_aid("School", af, "education", Decimal("50.50"), "AZN", start=D(2016, 1, 1))
    make_aid("Hospital", af, "health", Decimal("1000.00"), "USD", start=D(2015, 1, 1))
    make_aid("Flood relief", so, "humanitarian", Decimal("20.00"), "USD", start=D(2016, 9, 1))
    make_aid("Vaccines", so, "health")


@pytest.fixture
def reader(make_user):
    return make_user("reader", Classification.UNCLASSIFIED, role="analyst")


def table(groups):
    """A grouping's groups as {label: {currency: (projects, without an amount, total)}}."""
    return {
        group.label: {
            line.currency: (line.projects, line.without_amount, line.total) for line in group.lines
        }
        for group in groups
    }


# the currency ----------------------------------------------------------------------------------
@pytest.mark.parametrize("code", ["ZZZ", "usd", "US", "XTS", "AZNN"])
def test_a_currency_must_be_an_iso_4217_code(make_aid, recipients, code):
    project = make_aid("Clinic", recipients["AF"], amount=Decimal(1), currency="AZN")
    project.currency = code

    with pytest.raises(ValidationError) as caught:
        project.full_clean()
    assert "currency" in caught.value.message_dict


@pytest.mark.parametrize("code", ["AZN", "USD", "EUR", "XDR"])
def test_an_iso_4217_code_is_a_currency(make_aid, recipients, code):
    make_aid("Clinic", recipients["AF"], amount=Decimal(1), currency=code).full_clean()


def test_an_amount_needs_its_currency(make_aid, recipients):
    project = make_aid("Clinic", recipients["AF"], amount=Decimal(1), currency="AZN")
    project.currency = ""

    with pytest.raises(ValidationError) as caught:
        project.full_clean()
    assert "currency" in caught.value.message_dict


@pytest.mark.parametrize(
    ("values", "field"),
    [
        ({"currency": "ZZZ"}, "currency"),
        ({"currency": ""}, "currency"),
        ({"amount": "-5"}, "amount"),
        ({"amount": "a lot"}, "amount"),
        ({"sector": "defence"}, "sector"),
        ({"start": "2016-02-30"}, "start"),
        ({"recipient": "999999999999999999999"}, "recipient"),
    ],
)
def test_a_bad_aid_project_answers_400_naming_the_field_and_writes_nothing(
    agency, recipients, desk, client_as, form_data, values, field
):
    good = {
        "title": "Clinic",
        "agency": agency.pk,
        "recipient": recipients["AF"].pk,
        "sector": "health",
        "status": "ongoing",
        "amount": "100",
        "currency": "AZN",
    }

    response = client_as(desk).post(
        "/economy/aid-projects/add/", form_data(AidProject, desk, **{**good, **values})
    )

    assert response.status_code == 400
    assert field in response.context["form"].errors
    assert not AidProject.objects.exists()


def test_the_api_refuses_a_currency_that_is_no_code(agency, recipients, desk, client_as):
    response = client_as(desk).post(
        "/api/economy/aid-projects/",
        {
            "title": "Clinic",
            "agency": agency.pk,
            "recipient": recipients["AF"].pk,
            "sector": "health",
            "status": "ongoing",
            "amount": "100",
            "currency": "ZZZ",
        },
        content_type="application/json",
    )

    assert response.status_code == 400
    assert "currency" in response.json()
    assert not AidProject.objects.exists()


# the totals -------------------------------------------------------------------------------------
def test_the_totals_by_recipient_are_counted_per_currency(aid, reader, client_as):
    totals = client_as(reader).get(REPORT).context["totals"]

    assert table(totals["recipient"]) == {
        "Afghanistan": {
            "AZN": (2, 0, Decimal("150.50")),
            "USD": (1, 0, Decimal("1000.00")),
        },
        "Somalia": {"": (1, 1, None), "USD": (1, 0, Decimal("20.00"))},
    }


def test_the_totals_by_sector_are_counted_per_currency(aid, reader, client_as):
    totals = client_as(reader).get(REPORT).context["totals"]

    assert table(totals["sector"]) == {
        "Education": {"AZN": (1, 0, Decimal("50.50"))},
        "Health": {
            "": (1, 1, None),
            "AZN": (1, 0, Decimal("100.00")),
            "USD": (1, 0, Decimal("1000.00")),
        },
        "Humanitarian relief": {"USD": (1, 0, Decimal("20.00"))},
    }


def test_the_totals_by_year_are_counted_per_currency(aid, reader, client_as):
    totals = client_as(reader).get(REPORT).context["totals"]

    assert table(totals["year"]) == {
        "2015": {"AZN": (1, 0, Decimal("100.00")), "USD": (1, 0, Decimal("1000.00"))},
        "2016": {"AZN": (1, 0, Decimal("50.50")), "USD": (1, 0, Decimal("20.00"))},
        "Not known": {"": (1, 1, None)},
    }
    assert [group.label for group in totals["year"]] == ["2015", "2016", "Not known"]


def test_currencies_are_never_added_together(aid, reader, client_as):
    overall = client_as(reader).get(REPORT).context["totals"]["overall"]

    assert table([overall]) == {
        "All aid projects": {
            "": (1, 1, None),
            "AZN": (2, 0, Decimal("150.50")),
            "USD": (2, 0, Decimal("1020.00")),
        }
    }


def test_the_report_narrows_to_an_agency_and_years(aid, make_aid, recipients, reader, client_as):
    other = Organization.objects.create(name="Heydar Aliyev Foundation", kind="foundation")
    make_aid("Mosque", recipients["SO"], "other", Decimal("7"), "EUR", agency=other)

    by_agency = client_as(reader).get(REPORT, {"agency": other.pk}).context["totals"]
    by_years = client_as(reader).get(REPORT, {"year_from": 2016, "year_to": 2016})

    assert table([by_agency["overall"]]) == {"All aid projects": {"EUR": (1, 0, Decimal("7"))}}
    assert table([by_years.context["totals"]["overall"]]) == {
        "All aid projects": {
            "AZN": (1, 0, Decimal("50.50")),
            "USD": (1, 0, Decimal("20.00")),
        }
    }


def test_the_csv_holds_the_totals_of_the_page(aid, reader, client_as):
    response = client_as(reader).get(CSV)

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8"))))
    assert rows[0] == ["Grouping", "Group", "Currency", "Projects", "Without an amount", "Total"]
    assert ["All", "All aid projects", "USD", "2", "0", "1020.00"] in rows
    assert ["By recipient", "Afghanistan", "AZN", "2", "0", "150.50"] in rows
    assert ["By recipient", "Somalia", "", "1", "1", ""] in rows
    assert ["By sector", "Health", "USD", "1", "0", "1000.00"] in rows
    assert ["By year of start", "Not known", "", "1", "1", ""] in rows
    assert len(rows) == 1 + 3 + 4 + 5 + 5


# access -----------------------------------------------------------------------------------------
@pytest.fixture
def restricted_aid(aid, make_aid, recipients):
    return make_aid(
        "Restricted grant",
        recipients["AF"],
        "water",
        Decimal("999.00"),
        "AZN",
        start=D(2015, 6, 1),
        classification=Classification.RESTRICTED,
    )


def test_a_restricted_aid_project_is_left_out_for_an_unclassified_reader(
    restricted_aid, reader, make_user, client_as
):
    cleared = make_user("cleared", Classification.RESTRICTED, role="analyst")

    unclassified = client_as(reader).get(REPORT).context["totals"]
    restricted = client_as(cleared).get(REPORT).context["totals"]

    assert table(unclassified["recipient"])["Afghanistan"]["AZN"] == (2, 0, Decimal("150.50"))
    assert "Water" not in table(unclassified["sector"])
    assert table(restricted["recipient"])["Afghanistan"]["AZN"] == (3, 0, Decimal("1149.50"))
    assert table(restricted["sector"])["Water"] == {"AZN": (1, 0, Decimal("999.00"))}


def test_a_restricted_aid_project_is_left_out_of_the_unclassified_readers_csv(
    restricted_aid, reader, client_as
):
    body = client_as(reader).get(CSV).content.decode("utf-8")

    assert "Water" not in body and "999" not in body and "1149.50" not in body
    assert "By recipient,Afghanistan,AZN,2,0,150.50" in body


def test_aid_to_a_state_the_reader_may_not_see_is_left_out(make_aid, reader, client_as):
    hidden = Country.objects.create(
        alpha_2="XS",
        alpha_3="XSX",
        numeric="998",
        name="Secretland",
        classification=Classification.SECRET,
    )
    make_aid("Secret grant", hidden, "water", Decimal("5"), "USD")

    page = client_as(reader).get(REPORT)

    assert page.context["totals"]["recipient"] == []
    assert "Secretland" not in page.content.decode()


# bad questions ----------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "params",
    [
        {"year_from": "abc"},
        {"year_from": "1200"},
        {"year_from": "2017", "year_to": "2016"},
        {"agency": "999999999999999999999"},
        {"agency": "nope"},
        {"sector": "defence"},
    ],
)
@pytest.mark.parametrize("url", [REPORT, CSV])
def test_a_bad_question_answers_400_naming_the_field(aid, reader, client_as, url, params):
    response = client_as(reader).get(url, params)

    assert response.status_code == 400
    field = next(iter(params)) if len(params) == 1 else "year_to"
    assert field in response.context["form"].errors


def test_an_agency_the_reader_may_not_see_is_no_choice(
    aid, make_aid, recipients, reader, client_as
):
    secret = Organization.objects.create(
        name="Secret fund", kind="foundation", classification=Classification.SECRET
    )

    response = client_as(reader).get(REPORT, {"agency": secret.pk})

    assert response.status_code == 400
    assert "Secret fund" not in response.content.decode()


# queries ----------------------------------------------------------------------------------------
def report_queries(client, url):
    """All the queries of a request, and those that read aid projects."""
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
    assert response.status_code == 200
    queries = [q["sql"] for q in context.captured_queries]
    return len(queries), len([q for q in queries if "economy_aidproject" in q])


@pytest.mark.parametrize("url", [REPORT, CSV])
def test_the_report_takes_a_constant_number_of_queries(
    aid, make_aid, make_user, client_as, django_assert_num_queries, url
):
    client = client_as(make_user("counter", Classification.SECRET, role="analyst"))
    client.get(url)  # caches (content types, ...) filled once
    few, of_aid = report_queries(client, url)
    countries = [
        Country.objects.create(alpha_2=f"Q{n}", alpha_3=f"QQ{n}", numeric=f"90{n}", name=f"Q{n}")
        for n in range(10)
    ]
    for n in range(40):
        make_aid(
            f"Grant {n}",
            countries[n % 10],
            "water",
            Decimal(n),
            ["EUR", "GBP"][n % 2],
            start=D(2000 + n % 7, 1, 1),
        )

    # overall, by recipient, by sector, by year; and the page's charts by year and sector
    assert of_aid == (5 if url == REPORT else 4)
    with django_assert_num_queries(few):
        response = client.get(url)
    assert response.status_code == 200


def test_the_report_is_in_the_menu(reader, client_as):
    assert f'href="{REPORT}"' in client_as(reader).get(REPORT).content.decode()


# the charts ------------------------------------------------------------------------------------
def test_the_charts_add_up_by_year_and_sector_the_aid_the_reader_may_see(
    restricted_aid, reader, client_as
):
    response = client_as(reader).get(REPORT)

    charts = dict(response.context["charts"])
    drawn = {}
    for currency, chart in charts.items():
        for year, values, _total in chart.table:
            for (sector, _colour), value in zip(chart.series, values, strict=True):
                if value:
                    drawn[(currency, int(year), sector)] = value
    oracle = {}
    for project in AidProject.objects.visible_to(reader):
        if project.amount is not None and project.start is not None:
            key = (project.currency, project.start.year, project.get_sector_display())
            oracle[key] = oracle.get(key, 0) + project.amount
    assert drawn == {key: round(amount) for key, amount in oracle.items()}
    assert ("AZN", 2015, "Water") not in drawn  # the restricted grant is not counted
    assert list(charts) == ["USD", "AZN"]  # most aid first, never added together
    assert [name for name, _colour in charts["USD"].series] == ["Health", "Humanitarian relief"]
    assert b'id="aid-chart-USD"' in response.content
