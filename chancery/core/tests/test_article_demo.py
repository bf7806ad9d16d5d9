"""The foundation's promise: every demo user sees the ten priorities and the home state's status
in each organisation the article names, on the pages, through the API and in an XLSX export."""

import io
from pathlib import Path

import openpyxl
import pytest
import yaml
from django.conf import settings
from django.core.management import call_command
from django.http import HttpRequest
from django.test import Client

from chancery.multilateral.models import Membership
from chancery.reference.models import Organization

ARTICLE = Path(settings.BASE_DIR) / "data" / "article.yaml"
DEMO_USERS = ["admin", "desk", "consular", "analyst", "leadership"]


@pytest.fixture
def demo(demo_read):
    """The article and the demo, written once for this module."""


def organisations_named_with_a_status():
    data = yaml.safe_load(ARTICLE.read_text(encoding="utf-8"))
    by_key = {o.get("acronym") or o["name"]: o["name"] for o in data["organizations"]}
    return {by_key[m["organization"]] for m in data["memberships"] if m["state"] == "AZ"}


@pytest.mark.parametrize("username", DEMO_USERS)
def test_each_demo_user_sees_the_priorities_and_the_home_state_in_every_organisation(
    demo, username
):
    client = Client()
    assert client.login(
        request=HttpRequest(), username=username, password=settings.CHANCERY_DEMO_PASSWORD
    )
    expected = organisations_named_with_a_status()

    home = client.get("/")
    assert home.status_code == 200
    assert [s.priority.order for s in home.context["summaries"]] == list(range(1, 11))
    home_state = home.context["home_state"]
    assert home_state.alpha_2 == "AZ"

    listed, url = set(), f"/api/multilateral/memberships/?state={home_state.pk}&page_size=100"
    while url:
        page = client.get(url).json()
        listed |= {m["organization"] for m in page["results"]}
        url = page["next"]
    names = set(Organization.objects.filter(pk__in=listed).values_list("name", flat=True))
    assert names >= expected

    xlsx = client.get("/multilateral/memberships/export/xlsx/", {"state": home_state.pk})
    sheet = openpyxl.load_workbook(io.BytesIO(b"".join(xlsx.streaming_content))).active
    cells = {str(cell.value) for row in sheet.iter_rows() for cell in row}
    for name in expected:
        assert any(cell.startswith(name) for cell in cells), name

    page = client.get(home_state.get_absolute_url())
    memberships = Membership.objects.filter(state=home_state).count()
    section = next(s for s in page.context["related"] if s["record_type"].model is Membership)
    assert len(section["rows"]) == min(50, memberships)
    full_list = client.get(section["list_url"])  # "More…" leads to all of them
    assert full_list.context["page"].paginator.count == memberships


def test_the_demo_users_are_refused_outside_the_demo(db, settings):
    settings.DEMO = False
    with pytest.raises(Exception, match="CHANCERY_DEMO"):
        call_command("load-demo", stdout=io.StringIO())
