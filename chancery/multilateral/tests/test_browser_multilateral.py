"""In a real Chromium, on the article's data: a membership roll asked through the form, the
ECOSOC campaign page with its tally, and the alignment chart drawn without a CSP violation."""

import datetime

import pytest
from playwright.sync_api import expect

from chancery.core.tests.browser import pick
from chancery.multilateral.models import Organ, Resolution, Vote
from chancery.reference.models import Country

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def votes(article_loaded):
    """Azerbaijan and Georgia on six General Assembly votes over two years."""
    assembly = Organ.objects.get(acronym="UNGA")
    azerbaijan, georgia = Country.objects.get(alpha_2="AZ"), Country.objects.get(alpha_2="GE")
    pairs = [(1, 1), (1, 2), (1, 3), (1, 1), (2, 2), (3, 3)]
    for i, (ours, theirs) in enumerate(pairs):
        resolution = Resolution.objects.create(
            organ=assembly,
            symbol=f"A/RES/70/{i}",
            date=datetime.date(2015 + i // 3, 12, 1),
            title=f"Resolution {i}",
        )
        Vote.objects.create(resolution=resolution, state=azerbaijan, vote=ours)
        Vote.objects.create(resolution=resolution, state=georgia, vote=theirs)
    return georgia


def test_a_desk_officer_asks_the_roll_of_the_security_council_on_a_day(signed_in, live_server):
    signed_in.goto(f"{live_server.url}/multilateral/roll/")
    pick(signed_in, "#id_organization", "United Nations (UN)", typed="United Nations")
    signed_in.select_option("#id_organ", label="United Nations Security Council (UNSC)")
    signed_in.fill("#id_on", "2013-03-01")
    signed_in.click("main form button[type=submit]")

    expect(signed_in.locator("#roll tbody tr")).to_have_count(1)
    assert "Azerbaijan" in signed_in.locator("#roll").inner_text()
    assert signed_in.violations == []


def test_the_ecosoc_campaign_page_shows_the_final_tally(signed_in, live_server):
    signed_in.goto(f"{live_server.url}/multilateral/candidacies/")
    signed_in.get_by_role("link", name="Azerbaijan · ECOSOC 2017 to 2019").first.click()

    expect(signed_in.locator("#final-tally")).to_contain_text("176")
    expect(signed_in.locator("#final-tally")).to_contain_text("184")
    assert signed_in.violations == []


def test_the_alignment_chart_is_drawn_under_the_csp(signed_in, live_server, votes):
    signed_in.goto(f"{live_server.url}/multilateral/alignment/")
    pick(signed_in, "#id_other", "Georgia")
    signed_in.click("main form button[type=submit]")

    expect(signed_in.locator("#alignment-chart")).to_be_visible()
    expect(signed_in.locator("#alignment-chart circle")).to_have_count(2)
    # 2015: 1, 0.5, 0 -> 50 %; 2016: all the same -> 100 %; together 5 of 6 halves -> 75 %
    expect(signed_in.locator("#alignment-overall")).to_contain_text("75.0")
    assert signed_in.violations == []
