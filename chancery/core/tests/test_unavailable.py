"""Errors reach the API's clients as JSON, and a database that is down or read-only answers 503
with a message (JSON under /api/, a page elsewhere), never a 500 page, and writes nothing."""

import contextlib
import datetime
from unittest import mock

import pytest
from django.db import DataError, OperationalError, connection, transaction
from django.test import Client
from django.urls import reverse

from chancery.accounts import sessions
from chancery.core.models import Classification
from chancery.core.tests.testapp.models import Dispatch

DISPATCHES = "/api/testapp/dispatches/"


@pytest.fixture
def boss(make_user):
    return make_user("boss", Classification.SECRET, role=None, is_superuser=True)


@pytest.fixture
def client(boss):
    """Signed in; a server error comes back as the response the user would get."""
    client = Client(raise_request_exception=False)
    client.force_login(boss)
    return client


@contextlib.contextmanager
def read_only_database():
    """The database refuses every write, as a read-only file or a standby would, until the
    block ends."""
    with transaction.atomic(), connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SET LOCAL transaction_read_only = on")
            yield
            transaction.set_rollback(True)  # and with it the setting
        else:
            cursor.execute("PRAGMA query_only = ON")
            try:
                yield
            finally:
                cursor.execute("PRAGMA query_only = OFF")


@contextlib.contextmanager
def database_down():
    """Every query fails as it does when the server is gone."""
    refused = OperationalError("connection to server failed: Connection refused")
    with mock.patch.object(connection, "_cursor", side_effect=refused):
        yield


def test_an_unknown_api_address_answers_404_in_json(client):
    response = client.get("/api/no/such/thing/")

    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"
    assert response.json() == {"detail": "Not found."}


def test_a_method_an_api_address_does_not_take_answers_405_in_json(client, boss):
    dispatch = Dispatch.objects.create(subject="A note")

    response = client.post(f"{DISPATCHES}{dispatch.pk}/", {}, content_type="application/json")

    assert response.status_code == 405
    assert "detail" in response.json()


def test_an_unexpected_error_in_the_api_answers_500_in_json(client):
    with mock.patch("chancery.core.api.RecordViewSet.list", side_effect=RuntimeError("bug")):
        response = client.get(DISPATCHES)

    assert response.status_code == 500
    assert response["Content-Type"] == "application/json"
    assert "server error" in response.json()["detail"]


def test_a_value_the_database_refuses_answers_400_not_500(client):
    refused = DataError("PostgreSQL text fields cannot contain NUL (0x00) bytes")
    with mock.patch("chancery.core.api.RecordViewSet.list", side_effect=refused):
        api = client.get(DISPATCHES)
    with mock.patch("chancery.core.views.RecordListView.get", side_effect=refused):
        page = client.get(reverse("testapp:dispatch_list"))

    assert api.status_code == 400
    assert "NUL" in api.json()["detail"]
    assert page.status_code == 400


@pytest.mark.parametrize("filter_", ["priority", "country"])
def test_a_filter_choice_holding_nul_answers_400(client, filter_):
    response = client.get(f"{DISPATCHES}?{filter_}=%00")

    assert response.status_code == 400
    assert filter_ in response.json()


def test_an_unknown_page_still_answers_an_html_404(client):
    response = client.get("/no/such/page/")

    assert response.status_code == 404
    assert response["Content-Type"].startswith("text/html")


def test_a_write_to_a_read_only_database_answers_503_in_json_and_writes_nothing(client):
    with read_only_database():
        response = client.post(DISPATCHES, {"subject": "A note"}, content_type="application/json")

    assert response.status_code == 503
    assert "read-only" in response.json()["detail"]
    assert response["Retry-After"]
    assert not Dispatch.objects.exists()


def test_a_form_saved_to_a_read_only_database_answers_a_503_page(client):
    data = {"subject": "A note", "channel": "cable", "pages": "1", "classification": "0"}
    data["sent_on_precision"] = "day"

    with read_only_database():
        response = client.post(reverse("testapp:dispatch_add"), data)

    assert response.status_code == 503
    assert "nothing was changed" in response.content.decode()
    assert not Dispatch.objects.exists()


def test_a_page_read_while_the_database_is_read_only_answers_and_503_when_its_session_is_due(
    client, monkeypatch
):
    with read_only_database():
        read = client.get(reverse("testapp:dispatch_list"))
        monkeypatch.setattr(sessions, "REFRESH", datetime.timedelta(0))
        due = client.get(reverse("testapp:dispatch_list"))

    assert read.status_code == 200  # the session, written at log-in, is not written again yet
    assert due.status_code == 503  # its end pushed back, it could not be written: not a 400
    assert "read-only" in due.content.decode()


def test_the_api_answers_503_in_json_when_the_database_is_down(client):
    with database_down():
        response = client.get(DISPATCHES)

    assert response.status_code == 503
    assert "unavailable" in response.json()["detail"]


def test_a_page_answers_503_when_the_database_is_down(client):
    with database_down():
        response = client.get(reverse("testapp:dispatch_list"))

    assert response.status_code == 503
    assert response["Content-Type"].startswith("text/html")
    assert "Chancery is unavailable for the moment" in response.content.decode()


def test_a_token_client_gets_503_in_json_when_the_database_is_down(boss):
    from datetime import timedelta

    from django.utils import timezone

    from chancery.accounts.tokens import issue_token

    key = issue_token(boss, "script", timezone.now() + timedelta(days=1))[1]

    with database_down():
        response = Client(raise_request_exception=False).get(
            DISPATCHES, headers={"Authorization": f"Token {key}"}
        )

    assert response.status_code == 503
    assert "unavailable" in response.json()["detail"]
