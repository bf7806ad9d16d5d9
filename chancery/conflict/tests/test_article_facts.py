"""Every conflict and negotiation fact the article states is in the data set, as the article
states it: the April 2016 attacks with the one figure it gives (34 cities and villages heavily
damaged) and the casualties and damage it names without numbers, the OSCE Minsk Group track with
the fact-finding mission, the Caspian track with its draft convention and the summits of the
littoral states, and the places the article names."""

import datetime
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse

from chancery.conflict.models import (
    DraftVersion,
    Incident,
    IncidentCasualty,
    IncidentDamage,
    NegotiationRound,
    NegotiationTrack,
    Settlement,
)
from chancery.core.models import Classification
from chancery.core.registry import registry

D = datetime.date
APRIL = "April 2016 attacks on Azerbaijan's civilian population"
MINSK = "Settlement of the Armenia-Azerbaijan Nagorno-Karabakh conflict"
CASPIAN = "Legal status of the Caspian Sea"
ARTICLE_TEXT = (Path(settings.BASE_DIR) / "data" / "article.txt").read_text(encoding="utf-8")


def normalised(text):
    return re.sub(r"\s+", " ", re.sub(r"-\n\s*", "", text)).strip()


@pytest.fixture
def reader(article_read, personas):
    return personas[Classification.UNCLASSIFIED]


# what the article says, in its words ---------------------------------------------------------
@pytest.mark.parametrize(
    "words",
    [
        "In April this year, Armenia carried out large-scale attacks",
        "including schools, hospitals and religious sites were subjected to intensive fire",
        "including children, women and old people were killed and seriously wounded",
        "Armenia has mutilated the bodies of killed Azerbaijani soldiers",
        "34 cities and villages of Azerbaijan were heavily damaged",
        "including civilian infrastructure incurred significant damage",
        "Hundreds of civilian buildings, especially residential houses, schools, kindergartens, "
        "cultural centers and other civilian facilities were destroyed",
        "confirmed by the OSCE fact-finding mission",
        "the framework of the OSCE for more than 20 years",
        "the occupation of 20 percent of our territory",
        "more than one million Azerbaijani people became refugees and displaced persons",
        "the provisions of the draft convention on the legal status of the Caspian Sea",
        "agreements reached at summits of the heads of Caspian littoral states",
    ],
)
def test_the_article_says_what_the_data_set_records(words):
    assert words in normalised(ARTICLE_TEXT)


# the April 2016 attacks ---------------------------------------------------------------------
def test_the_april_2016_attacks_are_one_incident_known_to_the_month(article_read):
    attacks = Incident.objects.get(title=APRIL)

    assert attacks.occurred_display == "April 2016"
    assert attacks.kind == Incident.Kind.ATTACK_ON_CIVILIANS
    assert attacks.settlement is None  # the article names none of the 34
    assert attacks.responsible_side.alpha_2 == "AM"
    assert attacks.verification == Incident.Verification.REPORTED
    assert "34 cities and villages" in attacks.place


def test_the_casualties_are_recorded_as_the_article_names_them_without_numbers(article_read):
    figures = {
        (f.category, f.outcome, f.among): f.count
        for f in IncidentCasualty.objects.filter(incident__title=APRIL)
    }

    assert figures == {
        ("civilian", "killed", "all"): None,
        ("civilian", "wounded", "all"): None,
        ("civilian", "killed", "children"): None,
        ("civilian", "wounded", "children"): None,
        ("civilian", "killed", "women"): None,
        ("civilian", "wounded", "women"): None,
        ("civilian", "killed", "elderly"): None,
        ("civilian", "wounded", "elderly"): None,
        ("military", "killed", "all"): None,
    }


def test_the_damage_is_recorded_with_the_one_number_the_article_gives(article_read):
    figures = {
        (f.object_type, f.extent): f.count
        for f in IncidentDamage.objects.filter(incident__title=APRIL)
    }

    assert figures == {
        ("populated_places", "heavily_damaged"): 34,
        ("civilian_buildings", "destroyed"): None,  # "hundreds"
        ("homes", "destroyed"): None,
        ("schools", "destroyed"): None,
        ("kindergartens", "destroyed"): None,
        ("cultural_centres", "destroyed"): None,
        ("other", "destroyed"): None,
        ("infrastructure", "damaged"): None,
        ("other", "damaged"): None,
        ("schools", "fired_upon"): None,
        ("hospitals", "fired_upon"): None,
        ("religious_sites", "fired_upon"): None,
    }


def test_no_number_is_recorded_that_the_article_does_not_give(article_read):
    numbers = {
        *IncidentCasualty.objects.exclude(count=None).values_list("count", flat=True),
        *IncidentDamage.objects.exclude(count=None).values_list("count", flat=True),
    }

    assert numbers == {34}


def test_the_report_for_april_2016_shows_the_articles_figures(reader, client_as):
    response = client_as(reader).get(
        reverse("conflict:incident_report"), {"start": "2016-04-01", "end": "2016-04-30"}
    )

    assert response.status_code == 200
    tables = {table.name: table for table in response.context["tables"]}
    ((month, cells),) = tables["damage-by-period"].grid()
    damage = dict(
        zip([key for key, _label in tables["damage-by-period"].columns], cells, strict=True)
    )
    assert month.label == "2016-04"
    assert (damage["populated_places"].total, damage["populated_places"].unstated) == (34, 0)
    assert (damage["civilian_buildings"].total, damage["civilian_buildings"].unstated) == (None, 1)
    ((month, cells),) = tables["casualties-by-period"].grid()
    assert month.incidents == 1
    assert all(cell.total is None for cell in cells)  # the article gives no casualty number
    assert sum(cell.unstated for cell in cells) == 9


# the negotiation tracks --------------------------------------------------------------------------
def test_the_minsk_group_track(article_read):
    track = NegotiationTrack.objects.get(name=MINSK)

    assert track.format_organization.name == "OSCE Minsk Group"
    assert {c.alpha_2 for c in track.participants.all()} == {"AZ", "AM"}
    assert {c.alpha_2 for c in track.mediator_states.all()} == {"FR", "RU", "US"}
    assert {o.acronym for o in track.mediator_organizations.all()} == {"OSCE"}
    assert {r.symbol for r in track.resolutions.all()} == {
        "S/RES/822 (1993)",
        "S/RES/853 (1993)",
        "S/RES/874 (1993)",
        "S/RES/884 (1993)",
    }
    assert track.status == NegotiationTrack.Status.ACTIVE
    assert "20 percent" in track.subject
    assert "more than one million" in track.subject
    assert "unacceptable and unsustainable" in track.objectives
    assert "return of refugees and displaced persons" in track.objectives
    assert "more than 20 years" in track.notes
    assert track.since == D(1992, 3, 24)


def test_the_osce_fact_finding_mission_is_a_round_of_the_minsk_group_track(article_read):
    mission = NegotiationRound.objects.get(track__name=MINSK)

    assert mission.kind == NegotiationRound.Kind.MISSION
    assert "fact-finding mission" in mission.title
    assert mission.dates_display == "2005"
    assert "physical, demographic and cultural nature" in mission.outcome


def test_the_caspian_track_and_its_draft_convention(article_read):
    track = NegotiationTrack.objects.get(name=CASPIAN)
    (draft,) = DraftVersion.objects.filter(track=track)

    assert track.format_organization.name == "Summit of the Caspian littoral states"
    assert {c.alpha_2 for c in track.participants.all()} == {"AZ", "IR", "KZ", "RU", "TM"}
    assert "equal security conditions" in track.objectives
    assert "ecological problems" in track.objectives
    assert draft.instrument == "Draft convention on the legal status of the Caspian Sea"
    assert draft.date_display == "2016"
    assert draft.text == ""  # the article gives no text of the draft


def test_the_summits_of_the_caspian_littoral_states(article_read):
    summits = [
        (r.title, r.dates_display, r.place, r.place_country.alpha_2, r.participants.count())
        for r in NegotiationRound.objects.filter(track__name=CASPIAN).order_by("date")
    ]

    assert summits == [
        ("First Caspian Summit", "April 2002", "Ashgabat", "TM", 5),
        ("Second Caspian Summit", "16 October 2007", "Tehran", "IR", 5),
        ("Third Caspian Summit", "18 November 2010", "Baku", "AZ", 5),
        ("Fourth Caspian Summit", "29 September 2014", "Astrakhan", "RU", 5),
    ]


def test_the_track_page_lists_the_summits(reader, client_as):
    track = NegotiationTrack.objects.get(name=CASPIAN)

    response = client_as(reader).get(track.get_absolute_url())

    assert [r.title for r in response.context["rounds"]] == [
        "First Caspian Summit",
        "Second Caspian Summit",
        "Third Caspian Summit",
        "Fourth Caspian Summit",
    ]


# the places ---------------------------------------------------------------------------------
def test_the_settlements_the_article_names(article_read):
    places = set(Settlement.objects.values_list("name", "country__alpha_2"))

    assert places == {
        ("Baku", "AZ"),
        ("Astara", "AZ"),
        ("Astara", "IR"),
        ("Qazvin", "IR"),
        ("Rasht", "IR"),
        ("Tbilisi", "GE"),
        ("Kars", "TR"),
        ("Belgrade", "RS"),
    }
    for name, _country in places:
        assert name in ARTICLE_TEXT


# every fact cites the article and serves a priority ----------------------------------------------
def test_every_conflict_record_cites_the_article_and_serves_a_priority(article_read):
    uncited, unlinked = [], []
    for record_type in registry.for_app("conflict"):
        for record in record_type.model.objects.prefetch_related("sources", "priorities"):
            if "article" not in {s.kind for s in record.sources.all()}:
                uncited.append(record)
            if not record.priorities.exists():
                unlinked.append(record)

    assert uncited == []
    assert unlinked == []


@pytest.mark.parametrize(
    ("model", "title", "priority"),
    [
        (Incident, APRIL, "territorial-integrity"),
        (NegotiationTrack, MINSK, "territorial-integrity"),
        (NegotiationTrack, CASPIAN, "caspian"),
    ],
)
def test_each_fact_serves_its_priority(article_read, model, title, priority):
    lookup = "title" if model is Incident else "name"
    record = model.objects.get(**{lookup: title})

    assert record.priorities.filter(code=priority).exists()
