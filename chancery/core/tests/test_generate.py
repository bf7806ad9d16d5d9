"""The generated data set (`chancery generate-data`) at a thousandth of a ministry's size: its
counts, its spread of classifications and states, who sees it, and the pages over it."""

from collections import Counter

import pytest
from auditlog.models import LogEntry
from django.urls import reverse

from chancery.accounts.models import User
from chancery.bilateral.models import Agreement, AgreementParty, Commitment, Engagement
from chancery.conflict.models import Incident
from chancery.consular.models import Case, Registration
from chancery.core.generate import CLASSIFICATION_SHARES, ENTRY_KEY, MARK, SUMMARY_KEY, generate
from chancery.core.models import Classification
from chancery.core.tests import images
from chancery.documents.models import Document
from chancery.reference.countries import load_countries
from chancery.reference.generate import NEIGHBOURS, states
from chancery.reference.models import Country
from conftest import loaded_once_per_module

SCALE, SEED = 0.001, 7
RUN = {}


def load_and_generate():
    images.load("countries", load_countries)
    RUN["entries before"] = LogEntry.objects.count()
    RUN["run"] = generate(SCALE, SEED)


generated_for_the_module = loaded_once_per_module(load_and_generate)


@pytest.fixture
def generated(generated_for_the_module, db):
    return RUN["run"]


def test_it_writes_each_type_in_proportion_to_the_scale(generated):
    expected = {
        Engagement: 200,
        Agreement: 30,
        AgreementParty: 150,
        Commitment: 50,
        Registration: 300,
        Case: 50,
        Incident: 20,
        Document: 20,
    }
    for model, count in expected.items():
        assert model._base_manager.count() == count, model
        assert generated.created[str(model._meta.verbose_name_plural)] == count
    assert LogEntry.objects.filter(additional_data__has_key=ENTRY_KEY).count() == 1000
    assert generated.created["change-log entries"] == 1000


def test_it_marks_what_it_generated_and_says_so_once_in_the_change_log(generated):
    assert not Engagement.objects.exclude(title__startswith=MARK).exists()
    assert not Agreement.objects.exclude(notes__startswith=MARK).exists()
    assert not Incident.objects.exclude(title__startswith=MARK).exists()
    assert not Registration.objects.exclude(purpose__startswith=MARK).exists()
    assert not Document.objects.exclude(title__startswith=MARK).exists()
    assert not Document.objects.filter(text="").exists()
    assert Engagement.documents.through.objects.exists()
    (summary,) = LogEntry.objects.filter(additional_data__has_key=SUMMARY_KEY)
    assert summary.additional_data[SUMMARY_KEY]["seed"] == SEED
    assert summary.additional_data[SUMMARY_KEY]["created"]["engagements"] == 200
    # nothing else wrote an entry: the generated rows came in bulk
    assert LogEntry.objects.count() == RUN["entries before"] + 1000 + 1


def test_every_change_log_entry_is_about_a_generated_record_and_begins_with_its_creation(
    generated,
):
    entries = LogEntry.objects.filter(additional_data__has_key=ENTRY_KEY)
    engagements = set(Engagement.objects.values_list("pk", flat=True))
    about_engagements = entries.filter(content_type__model="engagement")
    assert set(about_engagements.values_list("object_id", flat=True)) <= engagements
    first = about_engagements.order_by("object_id", "timestamp", "pk").first()
    assert first.action == LogEntry.Action.CREATE
    assert set(entries.values_list("action", flat=True)) >= {
        LogEntry.Action.CREATE,
        LogEntry.Action.UPDATE,
    }


def test_most_records_are_unclassified_with_restricted_confidential_and_secret_tails(generated):
    spread = Counter()
    for model in (Engagement, Agreement, Commitment, Incident):
        spread.update(model._base_manager.values_list("classification", flat=True))
    total = sum(spread.values())
    # as designed (80/12/6/2 %), within what chance allows among 300 records
    for level, share in zip(Classification, CLASSIFICATION_SHARES, strict=True):
        assert abs(spread[level] / total - share / 100) <= 0.06, level
    assert spread[Classification.SECRET] > 0


def test_neighbours_and_major_powers_are_the_states_most_dealt_with(generated):
    kinds = {pk: kind for pk, _weight, kind in states(generated)}
    links = Counter(
        kinds.get(pk, "home")
        for pk in Engagement.countries.through.objects.values_list("country_id", flat=True)
    )
    per_state = Counter(kinds.values())
    assert (links["neighbour"] + links["major"]) / sum(links.values()) >= 0.5
    neighbour = links["neighbour"] / per_state["neighbour"]
    other = links["other"] / per_state["other"]
    assert neighbour >= 5 * other
    neighbours = Country.objects.filter(pk__in=kinds, alpha_2__in=NEIGHBOURS["AZ"])
    assert {kinds[state.pk] for state in neighbours} == {"neighbour"}


def test_registrations_are_concentrated_in_a_few_dozen_states(generated):
    per_state = Counter(Registration.objects.values_list("country_id", flat=True))
    assert len(per_state) <= 36
    top_five = sum(count for _state, count in per_state.most_common(5))
    assert top_five / 300 >= 0.45


def test_a_desk_officer_sees_what_the_access_rule_lets_them_see(generated, make_user):
    desks = list(Country.objects.filter(alpha_2__in=["GE", "TR", "IR", "RU"]))
    officer = make_user("desk", clearance=Classification.CONFIDENTIAL, desks=desks)
    mine = {c.pk for c in desks}
    expected, restricted_seen, restricted_hidden = set(), 0, 0
    for engagement in Engagement.objects.prefetch_related("countries", "organizations"):
        states = {c.pk for c in engagement.countries.all()} | {engagement.place_country_id}
        states.discard(None)
        concerned = states or engagement.organizations.all()
        if engagement.classification <= Classification.CONFIDENTIAL and (
            engagement.classification == Classification.UNCLASSIFIED
            or not concerned
            or states & mine
        ):
            expected.add(engagement.pk)
        if engagement.classification >= Classification.RESTRICTED:
            if engagement.pk in expected:
                restricted_seen += 1
            else:
                restricted_hidden += 1
    seen = set(Engagement.objects.visible_to(officer).values_list("pk", flat=True))
    assert seen == expected
    assert restricted_seen and restricted_hidden
    # a person's record is no desk officer's to read
    assert not Registration.objects.visible_to(officer).exists()


def test_a_generated_consular_officer_reads_the_registrations_of_their_mission_only(generated):
    officer = User.objects.filter(username__startswith=f"generated-{SEED}-consular").first()
    missions = set(officer.consular_missions.values_list("pk", flat=True))
    seen = Registration.objects.visible_to(officer)
    assert seen.exists()
    assert set(seen.values_list("mission_id", flat=True)) <= missions
    assert seen.count() == Registration.objects.filter(mission__in=missions).count()


def test_the_pages_answer_on_generated_data(generated, make_user, client_as):
    desks = list(Country.objects.filter(alpha_2__in=["GE", "TR"]))
    client = client_as(make_user("desk", clearance=Classification.CONFIDENTIAL, desks=desks))
    for name in ("engagement_list", "agreement_list", "commitment_list", "incident_list"):
        app = "conflict" if name == "incident_list" else "bilateral"
        response = client.get(reverse(f"{app}:{name}"))
        assert response.status_code == 200, name


def test_the_home_page_a_record_and_its_history_answer_on_generated_data(
    generated, make_user, client_as
):
    leadership = make_user("chief", clearance=Classification.SECRET, role="leadership")
    client = client_as(leadership)
    engagement = (
        Engagement.objects.filter(
            pk__in=LogEntry.objects.filter(
                content_type__model="engagement", action=LogEntry.Action.UPDATE
            ).values("object_id")
        )
        .order_by("pk")
        .first()
    )
    for url in (
        "/",
        engagement.get_absolute_url(),
        reverse("history"),
        reverse("history_record", args=["bilateral", "engagement", engagement.pk]),
    ):
        response = client.get(url)
        assert response.status_code == 200, url


def test_a_generated_consular_officer_lists_their_registrations_and_cases(generated, client_as):
    officer = User.objects.filter(username__startswith=f"generated-{SEED}-consular").first()
    client = client_as(officer)
    for name in ("consular:registration_list", "consular:case_list"):
        assert client.get(reverse(name)).status_code == 200, name


def test_generated_officers_have_desks_as_the_demo_users_have_them(generated):
    officers = User.objects.filter(username__startswith=f"generated-{SEED}-")
    assert officers.count() == 2  # one desk officer and one consular officer at this scale
    for officer in officers:
        desks = officer.desk_states.count()
        if officer.groups.filter(name="desk officer").exists():
            assert 1 <= desks <= 4
            assert officer.clearance >= Classification.RESTRICTED
        else:
            assert officer.groups.filter(name="consular officer").exists()
            assert officer.consular_missions.count() == 1
        assert not officer.has_usable_password()
