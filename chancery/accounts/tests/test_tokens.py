"""API tokens: a token acts as its owner, with the owner's rights and nothing more; only its
hash is kept; it expires and can be revoked; a user manages only their own."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone

from chancery.accounts.models import ApiToken
from chancery.accounts.tokens import hash_key, issue_token
from chancery.core.models import Classification

API = "/api/testapp/dispatches/"
TOKENS = "/accounts/tokens/"


def auth(key):
    return {"Authorization": f"Token {key}"}


def later(days=30):
    return timezone.now() + timedelta(days=days)


@pytest.fixture
def officer(make_user):
    return make_user("officer", Classification.CONFIDENTIAL)


def test_a_token_sees_exactly_what_its_user_sees(
    officer, client, client_as, dispatch_at_each_level
):
    _, key = issue_token(officer, "script", later())

    by_token = client.get(API, headers=auth(key))
    by_session = client_as(officer).get(API)

    assert by_token.status_code == 200
    subjects = {row["subject"] for row in by_token.json()["results"]}
    assert subjects == {row["subject"] for row in by_session.json()["results"]}
    assert "dispatch secret" not in subjects
    assert "dispatch confidential" in subjects


def test_a_token_records_when_it_was_last_used(officer, client, dispatch_at_each_level):
    token, key = issue_token(officer, "script", later())

    client.get(API, headers=auth(key))

    token.refresh_from_db()
    assert token.last_used is not None


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"expires": timezone.now() - timedelta(seconds=1)}, "expired"),
        ({"revoked_at": timezone.now()}, "revoked"),
    ],
    ids=["expired", "revoked"],
)
def test_an_expired_or_revoked_token_gets_401(officer, client, change, message):
    token, key = issue_token(officer, "script", later())
    ApiToken.objects.filter(pk=token.pk).update(**change)

    response = client.get(API, headers=auth(key))

    assert response.status_code == 401
    assert message in response.json()["detail"]


def test_a_token_of_an_inactive_user_gets_401(officer, client):
    _, key = issue_token(officer, "script", later())
    officer.is_active = False
    officer.save()

    response = client.get(API, headers=auth(key))

    assert response.status_code == 401
    assert "inactive" in response.json()["detail"]


def test_an_unknown_token_gets_401(db, client):
    response = client.get(API, headers=auth("not-a-key"))

    assert response.status_code == 401
    assert response["WWW-Authenticate"] == "Token"


def test_the_page_shows_a_new_key_once_and_keeps_only_its_hash(officer, client_as):
    client = client_as(officer)
    expires = (timezone.localdate() + timedelta(days=90)).isoformat()

    response = client.post(TOKENS, {"name": "nightly export", "expires": expires})

    key = re.search(r'<code id="new-key"[^>]*>([^<]+)</code>', response.content.decode())[1]
    token = ApiToken.objects.get(user=officer)
    assert token.key_hash == hash_key(key)
    assert token.prefix == key[:8]
    assert key not in str(ApiToken.objects.filter(pk=token.pk).values().get())
    assert key not in client.get(TOKENS).content.decode()
    assert token.prefix in client.get(TOKENS).content.decode()


def test_the_page_refuses_an_expiry_beyond_a_year(officer, client_as):
    too_far = (timezone.localdate() + timedelta(days=366)).isoformat()

    response = client_as(officer).post(TOKENS, {"name": "forever", "expires": too_far})

    assert "at most 365 days" in response.content.decode()
    assert not ApiToken.objects.exists()


def test_the_page_offers_ninety_days_by_default(officer, client_as):
    page = client_as(officer).get(TOKENS).content.decode()

    assert (timezone.localdate() + timedelta(days=90)).isoformat() in page


def test_a_user_revokes_their_own_token(officer, client_as, client):
    token, key = issue_token(officer, "script", later())

    response = client_as(officer).post(f"{TOKENS}{token.pk}/revoke/")

    assert response.status_code == 302
    token.refresh_from_db()
    assert token.revoked_at is not None
    assert client.get(API, headers=auth(key)).status_code == 401


def test_a_user_cannot_revoke_or_see_another_users_token(officer, make_user, client_as):
    token, _ = issue_token(officer, "someone else's", later())
    other = client_as(make_user("other", Classification.SECRET))

    assert other.post(f"{TOKENS}{token.pk}/revoke/").status_code == 404
    assert "someone else" not in other.get(TOKENS).content.decode()
    token.refresh_from_db()
    assert token.revoked_at is None


def test_revoking_needs_a_post(officer, client_as):
    token, _ = issue_token(officer, "script", later())

    assert client_as(officer).get(f"{TOKENS}{token.pk}/revoke/").status_code == 405
