"""The consular demo: fictional people, plainly marked, only in the demo; the consular officer can
work every screen with them, the analyst sees no one."""

import io

import pytest
from django.conf import settings
from django.core.management import call_command
from django.http import HttpRequest
from django.test import Client

from chancery.bilateral.models import Engagement
from chancery.consular import crisis as accounting
from chancery.consular.models import Case, Crisis, Registration
from chancery.core.registry import registry
from chancery.diaspora.models import DiasporaOrganization


@pytest.fixture
def demo(demo_read):
    """The article and the demo, written once for this module."""


def signed_in(username):
    client = Client()
    assert client.login(
        request=HttpRequest(), username=username, password=settings.CHANCERY_DEMO_PASSWORD
    )
    return client


def test_every_person_of_the_demo_is_marked_fictional(demo):
    assert Registration.objects.exists()
    assert all("FICTIONAL" in r.purpose for r in Registration.objects.all())
    assert all(c.summary.startswith("FICTIONAL") for c in Case.objects.all())
    assert all(c.name.startswith("FICTIONAL") for c in Crisis.objects.all())


def test_loading_the_demo_twice_adds_nothing(demo):
    before = (Registration.objects.count(), Case.objects.count(), Crisis.objects.count())
    call_command("load-demo", stdout=io.StringIO())
    assert (Registration.objects.count(), Case.objects.count(), Crisis.objects.count()) == before


def test_the_consular_officer_reads_the_people_and_runs_the_detention_case(demo):
    client = signed_in("consular")
    registrations = client.get(registry[Registration].list_url)
    assert registrations.context["page"].paginator.count == Registration.objects.count()
    detention = Case.objects.get(kind=Case.Kind.DETENTION)
    assert not detention.breaches_deadline()
    page = client.get(detention.get_absolute_url())
    assert page.status_code == 200
    assert [s["value"] for s in page.context["steps"]][:1] == [Case.Status.ASSIGNED]


def test_the_crisis_lists_who_was_registered_in_its_cities(demo):
    crisis = Crisis.objects.get()
    officer = signed_in("consular")
    page = officer.get(crisis.get_absolute_url())
    expected = {r.pk for r in Registration.objects.filter(city__in=crisis.city_names)}
    assert expected
    assert {r.pk for r in page.context["rows"]} == expected
    assert page.context["counts"]["total"] == len(expected)


def test_the_analyst_sees_no_one_but_counts_them(demo):
    client = signed_in("analyst")
    assert client.get(registry[Registration].list_url).context["page"].paginator.count == 0
    crisis = Crisis.objects.get()
    page = client.get(crisis.get_absolute_url())
    assert page.status_code == 200
    assert "rows" not in page.context
    analyst = page.context["user"]
    assert (
        page.context["counts"]["total"]
        == accounting.in_area(crisis, Registration.objects.countable_by(analyst)).count()
    )
    for registration in Registration.objects.all():
        assert registration.surname_latin not in page.content.decode()


def test_fictional_diaspora_organisations_took_part_in_the_congress(demo):
    congress = Engagement.objects.get(title="Second Congress of Azerbaijanis of the World")
    organizations = DiasporaOrganization.objects.filter(engagements=congress)
    assert organizations.count() == 3
    assert all(o.name.startswith("FICTIONAL") for o in organizations)
    page = signed_in("desk").get(congress.get_absolute_url())
    related = [s for s in page.context["related"] if s["record_type"].model is DiasporaOrganization]
    assert len(related) == 1 and len(related[0]["rows"]) == 3
