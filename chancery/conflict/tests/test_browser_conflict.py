"""In a real Chromium, on the article's data: the report asked for April 2016 through its form
shows the article's 34 cities and villages, and a draft's differences are drawn with the
stylesheet's classes, both without a CSP violation."""

import datetime

import pytest
from playwright.sync_api import expect

from chancery.conflict.models import DraftVersion, NegotiationTrack

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_desk_officer_asks_the_report_for_april_2016(signed_in, live_server):
    signed_in.goto(f"{live_server.url}/")
    signed_in.get_by_role("button", name="Reports").click()
    signed_in.get_by_role("link", name="Casualties and damage report").click()
    signed_in.fill("#id_start", "2016-04-01")
    signed_in.fill("#id_end", "2016-04-30")
    signed_in.click("main form button[type=submit]")

    damage = signed_in.locator("#table-damage-by-object-type")
    expect(damage.get_by_role("row", name="Cities and villages")).to_contain_text("34")
    expect(signed_in.locator("#table-casualties-by-period")).to_contain_text("without a number")
    assert signed_in.violations == []


def test_a_drafts_differences_are_drawn_under_the_csp(signed_in, live_server):
    track = NegotiationTrack.objects.get(name="Legal status of the Caspian Sea")
    DraftVersion.objects.create(
        track=track,
        instrument="Draft convention on the legal status of the Caspian Sea",
        label="A later test version",
        date=datetime.date(2017, 1, 1),
        text="Article 1. A line added.",
    )
    signed_in.goto(f"{live_server.url}{track.get_absolute_url()}")
    signed_in.get_by_role("link", name="A later test version").click()

    added = signed_in.locator("#diff tr.diff-added")
    expect(added).to_contain_text("Article 1. A line added.")
    background = added.locator("td").first.evaluate(
        "cell => getComputedStyle(cell).backgroundColor"
    )
    assert background == "rgb(230, 244, 234)"
    assert signed_in.violations == []
