"""In a real Chromium, with the second factor required: a restricted-clearance officer sets up an
authenticator from the QR code's secret, keeps the recovery codes, and later logs in with one;
all under the content security policy and offline."""

from base64 import b32decode

import pytest
from django_otp.oath import totp
from playwright.sync_api import expect

from chancery.core.models import Classification

pytestmark = [
    pytest.mark.browser,
    pytest.mark.browser_writes,
    pytest.mark.django_db(transaction=True),
]


def log_in_with_password(page, live_server, username):
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", "pw")
    page.click("main button[type=submit]")


def test_an_officer_sets_up_the_second_factor_and_logs_in_with_a_recovery_code(
    watched, live_server, make_user, settings
):
    settings.CHANCERY_REQUIRE_2FA = True
    make_user("desk", Classification.RESTRICTED)
    page = watched

    log_in_with_password(page, live_server, "desk")
    page.wait_for_url("**/accounts/two-factor/enrol/**")
    expect(page.locator("#qr svg")).to_be_visible()
    secret = b32decode(page.locator("#secret").inner_text().replace(" ", ""))
    page.fill("#id_code", f"{totp(secret):06d}")
    page.click("main button[type=submit]")
    codes = page.locator("#recovery-codes li").all_inner_texts()
    assert len(codes) == 10
    page.get_by_role("link", name="Continue").click()
    page.wait_for_url(f"{live_server.url}/")

    page.click("#user-menu")
    page.get_by_role("button", name="Log out").click()
    log_in_with_password(page, live_server, "desk")
    page.wait_for_url("**/accounts/login/code/**")
    page.fill("#id_code", codes[0])
    page.click("main button[type=submit]")
    page.wait_for_url(f"{live_server.url}/")
    expect(page.locator("main").get_by_role("status")).to_contain_text("9 are left")
    assert page.violations == []
