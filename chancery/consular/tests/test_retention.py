"""Retention: `chancery purge-registrations` deletes the registrations whose stay ended more than
the retention period ago, with the crisis checks and deliveries of the person, in one
transaction, and leaves in the change log that they were purged, never whose they were."""

import datetime
import json
from unittest import mock

import pytest
from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.core.management import CommandError, call_command
from django.utils import timezone

from chancery.consular import crisis as accounting
from chancery.consular import retention
from chancery.consular.models import (
    CasePerson,
    Crisis,
    CrisisCheck,
    CrisisMessage,
    Delivery,
    Registration,
)
from chancery.core.models import SearchEntry
from chancery.core.services import record_write, save_changes

DAY = datetime.timedelta(days=1)
RETENTION = 90
# what identifies the purged person: none of it may stay anywhere in the change log
SURNAME, DOCUMENT, PHONE, EMAIL = "Zebulonova", "P9988776", "+994501112233", "zeb@example.org"
IDENTIFYING = (SURNAME, DOCUMENT, PHONE, EMAIL)


@pytest.fixture(autouse=True)
def retention_days(settings):
    settings.CHANCERY_REGISTRATION_RETENTION_DAYS = RETENTION


def ended(days_ago):
    """A stay of ten days that ended `days_ago` days ago."""
    leaves_on = timezone.localdate() - days_ago * DAY
    return {"arrives_on": leaves_on - 10 * DAY, "leaves_on": leaves_on}


@pytest.fixture
def purged(register, officer, client_as):
    """A registration one day past its retention, written, changed and read by an officer (so the
    change log holds entries about it, and a search for the name)."""
    with record_write(officer):
        person = register(
            SURNAME, travel_document=DOCUMENT, phone=PHONE, email=EMAIL, **ended(RETENTION + 1)
        )
    with record_write(officer):
        save_changes(person, officer, status=Registration.Status.PENDING, city="Batumi")
    client = client_as(officer)
    assert client.get(person.get_absolute_url()).status_code == 200
    assert client.get("/search/", {"q": SURNAME}).status_code == 200
    return person


@pytest.fixture
def kept(register):
    """A registration whose stay ended exactly the retention period ago: still kept."""
    return register("Keptova", email="kept@example.org", **ended(RETENTION))


@pytest.fixture
def crisis(host, purged, kept, officer):
    """A crisis both were in: each checked, each sent a message."""
    crisis = Crisis.objects.create(
        name="Old flood", starts_on=kept.arrives_on, ends_on=purged.leaves_on
    )
    crisis.countries.add(host)
    for person in (purged, kept):
        accounting.mark(crisis, person, CrisisCheck.Status.ACCOUNTED, officer)
    message = CrisisMessage.objects.create(crisis=crisis, subject="Leave", body="Go north.")
    accounting.send(message, officer)
    assert Delivery.objects.count() == 2
    return crisis


@pytest.fixture
def case_person(make_case, purged):
    return CasePerson.objects.create(case=make_case(), name="Next of kin", registration=purged)


def log_text(entries=None):
    """Everything the change log says, as one text."""
    entries = LogEntry.objects.all() if entries is None else entries
    return "\n".join(
        " ".join(
            [
                e.object_repr,
                e.changes_text,
                json.dumps(e.changes, default=str),
                json.dumps(e.serialized_data, default=str),
                json.dumps(e.additional_data, default=str),
            ]
        )
        for e in entries
    ).lower()


def entries_of(model, pk):
    return LogEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(model), object_pk=str(pk)
    )


def purge(*args):
    out = mock.MagicMock()
    call_command("purge-registrations", *args, stdout=out)
    return "".join(call.args[0] for call in out.write.call_args_list)


def test_a_stay_ended_one_day_past_the_retention_is_purged_and_one_at_the_limit_kept(purged, kept):
    output = purge()

    assert "1 registrations abroad purged (retention 90 days)" in output
    assert list(Registration.objects.all()) == [kept]
    # nor does the search index keep the person's words
    indexed = SearchEntry.objects.filter(content_type=ContentType.objects.get_for_model(kept))
    assert list(indexed.values_list("object_id", flat=True)) == [kept.pk]


def test_the_retention_period_comes_from_the_settings(purged, kept, settings):
    settings.CHANCERY_REGISTRATION_RETENTION_DAYS = RETENTION - 1

    output = purge()

    assert "2 registrations abroad purged (retention 89 days)" in output
    assert not Registration.objects.exists()


def test_the_persons_crisis_checks_and_deliveries_go_with_it_the_rest_stays(
    purged, kept, crisis, case_person
):
    output = purge()

    assert "with 1 crisis checks, 1 deliveries" in output
    assert list(CrisisCheck.objects.values_list("registration", flat=True)) == [kept.pk]
    assert list(Delivery.objects.values_list("registration", flat=True)) == [kept.pk]
    assert CrisisMessage.objects.filter(crisis=crisis).count() == 1
    assert Crisis.objects.filter(pk=crisis.pk).exists()
    case_person.refresh_from_db()
    assert case_person.registration is None


def test_a_dry_run_counts_and_deletes_nothing(purged, kept, crisis):
    entries = LogEntry.objects.count()
    before = log_text()

    output = purge("--dry-run")

    assert "1 registrations abroad would be purged" in output
    assert "with 1 crisis checks, 1 deliveries" in output
    assert "Nothing was deleted." in output
    assert Registration.objects.count() == 2
    assert CrisisCheck.objects.count() == 2
    assert Delivery.objects.count() == 2
    assert LogEntry.objects.count() == entries
    assert log_text() == before


def test_each_purged_record_leaves_a_delete_entry_naming_no_one(purged, crisis):
    check = CrisisCheck.objects.get(registration=purged)
    delivery = Delivery.objects.get(registration=purged)

    purge()

    entry = entries_of(Registration, purged.pk).get(action=LogEntry.Action.DELETE)
    assert entry.object_repr == f"registration abroad #{purged.pk}"
    assert entry.additional_data == {
        "purged": True,
        "retention_days": RETENTION,
        "left_on": purged.leaves_on.isoformat(),
    }
    assert entry.actor is None
    assert (entry.changes, entry.serialized_data) == (None, None)
    for record in (check, delivery):
        dependant = entries_of(type(record), record.pk).get(action=LogEntry.Action.DELETE)
        assert dependant.object_repr == f"{type(record)._meta.verbose_name} #{record.pk}"
        assert dependant.additional_data == {
            "purged": True,
            "retention_days": RETENTION,
            "registration": purged.pk,
        }


def test_no_entry_of_the_change_log_identifies_the_purged_person(purged, kept, crisis):
    assert "batumi" in log_text(entries_of(Registration, purged.pk))  # its stay was logged

    purge()

    text = log_text()
    assert [value for value in IDENTIFYING if value.lower() in text] == []
    assert "batumi" not in log_text(entries_of(Registration, purged.pk))
    # the stay kept is still logged as it was
    assert kept.city.lower() in log_text(entries_of(Registration, kept.pk))


def test_the_earlier_entries_keep_who_did_what_and_when(purged, officer):
    before = {
        e.pk: (e.action, e.actor_id, e.timestamp) for e in entries_of(Registration, purged.pk)
    }

    purge()

    earlier = entries_of(Registration, purged.pk).filter(pk__in=before)
    assert {e.pk: (e.action, e.actor_id, e.timestamp) for e in earlier} == before
    actions = {e.action for e in earlier}
    assert actions == {LogEntry.Action.CREATE, LogEntry.Action.UPDATE, LogEntry.Action.ACCESS}
    assert all(e.object_repr == f"registration abroad #{purged.pk}" for e in earlier)
    reads = {
        e.additional_data["surface"]: e.additional_data
        for e in earlier
        if e.action == LogEntry.Action.ACCESS
    }
    assert reads["search"] == {"surface": "search", "path": "/search/", "redacted": True}
    assert reads["page"]["path"] == purged.get_absolute_url()


def test_the_purge_is_idempotent(purged, kept, crisis):
    purge()
    entries = LogEntry.objects.count()
    text = log_text()

    output = purge()

    assert "0 registrations abroad purged" in output
    assert LogEntry.objects.count() == entries
    assert log_text() == text
    assert list(Registration.objects.all()) == [kept]


def test_a_failure_midway_deletes_nothing(purged, crisis):
    entries = LogEntry.objects.count()

    with (
        mock.patch.object(retention, "_purge_entry", side_effect=RuntimeError("disk full")),
        pytest.raises(RuntimeError),
    ):
        purge()

    assert Registration.objects.filter(pk=purged.pk).exists()
    assert CrisisCheck.objects.filter(registration=purged).exists()
    assert LogEntry.objects.count() == entries
    assert "batumi" in log_text(entries_of(Registration, purged.pk))


def test_the_background_task_purges_too(purged, kept):
    output = purge("--enqueue")

    assert output.startswith("Enqueued as task ")
    assert list(Registration.objects.all()) == [kept]


def test_a_dry_run_is_not_enqueued(purged):
    with pytest.raises(CommandError):
        purge("--dry-run", "--enqueue")

    assert Registration.objects.filter(pk=purged.pk).exists()
