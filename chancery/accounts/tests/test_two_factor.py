"""The second factor: enrolment, the code step after the password, recovery codes, and the
middleware that requires it of users cleared for restricted records when it is on."""

import io
import re

import pytest
from django.core.management import call_command
from django_otp.oath import totp
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from chancery.accounts.views import ENROL_KEY
from chancery.core.models import Classification

ENROL = "/accounts/two-factor/enrol/"
CODE = "/accounts/login/code/"


def code_for(key: bytes) -> str:
    return f"{totp(key):06d}"


@pytest.fixture
def required(settings):
    settings.CHANCERY_REQUIRE_2FA = True


@pytest.fixture
def enrolled(make_user):
    """A restricted-clearance user with an authenticator and two recovery codes."""
    user = make_user("desk", Classification.RESTRICTED)
    device = TOTPDevice.objects.create(user=user, name="phone", confirmed=True)
    recovery = StaticDevice.objects.create(user=user, name="recovery")
    recovery.token_set.create(token="aaaabbbb")
    recovery.token_set.create(token="ccccdddd")
    return user, device


def logged_in_with_password(client, username):
    response = client.post("/accounts/login/", {"username": username, "password": "pw"})
    assert response.status_code == 302, response.content
    return response


# enrolment ----------------------------------------------------------------------------------
def test_enrolment_shows_the_secret_and_a_qr_code_as_inline_svg(make_user, client_as):
    client = client_as(make_user("desk", Classification.RESTRICTED))

    response = client.get(ENROL)

    page = response.content.decode()
    assert response.status_code == 200
    assert re.search(r'<code id="secret">[A-Z2-7 ]{32,}</code>', page)
    assert "<svg" in page
    assert "<script" not in page.split("</head>")[1]
    assert not TOTPDevice.objects.exists(), "a GET changes nothing"


def test_a_right_code_confirms_enrolment_and_shows_ten_recovery_codes_once(make_user, client_as):
    user = make_user("desk", Classification.RESTRICTED)
    client = client_as(user)
    client.get(ENROL)
    key = bytes.fromhex(client.session[ENROL_KEY])

    response = client.post(ENROL, {"code": code_for(key)})

    assert response.status_code == 200
    codes = re.findall(r"<li>([a-z2-7]{8})</li>", response.content.decode())
    assert len(codes) == 10
    assert TOTPDevice.objects.get(user=user).confirmed
    assert sorted(StaticToken.objects.values_list("token", flat=True)) == sorted(codes)
    again = client.get(ENROL).content.decode()
    assert not any(code in again for code in codes)
    assert "already has an authenticator" in again


def test_a_wrong_code_does_not_confirm_enrolment(make_user, client_as):
    client = client_as(make_user("desk", Classification.RESTRICTED))
    client.get(ENROL)

    response = client.post(ENROL, {"code": "000000"})

    assert response.status_code == 200
    assert "That code is not right" in response.content.decode()
    assert not TOTPDevice.objects.exists()


# the code step --------------------------------------------------------------------------------
def test_the_password_alone_leads_to_the_code_step_when_required(required, enrolled, client):
    logged_in_with_password(client, "desk")

    response = client.get("/")

    assert response.status_code == 302
    assert response["Location"] == f"{CODE}?next=%2F"


def test_a_right_code_completes_the_log_in(required, enrolled, client):
    _, device = enrolled
    logged_in_with_password(client, "desk")

    response = client.post(CODE, {"code": code_for(device.bin_key), "next": "/"})

    assert response.status_code == 302
    assert response["Location"] == "/"
    assert client.get("/").status_code == 200


def test_a_wrong_code_is_refused(required, enrolled, client):
    logged_in_with_password(client, "desk")

    response = client.post(CODE, {"code": "000000", "next": "/"})

    assert response.status_code == 200
    assert "That code is not right" in response.content.decode()
    assert client.get("/").status_code == 302


def test_a_recovery_code_logs_in_once(required, enrolled, client):
    logged_in_with_password(client, "desk")

    first = client.post(CODE, {"code": "AAAA BBBB", "next": "/"})

    assert first.status_code == 302
    assert client.get("/").status_code == 200
    assert not StaticToken.objects.filter(token="aaaabbbb").exists()
    client.post("/accounts/logout/")
    logged_in_with_password(client, "desk")
    second = client.post(CODE, {"code": "aaaabbbb", "next": "/"})
    assert second.status_code == 200
    assert "That code is not right" in second.content.decode()


def test_the_code_step_refuses_an_outside_next(required, enrolled, client):
    _, device = enrolled
    logged_in_with_password(client, "desk")

    response = client.post(
        CODE, {"code": code_for(device.bin_key), "next": "https://evil.example/"}
    )

    assert response["Location"] == "/"


# the middleware -------------------------------------------------------------------------------
def test_a_restricted_user_without_a_device_is_sent_to_enrolment(required, make_user, client_as):
    client = client_as(make_user("desk", Classification.RESTRICTED))

    response = client.get("/reference/countries/")

    assert response.status_code == 302
    assert response["Location"] == f"{ENROL}?next=%2Freference%2Fcountries%2F"


def test_an_unverified_session_gets_403_from_the_api(required, enrolled, client):
    logged_in_with_password(client, "desk")

    response = client.get("/api/reference/countries/")

    assert response.status_code == 403


def test_an_unclassified_user_is_not_forced(required, make_user, client_as):
    client = client_as(make_user("clerk", Classification.UNCLASSIFIED))

    assert client.get("/").status_code == 200


def test_no_one_is_forced_when_the_second_factor_is_off(make_user, client_as):
    client = client_as(make_user("desk", Classification.SECRET))

    assert client.get("/").status_code == 200


def test_the_log_in_page_says_when_the_second_factor_is_off(client, settings):
    settings.CHANCERY_REQUIRE_2FA = False
    assert "Two-factor authentication is off in this local demo" in client.get(
        "/accounts/login/"
    ).content.decode("utf-8")

    settings.CHANCERY_REQUIRE_2FA = True
    assert "Two-factor authentication is off" not in client.get("/accounts/login/").content.decode(
        "utf-8"
    )


# the administrator's way back -----------------------------------------------------------------
def test_reset_two_factor_removes_the_users_devices(required, enrolled, client):
    user, _ = enrolled
    out = io.StringIO()

    call_command("reset-two-factor", "desk", stdout=out)

    assert not TOTPDevice.objects.filter(user=user).exists()
    assert not StaticDevice.objects.filter(user=user).exists()
    assert "Removed 2" in out.getvalue()
    logged_in_with_password(client, "desk")
    assert client.get("/")["Location"].startswith(ENROL)
