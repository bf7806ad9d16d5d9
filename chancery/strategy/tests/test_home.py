"""The home page per role: the panels each role's first question of the day needs, the world
map and the priorities' charts, all counted through what the user may see."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from chancery.bilateral.models import Engagement
from chancery.core.models import Classification
from chancery.strategy.models import Priority

pytestmark = pytest.mark.django_db

PANELS = ("desk-states", "overdue-commitments", "treaty-work", "campaigns", "year-events")
PANELS += ("consular-brief", "recent-changes")
# the panels each role's home page shows, on data where each has something to show
EXPECTED = {
    "desk officer": {"desk-states"},
    "treaty officer": {"treaty-work"},
    "multilateral officer": set(),  # no candidacy of the home state: nothing to show
    "consular officer": {"consular-brief"},
    "leadership": {"year-events"},
    "analyst": {"year-events"},
    "auditor": {"recent-changes"},
    "administrator": {"recent-changes"},
}


def engagement(title, state, start, classification=Classification.UNCLASSIFIED, **fields):
    values = {
        "kind": Engagement.Kind.OFFICIAL_VISIT,
        "direction": Engagement.Direction.OUTGOING,
        **fields,
    }
    made = Engagement.objects.create(
        title=title, start=start, classification=classification, **values
    )
    made.countries.add(state)
    return made


@pytest.fixture
def priority(db):
    return Priority.objects.create(
        code="bilateral", order=4, title="Developing bilateral relations", short_title="Bilateral"
    )


def test_each_role_gets_the_panels_of_its_work(make_user, client_as, home_state, georgia):
    today = timezone.localdate()
    engagement("Talks in Tbilisi", georgia, today + datetime.timedelta(days=3))
    found = {}
    for role in EXPECTED:
        desks = [georgia] if role == "desk officer" else "every desk"
        user = make_user(role.replace(" ", "-"), Classification.SECRET, role=role, desks=desks)
        page = client_as(user).get(reverse("home")).content.decode()
        found[role] = {panel for panel in PANELS if f'id="{panel}"' in page}
        assert 'id="world-map"' in page, role

    assert found == EXPECTED


def test_a_desk_officer_sees_the_next_engagements_of_their_states_only_as_cleared(
    make_user, client_as, home_state, georgia
):
    today = timezone.localdate()
    engagement("Talks in Tbilisi", georgia, today + datetime.timedelta(days=3))
    engagement("Secret talks", georgia, today + datetime.timedelta(days=4), Classification.SECRET)
    engagement("Talks long ago", georgia, today - datetime.timedelta(days=400))
    officer = make_user("officer", Classification.CONFIDENTIAL, desks=[georgia])

    panel = client_as(officer).get(reverse("home")).content.decode().split('id="desk-states"')[1]

    assert "Talks in Tbilisi" in panel
    assert "Secret talks" not in panel and "Talks long ago" not in panel


def test_the_home_page_costs_the_same_queries_however_many_records(
    make_user, client_as, home_state, georgia, priority
):
    officer = make_user("officer", Classification.SECRET, role="leadership")
    client = client_as(officer)
    today = timezone.localdate()

    def queries():
        client.get(reverse("home"))  # the session and the compiled rules settle
        with CaptureQueriesContext(connection) as asked:
            assert client.get(reverse("home")).status_code == 200
        return len(asked)

    first = engagement("One", georgia, today - datetime.timedelta(days=30))
    first.priorities.add(priority)
    few = queries()
    for n in range(6):
        more = engagement(f"More {n}", georgia, today - datetime.timedelta(days=400 * n))
        more.priorities.add(priority)
    assert queries() == few


def test_the_map_shades_only_what_the_user_may_count(make_user, client_as, home_state, georgia):
    today = timezone.localdate()
    engagement("Open talks", georgia, today)
    engagement("Secret talks", georgia, today, Classification.SECRET)
    engagement("More secret talks", home_state, today, Classification.SECRET)
    cleared = make_user("cleared", Classification.SECRET)
    restricted = make_user("restricted", Classification.RESTRICTED)
    url = reverse("reference:world_map")

    secret = client_as(cleared).get(url, {"measure": "engagements"}).context["map"]
    plain = client_as(restricted).get(url, {"measure": "engagements"}).context["map"]
    unknown = client_as(restricted).get(url, {"measure": "nonsense"})

    assert {str(c): n for c, n in secret.table} == {"Georgia": 2, "Azerbaijan": 1}
    assert {str(c): n for c, n in plain.table} == {"Georgia": 1}
    assert unknown.status_code == 200 and unknown.context["measure"] == "engagements"
    shaded = {s.name for s in plain.states if s.fill != "#e9ecef"}
    assert shaded == {"Georgia"}


def test_leadership_sees_each_prioritys_records_by_year(
    make_user, client_as, home_state, georgia, priority
):
    for year in (1995, 1995, 2010):
        made = engagement(f"Visit {year}", georgia, datetime.date(year, 5, 1))
        made.priorities.add(priority)
    hidden = engagement("Secret", georgia, datetime.date(2010, 1, 1), Classification.SECRET)
    hidden.priorities.add(priority)
    analyst = make_user("analyst", Classification.RESTRICTED, role="analyst")

    response = client_as(analyst).get(reverse("home"))
    [summary] = [s for s in response.context["summaries"] if s.priority == priority]
    figures = {label: value for label, value, _url in summary.chart.table}

    assert figures["1995"] == 2 and figures["2010"] == 1 and figures["2000"] == 0
    assert min(figures) == "1991" and max(figures) == str(timezone.localdate().year)
    assert "Bilateral: records by year" in response.content.decode()
