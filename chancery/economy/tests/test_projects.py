"""A project's own rules: its components form a tree (never a cycle), a partner is a state or an
organisation (exactly one), a capacity or a length has its unit; bad input answers 400."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from chancery.economy.models import Project, ProjectPartner
from chancery.reference.models import Organization


def errors_of(record):
    with pytest.raises(ValidationError) as caught:
        record.full_clean()
    return caught.value.message_dict


# the tree ---------------------------------------------------------------------------------------
@pytest.fixture
def corridor_tree(make_project):
    """The Southern Gas Corridor with two components, one of which has a component."""
    root = make_project("Southern Gas Corridor")
    tanap = make_project("TANAP", parent=root)
    tap = make_project("TAP", parent=root)
    section = make_project("TANAP eastern section", parent=tanap)
    return root, tanap, tap, section


def test_a_project_cannot_be_a_component_of_itself(corridor_tree):
    root = corridor_tree[0]
    root.parent = root

    assert "parent" in errors_of(root)


def test_a_project_cannot_be_a_component_of_its_own_component(corridor_tree):
    root, tanap, _tap, section = corridor_tree
    root.parent = section  # section is in root's tree, two levels down

    assert "parent" in errors_of(root)
    tanap.parent = section
    assert "parent" in errors_of(tanap)


def test_a_project_may_move_under_another_branch_of_its_tree(corridor_tree):
    _root, _tanap, tap, section = corridor_tree
    section.parent = tap

    section.full_clean()


def test_the_edit_form_refuses_a_cycle_with_400_and_changes_nothing(
    corridor_tree, desk, client_as, form_data
):
    root, _tanap, _tap, section = corridor_tree

    response = client_as(desk).post(
        f"{root.get_absolute_url()}edit/", form_data(Project, desk, root, parent=section.pk)
    )

    assert response.status_code == 400
    assert "parent" in response.context["form"].errors
    root.refresh_from_db()
    assert root.parent is None


def test_the_edit_form_accepts_a_project_moved_within_its_tree(
    corridor_tree, desk, client_as, form_data
):
    _root, _tanap, tap, section = corridor_tree

    response = client_as(desk).post(
        f"{section.get_absolute_url()}edit/", form_data(Project, desk, section, parent=tap.pk)
    )

    assert response.status_code == 302
    section.refresh_from_db()
    assert section.parent == tap


# measures ---------------------------------------------------------------------------------------
def test_a_capacity_needs_its_unit_and_a_unit_its_capacity(make_project):
    project = make_project("TANAP")
    project.capacity_value = Decimal("16")
    assert "capacity_unit" in errors_of(project)

    project.capacity_value, project.capacity_unit = None, "bcm_year"
    assert "capacity_unit" in errors_of(project)

    project.capacity_value, project.length_value, project.length_unit = Decimal(16), 1850, "km"
    project.full_clean()
    assert (project.capacity_display, project.length_display) == ("16 bcm/year", "1850 km")


def test_a_unit_not_in_the_list_is_refused(make_project, desk, client_as, form_data):
    project = make_project("TANAP")

    response = client_as(desk).post(
        f"{project.get_absolute_url()}edit/",
        form_data(Project, desk, project, capacity_value="16", capacity_unit="cubits"),
    )

    assert response.status_code == 400
    assert "capacity_unit" in response.context["form"].errors


def test_the_end_may_not_come_before_the_start(make_project):
    project = make_project("TAP", start=datetime.date(2016, 5, 17))
    project.end = datetime.date(2016, 1, 1)

    assert "end" in errors_of(project)


# partners ---------------------------------------------------------------------------------------
@pytest.fixture
def company(db):
    return Organization.objects.create(name="Gas Company", kind="company")


def test_a_partner_is_a_state_or_an_organisation_not_both(make_project, states, company):
    partner = ProjectPartner(
        project=make_project("TANAP"), state=states["TR"], organization=company, role="host"
    )

    assert "organization" in errors_of(partner)


def test_a_partner_is_someone(make_project):
    partner = ProjectPartner(project=make_project("TANAP"), role="shareholder")

    assert "state" in errors_of(partner)


@pytest.mark.parametrize("who", ["state", "organization"])
def test_a_state_alone_or_an_organisation_alone_is_a_partner(make_project, states, company, who):
    partner = ProjectPartner(project=make_project("TANAP"), role="shareholder")
    setattr(partner, who, states["TR"] if who == "state" else company)

    partner.full_clean()


@pytest.mark.parametrize(
    ("values", "field"),
    [
        ({"share_percent": "150"}, "share_percent"),
        ({"share_percent": "-1"}, "share_percent"),
        ({"role": "landlord"}, "role"),
        ({"state": "", "organization": ""}, "state"),
        ({"state": "999999999999999999999"}, "state"),
    ],
)
def test_a_bad_partner_answers_400_naming_the_field_and_writes_nothing(
    make_project, states, desk, client_as, form_data, values, field
):
    project = make_project("TANAP")
    good = {"project": project.pk, "state": states["TR"].pk, "role": "host"}
    data = form_data(ProjectPartner, desk, **{**good, **values})

    response = client_as(desk).post("/economy/project-partners/add/", data)

    assert response.status_code == 400
    assert field in response.context["form"].errors
    assert not ProjectPartner.objects.exists()


def test_a_partner_is_listed_with_its_role_on_the_project_page(
    make_project, states, company, desk, client_as
):
    project = make_project("TANAP")
    ProjectPartner.objects.create(project=project, state=states["TR"], role="host")
    ProjectPartner.objects.create(
        project=project, organization=company, role="shareholder", share_percent=Decimal("58")
    )

    page = client_as(desk).get(project.get_absolute_url())

    section = next(s for s in page.context["related"] if s["record_type"].model is ProjectPartner)
    cells = [[str(cell["value"]) for cell in row] for row in section["rows"]]
    assert ["TANAP", "Turkey", "—", "Host or transit state", "—"] in cells
    assert ["TANAP", "—", "Gas Company", "Shareholder", "58.00"] in cells
