"""A corridor lists the states it crosses in their order, whatever order they were recorded in, and
only those the reader may see; a state comes once, at one place."""

import pytest

from chancery.core.models import Classification
from chancery.economy.models import Corridor, CorridorState
from chancery.reference.models import Country


@pytest.fixture
def corridor(states, make_project):
    corridor = Corridor.objects.create(name="East-West transport corridor", kind="transport")
    corridor.projects.add(make_project("Baku-Tbilisi-Kars railway", kind="transport"))
    # recorded out of order on purpose
    for order, code in ((3, "TR"), (1, "AZ"), (2, "GE")):
        CorridorState.objects.create(corridor=corridor, state=states[code], order=order)
    return corridor


def route_on_list(client):
    page = client.get("/economy/corridors/")
    assert page.status_code == 200
    return {row["object"].name: row["cells"][-1]["value"] for row in page.context["rows"]}


def test_the_list_shows_the_route_in_order(corridor, desk, client_as):
    assert route_on_list(client_as(desk)) == {
        "East-West transport corridor": "Azerbaijan → Georgia → Turkey"
    }


def test_the_corridor_page_lists_its_states_in_order(corridor, desk, client_as):
    page = client_as(desk).get(corridor.get_absolute_url())

    section = next(s for s in page.context["related"] if s["record_type"].model is CorridorState)
    assert [(row[1]["value"], str(row[2]["value"])) for row in section["rows"]] == [
        (1, "Azerbaijan"),
        (2, "Georgia"),
        (3, "Turkey"),
    ]


def test_a_state_the_reader_may_not_see_is_left_out_of_the_route(corridor, make_user, client_as):
    hidden = Country.objects.create(
        alpha_2="XS",
        alpha_3="XSX",
        numeric="998",
        name="Secretland",
        classification=Classification.SECRET,
    )
    CorridorState.objects.create(corridor=corridor, state=hidden, order=4)
    reader = make_user("reader", Classification.CONFIDENTIAL)

    assert route_on_list(client_as(reader)) == {
        "East-West transport corridor": "Azerbaijan → Georgia → Turkey"
    }
    assert "Secretland" not in client_as(reader).get(corridor.get_absolute_url()).content.decode()


@pytest.mark.parametrize(
    ("values", "field"),
    [
        ({"order": 2}, "__all__"),  # Georgia already comes second
        ({"order": 0}, "order"),
        ({"order": "second"}, "order"),
    ],
)
def test_a_place_taken_or_bad_is_refused_with_400(
    corridor, states, desk, client_as, form_data, values, field
):
    other = Country.objects.create(alpha_2="KZ", alpha_3="KAZ", numeric="398", name="Kazakhstan")
    data = form_data(CorridorState, desk, corridor=corridor.pk, state=other.pk, **values)

    response = client_as(desk).post("/economy/states-on-corridors/add/", data)

    assert response.status_code == 400
    assert field in response.context["form"].errors
    assert corridor.stops.count() == 3


def test_a_state_comes_once_on_a_corridor(corridor, states, desk, client_as, form_data):
    data = form_data(CorridorState, desk, corridor=corridor.pk, state=states["GE"].pk, order=4)

    response = client_as(desk).post("/economy/states-on-corridors/add/", data)

    assert response.status_code == 400
    assert corridor.stops.count() == 3


def test_a_corridor_found_by_several_of_its_projects_is_found_once(
    corridor, make_project, desk, client_as
):
    """Search follows the corridor's projects: two matching projects still make one result, on
    the list, in its count, in the API and on the search page."""
    corridor.projects.add(make_project("Baku-Tbilisi-Kars railway, second track", kind="transport"))
    client = client_as(desk)

    listed = client.get("/economy/corridors/", {"q": "railway"})
    api = client.get("/api/economy/corridors/", {"q": "railway"}).json()
    searched = client.get("/search/", {"q": "railway"})

    assert [row["object"] for row in listed.context["rows"]] == [corridor]
    assert (api["count"], [row["id"] for row in api["results"]]) == (1, [corridor.pk])
    group = next(g for g in searched.context["groups"] if g["record_type"].model is Corridor)
    assert group["items"] == [corridor]
