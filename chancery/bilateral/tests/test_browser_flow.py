"""In a real Chromium, a desk officer's day: record a visit and the agreement signed at it,
follow a commitment to done, ask what was in force on a day, open the dossier and the briefing."""

import datetime
from pathlib import Path

import pytest
from django.conf import settings
from playwright.sync_api import expect

from chancery.bilateral.models import Agreement, Commission, Commitment
from chancery.bilateral.untc import import_untc_status
from chancery.core.models import SYSTEM, Classification
from chancery.core.tests.browser import pick
from chancery.reference.models import Country

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ICCPR = Path(settings.BASE_DIR) / "bilateral" / "data" / "untc-status" / "4-4.csv"


@pytest.fixture
def desk(article_loaded, sign_in, make_user):
    iccpr = Agreement.objects.create(
        title="International Covenant on Civil and Political Rights",
        kind="treaty",
        scope="multilateral",
        reference="IV-4",
        entry_into_force=datetime.date(1976, 3, 23),
        party_delay_months=3,
    )
    import_untc_status(ICCPR.read_text(encoding="utf-8"), iccpr, SYSTEM)
    user = make_user("desk", clearance=Classification.CONFIDENTIAL)
    commission = Commission.objects.create(
        name="AZ-GE commission", kind="intergovernmental", state=Country.objects.get(alpha_2="GE")
    )
    Commitment.objects.create(
        commission=commission,
        text="Open a border crossing",
        responsible="MFA",
        owner=user,
        due_on=datetime.date(2020, 1, 1),
    )
    return sign_in("desk")


@pytest.mark.browser_writes
def test_a_desk_officer_records_a_visit_and_the_agreement_signed_at_it(desk, live_server):
    georgia = Country.objects.get(alpha_2="GE")
    desk.goto(f"{live_server.url}/bilateral/engagements/add/")
    desk.fill("#id_title", "Official visit to Tbilisi")
    desk.select_option("#id_kind", "official_visit")
    desk.select_option("#id_level", "foreign_minister")
    desk.select_option("#id_direction", "outgoing")
    desk.fill("#id_start", "2026-12-01")
    pick(desk, "#id_countries", georgia.name)
    desk.click("main form button[type=submit]")
    expect(desk.locator("h1")).to_have_text("Official visit to Tbilisi")
    visit_url = desk.url

    desk.goto(f"{live_server.url}/bilateral/agreements/add/")
    desk.fill("#id_title", "Agreement on road transport")
    desk.select_option("#id_kind", "agreement")
    desk.select_option("#id_scope", "bilateral")
    pick(desk, "#id_concluded_at", "Official visit to Tbilisi")
    desk.click("main form button[type=submit]")
    expect(desk.locator("h1")).to_have_text("Agreement on road transport")

    desk.goto(visit_url)
    expect(desk.get_by_text("Agreement on road transport")).to_be_visible()
    desk.get_by_role("link", name="Briefing").click()
    expect(desk.locator("h1")).to_contain_text("Briefing")
    expect(desk.get_by_text("Open a border crossing")).to_be_visible()


@pytest.mark.browser_writes
def test_a_desk_officer_follows_a_commitment_to_done(desk, live_server):
    expect(desk.locator("#overdue-commitments")).to_contain_text("Open a border crossing")
    desk.get_by_role("link", name="Open a border crossing").click()
    desk.select_option("#id_status", "done")
    desk.fill("#id_note", "Crossing opened")
    desk.get_by_role("button", name="Add to the journal").click()
    expect(desk.locator("#journal")).to_contain_text("Crossing opened")
    desk.goto(f"{live_server.url}/")
    expect(desk.locator("#overdue-commitments")).to_have_count(0)


def test_a_desk_officer_asks_what_was_in_force_for_azerbaijan_on_a_day(desk, live_server):
    desk.goto(f"{live_server.url}/bilateral/treaty-status/")
    desk.fill("#id_on", "2016-01-01")
    desk.get_by_role("button", name="Show").click()
    row = desk.locator("tr", has_text="International Covenant on Civil and Political Rights")
    expect(row).to_contain_text("In force")

    desk.goto(f"{live_server.url}/bilateral/dossier/GE/")
    expect(desk.locator("h1")).to_contain_text("Georgia")
    expect(desk.get_by_text("AZ-GE commission")).to_be_visible()
