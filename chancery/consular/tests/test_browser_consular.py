"""In a real Chromium, on the demo: the consular officer accounts for a person in the crisis
(the row and the counts change in place) and takes the detention case its first step, all under
the content security policy."""

import datetime

import pytest
from playwright.sync_api import expect

from chancery.consular.models import Case, Crisis, CrisisCheck, Registration

pytestmark = [
    pytest.mark.browser,
    pytest.mark.browser_writes,
    pytest.mark.django_db(transaction=True),
]


@pytest.fixture
def officer_page(demo_loaded, watched, sign_in, settings):
    sign_in("consular", settings.CHANCERY_DEMO_PASSWORD)
    return watched


def test_marking_a_person_in_the_crisis_updates_the_row_and_the_counts(officer_page, live_server):
    crisis = Crisis.objects.get()
    officer_page.goto(f"{live_server.url}{crisis.get_absolute_url()}")
    expect(officer_page.locator("#count-accounted")).to_have_text("0")
    row = officer_page.locator("#crisis-persons tbody tr").first

    row.locator("select[name=status]").select_option("accounted")
    row.locator("button[type=submit]").click()

    expect(officer_page.locator("#count-accounted")).to_have_text("1")
    expect(officer_page.locator("#crisis-persons tbody tr").first).to_contain_text("consular")
    assert CrisisCheck.objects.filter(crisis=crisis, status="accounted").count() == 1
    assert officer_page.violations == []


def test_the_detention_case_is_taken_by_the_officer(officer_page, live_server):
    case = Case.objects.get(kind=Case.Kind.DETENTION)
    officer_page.goto(f"{live_server.url}{case.get_absolute_url()}")

    officer_page.locator("#case-steps form").first.locator("button[type=submit]").click()

    expect(officer_page.locator("#journal")).to_contain_text("assigned")
    case.refresh_from_db()
    assert case.status == Case.Status.ASSIGNED
    assert case.officer.username == "consular"
    assert officer_page.violations == []


def test_a_citizen_registers_a_trip_and_the_officer_confirms_it(
    demo_loaded, watched, sign_in, live_server, settings
):
    page = watched
    today = datetime.date.today()
    page.goto(f"{live_server.url}/consular/register/")
    page.fill("#id_surname_latin", "Testova")
    page.fill("#id_given_names_latin", "Nigar")
    page.fill("#id_date_of_birth", "1992-02-03")
    page.fill("#id_travel_document", "C1234321")
    page.select_option("#id_country", label="Georgia")
    page.fill("#id_city", "Tbilisi")
    page.fill("#id_arrives_on", (today + datetime.timedelta(days=3)).isoformat())
    page.fill("#id_leaves_on", (today + datetime.timedelta(days=10)).isoformat())
    page.fill("#id_email", "nigar@example.org")
    page.check("#id_consent")
    page.click("main button[type=submit]")

    reference = page.locator("#reference").inner_text()
    registration = Registration.objects.get(reference=reference)
    assert registration.status == Registration.Status.PENDING
    assert registration.mission.host_state.alpha_2 == "GE"

    sign_in("consular", settings.CHANCERY_DEMO_PASSWORD)
    page.goto(f"{live_server.url}{registration.get_absolute_url()}")
    page.locator("#registration-confirmation button", has_text="Confirm").click()

    expect(page.locator("#registration-confirmation")).not_to_contain_text("waits for")
    registration.refresh_from_db()
    assert registration.status == Registration.Status.CONFIRMED
    assert page.violations == []
