"""Economy test records: three states on a route, an aid agency, a desk officer who may edit the
area, and makers of projects, milestones and aid projects. A test module may define its own fixture
of the same name, which then takes precedence."""

import pytest

from chancery.core.conflicts import VERSION_FIELD, version_of
from chancery.core.forms import form_over
from chancery.core.models import Classification
from chancery.core.registry import registry
from chancery.economy.models import AidProject, Milestone, Project
from chancery.reference.models import Country, Organization


@pytest.fixture
def states(home_state):
    """Azerbaijan, Georgia and Turkey, by alpha-2 code."""
    return {
        "AZ": home_state,
        "GE": Country.objects.create(alpha_2="GE", alpha_3="GEO", numeric="268", name="Georgia"),
        "TR": Country.objects.create(alpha_2="TR", alpha_3="TUR", numeric="792", name="Turkey"),
    }


@pytest.fixture
def agency(db):
    return Organization.objects.create(
        name="Azerbaijan International Development Agency", acronym="AIDA", kind="national_agency"
    )


@pytest.fixture
def desk(make_user):
    """A desk officer cleared to confidential: may change the area's records."""
    return make_user("desk", Classification.CONFIDENTIAL)


@pytest.fixture
def make_project(db):
    def make(name, parent=None, **values):
        values.setdefault("kind", "energy")
        return Project.objects.create(name=name, parent=parent, **values)

    return make


@pytest.fixture
def make_milestone(db):
    def make(project, title="Step", **values):
        return Milestone.objects.create(project=project, title=title, **values)

    return make


@pytest.fixture
def make_aid(agency):
    def make(title, recipient, sector="health", amount=None, currency="", **values):
        values.setdefault("status", "ongoing")
        return AidProject.objects.create(
            title=title,
            agency=values.pop("agency", agency),
            recipient=recipient,
            sector=sector,
            amount=amount,
            currency=currency,
            **values,
        )

    return make


@pytest.fixture
def form_data():
    """What a record type's form would post: the instance's values (or the defaults) with
    `values` over them."""

    def data(model, user, instance=None, **values):
        posted = dict(form_over(registry[model].form_class, instance, values, user=user).data)
        if instance is not None:
            posted[VERSION_FIELD] = version_of(instance)  # the version the edit started from
        return posted

    return data
