"""The rules of settlements, incidents and their figures, whoever writes them (model, form, API),
and who may write them."""

import datetime
import time

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from chancery.conflict.models import Incident, IncidentCasualty, Settlement
from chancery.core.models import SYSTEM, Classification
from chancery.core.uniqueness import check_unique_in_sight

D = datetime.date


def refused_fields(instance):
    """The fields of a record that its model's rules, or the rules of what no two records share
    (checked among every record: as the system sees them), refuse."""
    with pytest.raises(ValidationError) as refused:
        instance.full_clean()
        check_unique_in_sight(instance, SYSTEM)
    return set(refused.value.message_dict)


# settlements --------------------------------------------------------------------------------------
def test_two_settlements_of_one_name_in_two_countries_are_two(home_state, db):
    from chancery.reference.models import Country

    iran = Country.objects.create(alpha_2="IR", alpha_3="IRN", numeric="364", name="Iran")
    Settlement.objects.create(name="Astara", country=home_state, kind="city")
    in_iran = Settlement(name="Astara", country=iran, kind="city")
    in_iran.full_clean()
    in_iran.save()

    assert refused_fields(Settlement(name="Astara", country=home_state, kind="town")) == {"__all__"}


@pytest.mark.parametrize(
    ("latitude", "longitude", "field"),
    [
        (40.4, None, "longitude"),
        (None, 49.8, "latitude"),
        (91, 0, "latitude"),
        (0, 181, "longitude"),
    ],
)
def test_a_settlement_has_both_coordinates_within_range_or_none(
    home_state, latitude, longitude, field
):
    settlement = Settlement(
        name="Baku", country=home_state, kind="city", latitude=latitude, longitude=longitude
    )

    assert field in refused_fields(settlement)


# incidents ----------------------------------------------------------------------------------------
def incident(**fields):
    values = {
        "title": "Shelling",
        "kind": "shelling",
        "occurred_on": D(2016, 4, 2),
        "place": "A road",
    }
    values.update(fields)
    return Incident(**values)


def test_an_incident_needs_a_settlement_or_a_place_in_words(tartar):
    assert "place" in refused_fields(incident(place=""))
    incident(place="", settlement=tartar, title="At Tartar").full_clean()


def test_a_time_of_day_needs_the_exact_day(db):
    assert "occurred_time" in refused_fields(
        incident(occurred_on_precision="month", occurred_time=datetime.time(6, 30))
    )
    incident(occurred_time=datetime.time(6, 30)).full_clean()


def test_an_incident_cannot_end_before_it_began(db):
    assert "ended_on" in refused_fields(incident(ended_on=D(2016, 4, 1)))
    incident(
        occurred_on_precision="month", occurred_on=D(2016, 4, 1), ended_on=D(2016, 4, 1)
    ).full_clean()


def test_the_time_is_shown_with_the_day(db):
    shown = incident(occurred_time=datetime.time(6, 30), ended_on=None)

    assert shown.occurred_display == "2 April 2016, 06:30"
    assert incident(occurred_on_precision="month").occurred_display == "April 2016"


def test_children_among_the_killed_cannot_outnumber_all_the_killed(make_incident):
    event = make_incident(casualties={("civilian", "killed", "all"): 3})

    too_many = IncidentCasualty(
        incident=event, category="civilian", outcome="killed", among="children", count=4
    )
    assert "count" in refused_fields(too_many)
    IncidentCasualty(
        incident=event, category="civilian", outcome="killed", among="children", count=3
    ).full_clean()


def test_a_figure_is_given_once_per_incident(make_incident):
    event = make_incident(casualties={("civilian", "killed", "all"): 3})

    again = IncidentCasualty(incident=event, category="civilian", outcome="killed", count=5)

    assert refused_fields(again) == {"__all__"}


def test_an_incident_at_a_settlement_above_the_clearance_is_hidden_with_its_figures(
    make_incident, home_state, personas
):
    hidden = Settlement.objects.create(
        name="Hidden", country=home_state, kind="village", classification=Classification.SECRET
    )
    event = make_incident(settlement=hidden, casualties={("civilian", "killed", "all"): 1})
    reader = personas[Classification.CONFIDENTIAL]

    assert not Incident.objects.visible_to(reader).filter(pk=event.pk).exists()
    assert not IncidentCasualty.objects.visible_to(reader).filter(incident=event).exists()
    assert IncidentCasualty.objects.visible_to(personas[Classification.SECRET]).exists()


def test_the_form_names_a_bad_field_and_writes_nothing(personas, client_as):
    response = client_as(personas[Classification.CONFIDENTIAL]).post(
        reverse("conflict:incident_add"),
        {
            "title": "Shelling",
            "kind": "shelling",
            "occurred_on": "April 2016",
            "occurred_time": "06:30",
            "place": "",
            "verification": "reported",
            "classification": 0,
        },
    )

    assert response.status_code == 400
    assert {"occurred_time", "place"} <= set(response.context["form"].errors)
    assert not Incident.objects.exists()


def test_the_api_names_a_bad_field_and_writes_nothing(personas, client_as):
    response = client_as(personas[Classification.CONFIDENTIAL]).post(
        "/api/conflict/incidents/",
        {"title": "Shelling", "kind": "shelling", "occurred_on": "2016-04-02", "place": ""},
        content_type="application/json",
    )

    assert response.status_code == 400
    assert "place" in response.json()
    assert not Incident.objects.exists()


# who may write -----------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("role", "status"), [("desk officer", 200), ("administrator", 200), ("analyst", 403)]
)
def test_desk_officers_and_administrators_record_incidents_analysts_read(
    make_user, client_as, role, status
):
    user = make_user(f"{role}-{time.monotonic_ns()}", Classification.SECRET, role=role)

    assert client_as(user).get(reverse("conflict:incident_add")).status_code == status
    assert client_as(user).get(reverse("conflict:incident_list")).status_code == 200
