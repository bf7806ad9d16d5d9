"""Passwords: Django's four validators, and the password change page that applies them."""

import pytest
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError

from chancery.core.models import Classification


@pytest.mark.parametrize(
    "password",
    ["short1!", "password12345", "83920174652019", "desk.officer.one"],
    ids=["too short", "common", "numeric", "like the user name"],
)
def test_a_weak_password_is_refused(make_user, password):
    user = make_user("desk.officer.one", email="desk.officer.one@mfa.example")

    with pytest.raises(ValidationError):
        validate_password(password, user)


def test_a_strong_password_is_accepted(make_user):
    user = make_user("desk")

    validate_password("Caspian-lighthouse-sings-at-dawn", user)


def test_the_password_change_page_refuses_a_weak_password(make_user, client_as):
    user = make_user("desk", Classification.RESTRICTED)

    response = client_as(user).post(
        "/accounts/password/",
        {"old_password": "pw", "new_password1": "password", "new_password2": "password"},
    )

    assert response.status_code == 200
    assert "too common" in response.content.decode()
    user.refresh_from_db()
    assert user.check_password("pw")


def test_the_password_change_page_changes_the_password(make_user, client_as):
    user = make_user("desk", Classification.RESTRICTED)
    new = "Caspian-lighthouse-sings-at-dawn"

    response = client_as(user).post(
        "/accounts/password/", {"old_password": "pw", "new_password1": new, "new_password2": new}
    )

    assert response.status_code == 302
    assert response["Location"] == "/accounts/password/done/"
    user.refresh_from_db()
    assert user.check_password(new)


def test_the_user_menu_links_the_password_change_and_tokens_pages(make_user, client_as):
    page = client_as(make_user("desk")).get("/").content.decode()

    assert 'href="/accounts/password/"' in page
    assert 'href="/accounts/tokens/"' in page
