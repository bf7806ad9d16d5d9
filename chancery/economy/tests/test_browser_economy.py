"""In a real Chromium, on the demo: the Southern Gas Corridor's page draws its tree of
components, and the aid report totals AIDA's (fictional) projects per currency; both under the
content security policy and offline."""

import pytest
from playwright.sync_api import expect

from chancery.economy.models import Project

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def analyst_page(demo_loaded, watched, sign_in, settings):
    sign_in("analyst", settings.CHANCERY_DEMO_PASSWORD)
    return watched


def test_the_southern_gas_corridor_page_draws_its_components(analyst_page, live_server):
    corridor = Project.objects.get(name="Southern Gas Corridor")
    analyst_page.goto(f"{live_server.url}{corridor.get_absolute_url()}")

    tree = analyst_page.locator(".project-tree")
    for component in ("Shah Deniz-2", "TANAP", "TAP"):
        expect(tree.get_by_role("link", name=component, exact=True)).to_be_visible()
    expect(tree.locator("[aria-current=page]")).to_have_text("Southern Gas Corridor")
    assert analyst_page.violations == []


def test_the_aid_report_totals_aidas_projects_per_currency(analyst_page, live_server):
    analyst_page.goto(f"{live_server.url}/economy/aid/report/")

    overall = analyst_page.locator("#aid-overall")
    expect(overall).to_contain_text("USD")
    expect(overall).to_contain_text("AZN")
    expect(overall).to_contain_text("2,050,000")
    assert analyst_page.violations == []
