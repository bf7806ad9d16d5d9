"""No lost updates: an edit begun on an older version of a record is refused, in the form with
both versions shown, in the API with 412; nothing is overwritten unless the user saves again
knowingly."""

import json

import pytest
from django.urls import reverse

from chancery.core.conflicts import etag_of, version_of
from chancery.core.models import Classification
from chancery.core.services import record_write, save_changes
from chancery.core.tests.test_registry import form_data
from chancery.core.tests.testapp.models import Dispatch

API = "/api/testapp/dispatches/"


@pytest.fixture
def alice(make_user):
    return make_user("alice", Classification.SECRET, role=None, is_superuser=True)


@pytest.fixture
def bob(make_user):
    return make_user("bob", Classification.SECRET, role=None, is_superuser=True)


@pytest.fixture
def record(alice):
    return Dispatch.objects.create(subject="Draft", pages=2, created_by=alice, updated_by=alice)


def edit_url(record):
    return reverse("testapp:dispatch_edit", args=[record.pk])


def saved_meanwhile(record, user, **values):
    with record_write(user):
        save_changes(Dispatch.objects.get(pk=record.pk), user, **values)


def test_the_edit_form_carries_the_version_it_shows(record, alice, client_as):
    page = client_as(alice).get(edit_url(record))

    assert page.context["version"] == version_of(record)
    assert f'name="_version" value="{version_of(record)}"' in page.content.decode()


def test_an_edit_of_the_version_saved_goes_through(record, alice, client_as):
    response = client_as(alice).post(
        edit_url(record), form_data(subject="Final", _version=version_of(record))
    )

    assert response.status_code == 302
    assert Dispatch.objects.get(pk=record.pk).subject == "Final"


def test_an_edit_of_an_older_version_is_refused_with_both_versions(record, alice, bob, client_as):
    opened = client_as(alice).get(edit_url(record)).context["version"]
    saved_meanwhile(record, bob, subject="Bob's subject", pages=5)

    response = client_as(alice).post(
        edit_url(record), form_data(subject="Alice's subject", pages="2", _version=opened)
    )

    assert response.status_code == 409
    stored = Dispatch.objects.get(pk=record.pk)
    assert (stored.subject, stored.pages) == ("Bob's subject", 5)
    conflict = response.context["conflict"]
    assert conflict["current"].updated_by == bob
    rows = {str(r["label"]).lower(): (r["yours"], r["saved"]) for r in conflict["changes"]}
    assert rows["subject"] == ("Alice's subject", "Bob's subject")
    assert rows["pages"] == (2, 5)
    page = response.content.decode()
    assert "Alice&#x27;s subject" in page and "Bob&#x27;s subject" in page
    assert response.context["version"] == version_of(stored)


def test_saving_again_after_the_conflict_replaces_it_knowingly(record, alice, bob, client_as):
    opened = version_of(record)
    saved_meanwhile(record, bob, subject="Bob's subject")
    client = client_as(alice)
    refused = client.post(edit_url(record), form_data(subject="Alice's", _version=opened))

    again = client.post(
        edit_url(record), form_data(subject="Alice's", _version=refused.context["version"])
    )

    assert again.status_code == 302
    assert Dispatch.objects.get(pk=record.pk).subject == "Alice's"


def test_a_form_without_a_version_overwrites_nothing(record, alice, client_as):
    response = client_as(alice).post(edit_url(record), form_data(subject="Blind"))

    assert response.status_code == 409
    assert Dispatch.objects.get(pk=record.pk).subject == "Draft"


def test_the_api_gives_the_version_as_an_etag(record, alice, client_as):
    response = client_as(alice).get(f"{API}{record.pk}/")

    assert response["ETag"] == etag_of(record)


def patch(client, record, data, **headers):
    return client.patch(
        f"{API}{record.pk}/", json.dumps(data), content_type="application/json", headers=headers
    )


def test_an_api_edit_with_the_current_etag_goes_through_and_gets_the_new_one(
    record, alice, client_as
):
    response = patch(client_as(alice), record, {"subject": "Final"}, if_match=etag_of(record))

    assert response.status_code == 200
    stored = Dispatch.objects.get(pk=record.pk)
    assert stored.subject == "Final"
    assert response["ETag"] == etag_of(stored)


def test_an_api_edit_with_an_old_etag_is_refused_with_412_and_the_current_record(
    record, alice, bob, client_as
):
    old = etag_of(record)
    saved_meanwhile(record, bob, subject="Bob's subject")

    response = patch(client_as(alice), record, {"subject": "Alice's"}, if_match=old)

    assert response.status_code == 412
    assert response.json()["current"]["subject"] == "Bob's subject"
    assert response["ETag"] == etag_of(Dispatch.objects.get(pk=record.pk))
    assert Dispatch.objects.get(pk=record.pk).subject == "Bob's subject"


def test_an_api_edit_may_name_several_etags_weak_or_strong(record, alice, client_as):
    header = f'"stale", W/{etag_of(record)}'

    response = patch(client_as(alice), record, {"subject": "Final"}, if_match=header)

    assert response.status_code == 200
