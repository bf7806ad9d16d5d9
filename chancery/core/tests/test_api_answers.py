"""The API answers what the pages answer (issue 14, point 8): the priorities, an organisation's
roll on a day, an agreement's parties on a day, and the country dossier. Each gives the page's
answer, only through `visible_to` (a record out of sight is missing: 404, never named), refuses
a bad day with a 400 naming `on`, and issues as many queries for many rows as for one."""

import datetime
import json

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from chancery.bilateral import status
from chancery.bilateral.models import Agreement, AgreementParty, Engagement
from chancery.bilateral.tests.test_dossier import add_records
from chancery.core.models import Classification
from chancery.multilateral.models import Membership, Organ
from chancery.reference.models import Country, Organization
from chancery.strategy.models import Priority

D = datetime.date
SECRET, RESTRICTED = Classification.SECRET, Classification.RESTRICTED
BAD_DAYS = ("2016-13-01", "yesterday", "2016-02-30")


@pytest.fixture
def readers(make_user):
    """Who reads: one cleared secret, one cleared restricted (every desk, so that the clearance
    alone hides)."""
    return make_user("reader", SECRET), make_user("lower", RESTRICTED)


def states(n, start=0, classification=Classification.UNCLASSIFIED):
    return [
        Country.objects.create(
            alpha_2=f"Q{chr(65 + i)}" if i < 26 else f"R{chr(39 + i)}",
            alpha_3=f"Q{i:02d}",
            numeric=f"9{i:02d}",
            name=f"State {i}",
            classification=classification,
        )
        for i in range(start, start + n)
    ]


def queries_of(client, url):
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
    assert response.status_code == 200, response.content
    return len(context.captured_queries)


def same_queries_for_many(client, urls, add_many, django_assert_num_queries, warm=True):
    """Each of `urls` answers in as many queries after `add_many()` as before it."""
    urls = [urls] if isinstance(urls, str) else urls
    if warm:
        client.get(urls[0])  # caches (content types, ...) filled once
    few = [queries_of(client, url) for url in urls]
    add_many()
    for url, count in zip(urls, few, strict=True):
        with django_assert_num_queries(count):
            assert client.get(url).status_code == 200


def assert_bad_day_refused(client, url):
    for bad in BAD_DAYS:
        response = client.get(url, {"on": bad})
        assert response.status_code == 400, (bad, response.content)
        assert "on" in response.json(), response.json()


def assert_missing_alike(client, hidden_url, missing_url):
    hidden, missing = client.get(hidden_url), client.get(missing_url)
    assert hidden.status_code == missing.status_code == 404
    assert hidden.json() == missing.json()


# the priorities ---------------------------------------------------------------------------------
def test_the_priorities_count_what_the_home_page_counts_and_nothing_out_of_sight(
    readers, client_as, home_state, django_assert_num_queries
):
    first = Priority.objects.create(code="first", order=1, title="First", short_title="First")
    Priority.objects.create(code="second", order=2, title="Second", short_title="Second")
    for level, title in ((Classification.UNCLASSIFIED, "Open visit"), (SECRET, "Quiet visit")):
        visit = Engagement.objects.create(
            title=title,
            kind="official_visit",
            direction="outgoing",
            start=D(2016, 1, 1),
            classification=level,
        )
        visit.priorities.add(first)
    home_state.priorities.add(first)
    reader, lower = readers

    for user, count in ((reader, 3), (lower, 2)):
        client = client_as(user)
        listed = client.get("/api/strategy/priorities/")
        page = client.get("/")
        counted = {s.priority.code: s.count for s in page.context["summaries"]}
        assert {p["code"]: p["count"] for p in listed.json()} == counted
        assert counted["first"] == count
        detail = client.get("/api/strategy/priorities/first/").json()
        assert detail["count"] == count
        assert {t["type"]: t["count"] for t in detail["by_type"]} == {
            "bilateral.engagement": count - 1,
            "reference.country": 1,
        }
        titles = {r["display"] for s in detail["sections"] for r in s["records"]}
        assert titles >= {"Open visit", "Azerbaijan"}
    assert "Quiet visit" not in listed.content.decode() + json.dumps(detail)
    assert client.get("/api/strategy/priorities/none/").status_code == 404

    def add_many():
        for i in range(12):
            Engagement.objects.create(
                title=f"Visit {i}",
                kind="official_visit",
                direction="outgoing",
                start=D(2016, 2, 1 + i),
            ).priorities.add(first)
        for state in states(5):
            state.priorities.add(first)

    urls = ["/api/strategy/priorities/", "/api/strategy/priorities/first/"]
    same_queries_for_many(client, urls, add_many, django_assert_num_queries, warm=False)


# an organisation's roll on a day ----------------------------------------------------------------
@pytest.fixture
def organisation(home_state):
    """An organisation: Azerbaijan a member since 1992 (a year), Georgia an observer until May
    2010 (a month), Secretland (secret) a member, and a seat in its council."""
    un = Organization.objects.create(name="United Nations", acronym="UN", kind="universal")
    council = Organ.objects.create(organization=un, name="Security Council", kind="council")
    (georgia,) = states(1)
    (secretland,) = states(1, 1, SECRET)
    Membership.objects.create(
        state=home_state,
        organization=un,
        status="member",
        since=D(1992, 1, 1),
        since_precision="year",
    )
    Membership.objects.create(
        state=georgia,
        organization=un,
        status="observer",
        until=D(2010, 5, 1),
        until_precision="month",
    )
    Membership.objects.create(state=secretland, organization=un, status="member")
    Membership.objects.create(
        state=home_state,
        organization=un,
        organ=council,
        status="member",
        since=D(2012, 1, 1),
        until=D(2013, 12, 31),
    )
    return un, council


def roll_of(client, organisation, day, organ=None):
    """The state names of the API's roll, checked against the page's and the memberships
    endpoint's `?on=`."""
    query = {"on": day} if day else {}
    if organ:
        query["organ"] = organ.pk
    answer = client.get(f"/api/reference/organizations/{organisation.pk}/roll/", query)
    assert answer.status_code == 200, answer.content
    page = client.get(reverse("multilateral:roll"), {"organization": organisation.pk, **query})
    ids = [m["id"] for m in answer.json()["memberships"]]
    assert ids == [m.pk for m in page.context["memberships"]]
    listed = client.get(
        "/api/multilateral/memberships/", {"organization": organisation.pk, **query}
    )
    in_force = {m["id"] for m in listed.json()["results"] if m["organ"] == (organ and organ.pk)}
    assert in_force == set(ids)
    return [m["state"]["display"] for m in answer.json()["memberships"]]


def test_the_roll_on_a_day_is_the_pages_and_leaves_out_what_is_out_of_sight(
    organisation, readers, client_as, django_assert_num_queries
):
    un, council = organisation
    reader, lower = readers
    client = client_as(reader)

    assert roll_of(client, un, "2010-05-31") == ["Azerbaijan", "State 0", "State 1"]
    assert roll_of(client, un, "2010-06-01") == ["Azerbaijan", "State 1"]
    assert roll_of(client, un, "1991-12-31") == ["State 0", "State 1"]
    assert roll_of(client, un, "2012-06-01", council) == ["Azerbaijan"]
    assert roll_of(client, un, "2014-01-01", council) == []
    assert roll_of(client_as(lower), un, "2010-05-31") == ["Azerbaijan", "State 0"]
    assert (
        "State 1"
        not in client_as(lower).get("/api/multilateral/memberships/?on=2011-01-01").content.decode()
    )

    url = f"/api/reference/organizations/{un.pk}/roll/"
    assert_bad_day_refused(client, url)
    assert_bad_day_refused(client, "/api/multilateral/memberships/")
    other = Organization.objects.create(name="Other", kind="regional")
    foreign = Organ.objects.create(organization=other, name="Other council", kind="council")
    assert "organ" in client.get(url, {"organ": foreign.pk}).json()
    hidden = Organization.objects.create(name="Hidden", kind="regional", classification=SECRET)
    assert_missing_alike(
        client_as(lower),
        f"/api/reference/organizations/{hidden.pk}/roll/",
        f"/api/reference/organizations/{hidden.pk + 1000}/roll/",
    )

    def add_many():
        for state in states(20, 2):
            Membership.objects.create(state=state, organization=un, status="member")

    same_queries_for_many(client, f"{url}?on=2016-01-01", add_many, django_assert_num_queries)


# an agreement's parties on a day ----------------------------------------------------------------
def test_an_agreements_parties_on_a_day_are_derived_as_the_treaty_status_page_derives_them(
    home_state, readers, client_as, django_assert_num_queries
):
    convention = Agreement.objects.create(
        title="Convention",
        kind="convention",
        scope="multilateral",
        entry_into_force=D(2000, 1, 1),
        party_delay_days=30,
    )
    (georgia,) = states(1)
    (secretland,) = states(1, 1, SECRET)
    AgreementParty.objects.create(
        agreement=convention,
        state=home_state,
        signature=D(1998, 1, 1),
        ratification=D(1999, 6, 1),
    )
    AgreementParty.objects.create(agreement=convention, state=georgia, accession=D(2005, 1, 1))
    AgreementParty.objects.create(agreement=convention, state=secretland, accession=D(2001, 1, 1))
    reader, lower = readers
    url = f"/api/bilateral/agreements/{convention.pk}/parties/"

    answer = client_as(reader).get(url, {"on": "2005-01-15"}).json()

    parties = {p["state"]["display"]: p for p in answer["parties"]}
    assert [(n, p["entry_into_force"], p["status"]) for n, p in parties.items()] == [
        ("Azerbaijan", "2000-01-01", "in_force"),
        ("State 0", "2005-01-31", "consented"),
        ("State 1", "2001-01-31", "in_force"),
    ]
    for state in (home_state, georgia, secretland):
        on_page = status.status_on(state, D(2005, 1, 15), reader)
        assert [item.status for item in on_page] == [parties[state.name]["status"]]
    seen = client_as(lower).get(url, {"on": "2005-01-15"}).content.decode()
    assert "State 1" not in seen and "State 0" in seen
    assert_bad_day_refused(client_as(reader), url)
    secret = Agreement.objects.create(
        title="Secret pact", kind="agreement", scope="bilateral", classification=SECRET
    )
    assert_missing_alike(
        client_as(lower),
        f"/api/bilateral/agreements/{secret.pk}/parties/",
        f"/api/bilateral/agreements/{secret.pk + 1000}/parties/",
    )

    for signed_out in (url, "/api/strategy/priorities/", "/api/bilateral/dossiers/GE/"):
        assert Client().get(signed_out).status_code == 401

    def add_many():
        for state in states(20, 2):
            AgreementParty.objects.create(
                agreement=convention, state=state, signature=D(2001, 1, 1)
            )

    same_queries_for_many(client_as(reader), url, add_many, django_assert_num_queries)


# the country dossier ----------------------------------------------------------------------------
def test_the_dossier_as_json_holds_the_pages_sections_and_nothing_out_of_sight(
    home_state, georgia, secret_country, readers, client_as, django_assert_num_queries
):
    add_records(home_state, georgia, 1)
    add_records(home_state, georgia, 1, SECRET)
    reader, lower = readers
    url = "/api/bilateral/dossiers/ge/"

    for user, levels in ((reader, {"unclassified", "secret"}), (lower, {"unclassified"})):
        client = client_as(user)
        answer = client.get(url, {"on": "2021-01-01"}).json()
        page = client.get(reverse("bilateral:dossier", args=["GE"]), {"on": "2021-01-01"})
        for section in ("missions", "engagements", "organisations", "people"):
            assert [r["id"] for r in answer[section]] == [r.pk for r in page.context[section]]
        assert [a["agreement"]["id"] for a in answer["agreements"]] == [
            a["agreement"].pk for a in page.context["agreements"]
        ]
        assert {c["commission"]["display"] for c in answer["commissions"]} == {
            f"Commission {level} 0" for level in levels
        }
        heads = {m["head"]["person"]["display"] for m in answer["missions"]}
        assert heads == {f"Ambassador {level} 0" for level in levels}
        assert answer["state"]["alpha_2"] == "GE" and answer["on"] == "2021-01-01"
    assert "secret 0" not in client.get(url).content.decode()
    assert_bad_day_refused(client, url)
    assert_missing_alike(client, "/api/bilateral/dossiers/XS/", "/api/bilateral/dossiers/XX/")

    same_queries_for_many(
        client_as(reader),
        url,
        lambda: add_records(home_state, georgia, 8, RESTRICTED),
        django_assert_num_queries,
    )
