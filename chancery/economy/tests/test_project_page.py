"""A project's page: the tree of components it is part of, its partners with their roles, its
milestones planned against actual with their slippage, the corridors it belongs to; the same
number of queries for a tree of three projects as for one of forty, and nothing the reader may
not see."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from chancery.core.models import Classification
from chancery.economy.models import Corridor, Milestone, ProjectPartner


def tree_names(node):
    """The tree as nested (name, [components]) pairs."""
    return (node["project"].name, [tree_names(c) for c in node["components"]])


@pytest.fixture
def corridor_tree(make_project, states):
    """The Southern Gas Corridor, TANAP and TAP under it, a section under TANAP; the corridor
    holds the root only."""
    root = make_project("Southern Gas Corridor")
    tanap = make_project("TANAP", parent=root)
    make_project("TAP", parent=root)
    section = make_project("TANAP eastern section", parent=tanap)
    corridor = Corridor.objects.create(name="Southern Gas Corridor", kind="energy")
    corridor.projects.add(root)
    ProjectPartner.objects.create(project=tanap, state=states["TR"], role="host")
    return root, tanap, section


def test_the_page_shows_the_whole_tree_from_its_root(corridor_tree, desk, client_as):
    _root, tanap, _section = corridor_tree

    page = client_as(desk).get(tanap.get_absolute_url())

    assert page.status_code == 200
    assert tree_names(page.context["tree"]) == (
        "Southern Gas Corridor",
        [("TANAP", [("TANAP eastern section", [])]), ("TAP", [])],
    )
    assert [p.name for p in page.context["ancestors"]] == ["Southern Gas Corridor"]
    html = page.content.decode()
    assert '<strong aria-current="page">TANAP</strong>' in html
    assert "TANAP eastern section" in html


def test_the_page_shows_the_corridors_of_the_projects_above(corridor_tree, desk, client_as):
    _root, _tanap, section = corridor_tree

    page = client_as(desk).get(section.get_absolute_url())

    assert [c.name for c in page.context["corridors_above"]] == ["Southern Gas Corridor"]


def test_the_page_lists_the_partners_and_the_milestones_with_slippage(
    corridor_tree, make_milestone, desk, client_as
):
    _root, tanap, _section = corridor_tree
    today = timezone.localdate()
    make_milestone(
        tanap,
        "Groundbreaking",
        planned=today - datetime.timedelta(days=20),
        actual=today - datetime.timedelta(days=5),
        status="reached",
    )

    page = client_as(desk).get(tanap.get_absolute_url())

    sections = {s["record_type"].model: s for s in page.context["related"]}
    partner = sections[ProjectPartner]["rows"][0]
    assert [str(cell["value"]) for cell in partner[1:4]] == [
        "Turkey",
        "—",
        "Host or transit state",
    ]
    [milestone] = sections[Milestone]["rows"]
    assert milestone[0]["value"] == "Groundbreaking"
    assert milestone[-1]["value"] == "15 days late"


def grow(make_project, make_milestone, root, states, size):
    """Components under `root`, three levels deep, each with a partner and a milestone."""
    parents = [root]
    for n in range(size):
        project = make_project(f"{root.name}: component {n}", parent=parents[n % len(parents)])
        ProjectPartner.objects.create(project=project, state=states["GE"], role="host")
        make_milestone(project, "Completion", planned=datetime.date(2020, 1, 1))
        if len(parents) < 3:
            parents.append(project)


def page_queries(client, url):
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
    assert response.status_code == 200
    return response, len(context.captured_queries)


def test_the_page_takes_as_many_queries_for_a_large_tree_as_for_a_small_one(
    make_project, make_milestone, states, desk, client_as, django_assert_num_queries
):
    client = client_as(desk)
    small = make_project("Small corridor")
    grow(make_project, make_milestone, small, states, 2)
    large = make_project("Large corridor")
    grow(make_project, make_milestone, large, states, 40)
    client.get(small.get_absolute_url())  # caches (content types, ...) filled once

    small_page, small_count = page_queries(client, small.get_absolute_url())
    with django_assert_num_queries(small_count):
        large_page = client.get(large.get_absolute_url())

    def size(node):
        return 1 + sum(size(c) for c in node["components"])

    assert (size(small_page.context["tree"]), size(large_page.context["tree"])) == (3, 41)


def test_a_component_the_reader_may_not_see_is_not_in_the_tree(
    corridor_tree, make_project, make_user, client_as
):
    root, tanap, _section = corridor_tree
    make_project("Secret spur", parent=root, classification=Classification.SECRET)
    reader = make_user("reader", Classification.CONFIDENTIAL)

    page = client_as(reader).get(tanap.get_absolute_url())

    assert "Secret spur" not in page.content.decode()
    assert tree_names(page.context["tree"])[1][-1] == ("TAP", [])


def test_a_project_under_a_hidden_one_shows_no_tree_above_it(make_project, make_user, client_as):
    hidden = make_project("Secret pipeline", classification=Classification.SECRET)
    visible = make_project("Public section", parent=hidden)
    reader = make_user("reader", Classification.CONFIDENTIAL)

    page = client_as(reader).get(visible.get_absolute_url())

    assert page.status_code == 200
    assert "Secret pipeline" not in page.content.decode()
    assert page.context["ancestors"] == []
