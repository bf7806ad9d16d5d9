"""The desk rule: a record restricted or above that concerns states or organisations is seen only
by their desks (and by leadership and administrators); records that require it follow it."""

import pytest
from django.urls import reverse

from chancery.bilateral.models import Agreement, AgreementParty, Engagement
from chancery.core.models import Classification, sees_every_desk
from chancery.core.tests.testapp.models import Dispatch
from chancery.multilateral.models import Organ
from chancery.reference.models import Country, Organization

R, C, S = Classification.RESTRICTED, Classification.CONFIDENTIAL, Classification.SECRET


@pytest.fixture
def turkiye(db):
    return Country.objects.create(alpha_2="TR", alpha_3="TUR", numeric="792", name="Türkiye")


@pytest.fixture
def oic(db):
    return Organization.objects.create(
        acronym="OIC", name="Organisation of Islamic Cooperation", kind="universal"
    )


@pytest.fixture
def dispatches(georgia, turkiye):
    made = {
        "open Georgia": (Classification.UNCLASSIFIED, georgia),
        "restricted Georgia": (R, georgia),
        "restricted Türkiye": (R, turkiye),
        "restricted of no state": (R, None),
        "secret Georgia": (S, georgia),
    }
    for subject, (level, country) in made.items():
        Dispatch.objects.create(subject=subject, classification=level, country=country)


def subjects(user):
    return sorted(Dispatch.objects.visible_to(user).values_list("subject", flat=True))


def test_a_desk_sees_the_restricted_records_of_its_state_and_no_other(
    make_user, dispatches, georgia
):
    officer = make_user("georgia desk", S, desks=[georgia])

    assert subjects(officer) == [
        "open Georgia",
        "restricted Georgia",
        "restricted of no state",
        "secret Georgia",
    ]


def test_without_a_desk_only_unclassified_records_of_states_are_seen(make_user, dispatches):
    analyst = make_user("analyst", S, role="analyst", desks=[])

    assert subjects(analyst) == ["open Georgia", "restricted of no state"]


def test_the_clearance_still_caps_a_desk(make_user, dispatches, georgia):
    officer = make_user("georgia desk", R, desks=[georgia])

    assert subjects(officer) == ["open Georgia", "restricted Georgia", "restricted of no state"]


@pytest.mark.parametrize("role", ["leadership", "administrator", "auditor"])
def test_leadership_administrators_and_auditors_see_every_desk(make_user, dispatches, role):
    user = make_user(role, S, role=role, desks=[])

    assert sees_every_desk(user)
    assert len(subjects(user)) == 5


@pytest.mark.parametrize(
    "role", ["desk officer", "multilateral officer", "treaty officer", "consular officer"]
)
def test_the_officers_roles_are_held_to_their_desks(make_user, role):
    assert not sees_every_desk(make_user(role, S, role=role, desks=[]))


def test_an_organisation_is_a_desk_and_concerns_itself(make_user, oic, georgia):
    oic.classification = R
    oic.save()
    organ = Organ.objects.create(organization=oic, name="Council of Foreign Ministers")
    oic_desk = make_user("oic desk", S, desks=[oic])
    georgia_desk = make_user("georgia desk", S, desks=[georgia])

    assert list(Organization.objects.visible_to(oic_desk)) == [oic]
    assert list(Organ.objects.visible_to(oic_desk)) == [organ]
    assert not Organization.objects.visible_to(georgia_desk).exists()
    assert not Organ.objects.visible_to(georgia_desk).exists()


def test_a_record_of_several_states_is_seen_by_the_desk_of_any_of_them(
    make_user, georgia, turkiye, oic
):
    talks = Engagement.objects.create(
        title="talks", kind="meeting", direction="outgoing", start="2016-01-01", classification=C
    )
    talks.countries.set([georgia, turkiye])
    talks.organizations.set([oic])

    for desk in (georgia, turkiye, oic):
        assert list(Engagement.objects.visible_to(make_user(f"desk {desk}", S, desks=[desk]))) == [
            talks
        ]
    assert not Engagement.objects.visible_to(make_user("elsewhere", S, desks=[])).exists()


def test_an_agreement_belongs_to_its_parties_desks_and_so_do_its_parties(
    make_user, georgia, turkiye, home_state
):
    agreement = Agreement.objects.create(
        title="border treaty", kind="treaty", scope="bilateral", classification=R
    )
    parties = [
        AgreementParty.objects.create(agreement=agreement, state=state)
        for state in (home_state, georgia)
    ]
    georgia_desk = make_user("georgia desk", S, desks=[georgia])
    turkiye_desk = make_user("türkiye desk", S, desks=[turkiye])

    assert list(Agreement.objects.visible_to(georgia_desk)) == [agreement]
    assert sorted(p.pk for p in AgreementParty.objects.visible_to(georgia_desk)) == sorted(
        p.pk for p in parties
    )
    assert not Agreement.objects.visible_to(turkiye_desk).exists()
    assert not AgreementParty.objects.visible_to(turkiye_desk).exists()


def test_search_never_matches_words_of_a_record_off_the_desk(make_user, georgia, turkiye):
    agreement = Agreement.objects.create(
        title="zeugma accord", kind="treaty", scope="bilateral", classification=R
    )
    AgreementParty.objects.create(agreement=agreement, state=georgia)
    turkiye_desk = make_user("türkiye desk", S, desks=[turkiye])

    found = AgreementParty.objects.matching(turkiye_desk, ["agreement__title"], "zeugma")

    assert not found.exists()


def test_pages_and_api_apply_the_rule(make_user, client_as, dispatches, turkiye):
    client = client_as(make_user("türkiye desk", S, desks=[turkiye]))
    hidden = Dispatch.objects.get(subject="restricted Georgia")

    listing = client.get(reverse("testapp:dispatch_list"))
    api = client.get(f"/api/testapp/dispatches/{hidden.pk}/")

    assert "restricted Türkiye" in listing.content.decode()
    assert "restricted Georgia" not in listing.content.decode()
    assert client.get(hidden.get_absolute_url()).status_code == 404
    assert api.status_code == 404


def test_the_rule_adds_no_query(make_user, dispatches, georgia, django_assert_num_queries):
    officer = make_user("georgia desk", S, desks=[georgia])
    sees_every_desk(officer)  # the user's permissions, read once per request

    with django_assert_num_queries(1):
        list(Dispatch.objects.visible_to(officer))
