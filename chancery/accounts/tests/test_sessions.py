"""A session ends after CHANCERY_SESSION_MINUTES without a request; each request pushes the end
back, writing the session at most once a minute. Time is moved by moving the session's stored
end, not by sleeping."""

from datetime import timedelta

from django.conf import settings
from django.contrib.sessions.models import Session
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from chancery.core.models import Classification


def stored_session(client):
    return Session.objects.get(session_key=client.session.session_key)


def test_a_session_lasts_thirty_minutes_of_inactivity_by_default():
    assert settings.SESSION_COOKIE_AGE == 30 * 60


def test_each_request_pushes_the_end_of_the_session_back(make_user, client_as):
    client = client_as(make_user("desk", Classification.RESTRICTED))
    session = stored_session(client)
    session.expire_date = timezone.now() + timedelta(minutes=1)  # 29 minutes idle
    session.save()

    assert client.get("/").status_code == 200

    remaining = stored_session(client).expire_date - timezone.now()
    assert timedelta(minutes=29) < remaining <= timedelta(minutes=30)


def test_a_request_within_a_minute_of_the_last_write_leaves_the_stored_session_as_it_is(
    make_user, client_as
):
    client = client_as(make_user("desk", Classification.RESTRICTED))
    session = stored_session(client)
    session.expire_date = timezone.now() + timedelta(minutes=29, seconds=30)  # 30 seconds idle
    session.save()

    with CaptureQueriesContext(connection) as asked:
        assert client.get("/").status_code == 200

    assert stored_session(client).expire_date == session.expire_date
    assert not [q for q in asked.captured_queries if q["sql"].startswith("UPDATE")]


def test_a_session_idle_past_its_end_is_logged_out(make_user, client_as):
    client = client_as(make_user("desk", Classification.RESTRICTED))
    session = stored_session(client)
    session.expire_date = timezone.now() - timedelta(seconds=1)  # 30 minutes idle
    session.save()

    response = client.get("/")

    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_the_session_cookie_is_http_only_and_same_site(make_user, client):
    make_user("desk")

    client.post("/accounts/login/", {"username": "desk", "password": "pw"})

    cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    assert cookie["httponly"]
    assert cookie["samesite"] == "Lax"
    assert cookie["max-age"] == ""  # also ends when the browser closes
