"""A record's history shows each version only to who could have read the record as it was then:
a declassified record's secret-era versions, and the restricted versions of another desk, answer as
missing on every history surface; the first version a reader may see shows none of what it
changed."""

import pytest
from auditlog.models import LogEntry
from django.contrib.auth.models import Permission
from django.db import models
from django.urls import reverse

from chancery.core.history import entries_of
from chancery.core.models import Classification
from chancery.core.registry import registry
from chancery.core.services import record_write
from chancery.core.tests.factories import RecordFactory
from chancery.core.tests.surfaces import as_read
from chancery.core.tests.test_history_browser import (
    HISTORY,
    entries,
    grant,
    restore_url,
    versions_url,
    write,
)
from chancery.core.tests.testapp.models import Dispatch

SECRET_TITLE = b"Nightjar"
UPDATE = LogEntry.Action.UPDATE


@pytest.fixture
def writer(make_user):
    return make_user("writer", Classification.SECRET, role=None, is_superuser=True)


@pytest.fixture
def declassified(writer, home_state):
    """Created secret, edited while secret, then downgraded and retitled, then edited again:
    four versions, the first two secret."""
    record = write(
        writer,
        subject="Operation Nightjar",
        classification=Classification.SECRET,
        country=home_state,
    )
    write(writer, record, subject="Operation Nightjar, second phase", pages=4)
    write(writer, record, subject="Border talks", classification=Classification.UNCLASSIFIED)
    write(writer, record, pages=5)
    return record


@pytest.fixture
def readers(make_user, home_state):
    """Readers cleared below secret (a desk officer who may restore, an analyst), and leadership,
    cleared secret: each may read the history browser."""
    officer = make_user("officer", Classification.RESTRICTED, desks=[home_state])
    analyst = make_user("analyst", Classification.RESTRICTED, role="analyst", desks=[home_state])
    return {
        "officer": grant(officer, "change_dispatch", "add_dispatch", "read_history"),
        "analyst": grant(analyst, "read_history"),
        "leadership": make_user("chief", Classification.SECRET, role="leadership"),
    }


def shown(response, key="versions"):
    return [(v["entry"].pk, v["first_seen"], bool(v["changes"])) for v in response.context[key]]


@pytest.mark.parametrize("reader", ["officer", "analyst"])
def test_a_reader_below_secret_sees_nothing_of_the_secret_versions(
    declassified, readers, client_as, reader
):
    secret, _edited, downgrade, later = entries(declassified)
    client = client_as(readers[reader])

    detail = client.get(declassified.get_absolute_url())
    versions = client.get(versions_url(declassified))
    browser = client.get(HISTORY, {"record_type": "testapp.dispatch"})
    hidden_pair = client.get(versions_url(declassified), {"a": secret.pk, "b": downgrade.pk})
    missing_pair = client.get(versions_url(declassified), {"a": 987654, "b": downgrade.pk})
    visible_pair = client.get(versions_url(declassified), {"a": downgrade.pk, "b": later.pk})

    # the downgrade is the first version they may see: no changes, no old values
    assert shown(detail, "history") == [(later.pk, False, True), (downgrade.pk, True, False)]
    assert shown(versions) == [(later.pk, False, True), (downgrade.pk, True, False)]
    assert [(r["entry"].pk, r["first_seen"]) for r in browser.context["rows"]] == [
        (later.pk, False),
        (downgrade.pk, True),
    ]
    assert not browser.context["page"].has_older  # nothing more, on any page
    for page in (detail, versions, browser, visible_pair):
        assert page.status_code == 200
        assert SECRET_TITLE not in page.content
        assert b">Secret<" not in page.content and b"Secret \xe2\x86\x92" not in page.content
    assert b'data-first-seen="true"' in versions.content
    assert b'data-first-seen="true"' in detail.content
    assert as_read(hidden_pair) == as_read(missing_pair) and missing_pair.status_code == 404
    rows = {row["label"]: row["values"] for row in visible_pair.context["comparison"]["rows"]}
    assert rows["subject"] == ["Border talks", "Border talks"]


def test_restoring_a_secret_version_answers_as_a_missing_one_and_writes_nothing(
    declassified, readers, client_as
):
    secret, edited, *_ = entries(declassified)
    client = client_as(readers["officer"])
    before = LogEntry.objects.count()

    hidden = client.post(restore_url(declassified.pk, secret))
    hidden_edit = client.post(restore_url(declassified.pk, edited))
    missing = client.post(
        reverse("history_restore", args=["testapp", "dispatch", declassified.pk, 987654])
    )

    assert as_read(hidden) == as_read(hidden_edit) == as_read(missing)
    assert missing.status_code == 404
    assert LogEntry.objects.count() == before
    declassified.refresh_from_db()
    assert (declassified.subject, declassified.classification) == ("Border talks", 0)


def test_leadership_sees_every_version_and_every_change(declassified, readers, client_as):
    secret, edited, downgrade, later = entries(declassified)
    client = client_as(readers["leadership"])

    versions = client.get(versions_url(declassified))
    browser = client.get(HISTORY, {"record_type": "testapp.dispatch"})
    pair = client.get(versions_url(declassified), {"a": secret.pk, "b": downgrade.pk})

    assert shown(versions) == [
        (later.pk, False, True),
        (downgrade.pk, False, True),
        (edited.pk, False, True),
        (secret.pk, False, True),
    ]
    assert len(browser.context["rows"]) == 4 and not browser.context["page"].has_older
    assert SECRET_TITLE in versions.content and SECRET_TITLE in browser.content
    rows = {row["label"]: row["values"] for row in pair.context["comparison"]["rows"]}
    assert rows["subject"] == ["Operation Nightjar", "Border talks"]


def test_a_restricted_version_is_shown_only_to_the_desks_it_concerned(
    writer, make_user, home_state, georgia, client_as
):
    """A memo restricted to Georgia and then declassified; another restricted while it concerned
    Georgia, then moved to the home state's desk."""
    declassified = write(
        writer,
        subject="Georgian pipeline memo",
        classification=Classification.RESTRICTED,
        country=georgia,
    )
    write(writer, declassified, subject="Pipeline memo", classification=0)
    moved = write(
        writer,
        subject="Georgian transit memo",
        classification=Classification.RESTRICTED,
        country=georgia,
    )
    write(writer, moved, subject="Transit memo", country=home_state)
    home = make_user("home", Classification.RESTRICTED, desks=[home_state])
    tbilisi = make_user("tbilisi", Classification.RESTRICTED, desks=[georgia])

    def seen(user, record):
        return [
            (e.pk, e.after_hidden) for e in entries_of(Dispatch, record.pk, user).order_by("pk")
        ]

    (d_created, d_downgraded), (_, m_moved) = entries(declassified), entries(moved)
    assert seen(home, declassified) == [(d_downgraded.pk, True)]
    assert seen(tbilisi, declassified) == [(d_created.pk, False), (d_downgraded.pk, False)]
    assert seen(home, moved) == [(m_moved.pk, True)]
    page = client_as(home).get(versions_url(moved))
    assert b"Georgian" not in page.content
    assert b"Georgia" not in page.content
    assert client_as(tbilisi).get(versions_url(moved)).status_code == 404


def test_a_version_of_many_to_many_desks_is_judged_by_the_states_it_held(
    writer, make_user, home_state, georgia
):
    """A crisis's states are a many-to-many link: its snapshot holds their keys as a list."""
    import datetime

    from chancery.consular.models import Crisis

    with record_write(writer):
        crisis = Crisis.objects.create(
            name="Quiet evacuation",
            classification=Classification.RESTRICTED,
            starts_on=datetime.date(2026, 1, 1),
        )
        crisis.countries.set([georgia])
    with record_write(writer):
        crisis.countries.set([georgia, home_state])
    with record_write(writer):
        crisis.countries.set([home_state])
    home = make_user("home", Classification.RESTRICTED, desks=[home_state])
    created, *changes = LogEntry.objects.get_for_object(crisis).order_by("pk")
    with_georgia, with_both, *_ = changes

    seen = [(e.pk, e.after_hidden) for e in entries_of(Crisis, crisis.pk, home).order_by("pk")]

    # the creation held no state yet: judged by the states the crisis has now
    assert (created.pk, False) in seen
    assert with_georgia.pk not in [pk for pk, _ in seen]
    assert (with_both.pk, True) in seen
    assert [k for k, _ in seen] == [created.pk, with_both.pk, *[c.pk for c in changes[2:]]]


def test_a_reader_cleared_secret_on_another_desk_sees_no_restricted_version_of_it(
    declassified, make_user, georgia, client_as, writer
):
    """Leadership's clearance without its every-desk right: the secret versions are within the
    clearance, and the record (now unclassified) concerned the home state, not their desk."""
    elsewhere = grant(
        make_user("elsewhere", Classification.SECRET, desks=[georgia]), "read_history"
    )

    versions = client_as(elsewhere).get(versions_url(declassified))

    assert [v["first_seen"] for v in versions.context["versions"]] == [False, True]
    assert SECRET_TITLE not in versions.content
    assert versions.context["versions"][-1]["entry"].action == UPDATE


# every record type --------------------------------------------------------------------------
RECORD_TYPES = list(registry)
SECRET_ERA = "nightjar"


def retold(record, text):
    """The record's own words (its editable text fields wide enough) set to `text`."""
    model, told = type(record), []
    for field in model._meta.concrete_fields:
        if (
            isinstance(field, models.CharField | models.TextField)
            and field.editable
            and not field.choices
            and not field.unique
            and (field.max_length or 1000) >= len(text) + 20
        ):
            setattr(record, field.name, f"{text} {field.name}")
            told.append(field.name)
    return told


@pytest.mark.parametrize("record_type", RECORD_TYPES, ids=lambda rt: rt.model._meta.label)
def test_no_history_surface_shows_a_reader_a_version_they_could_not_read_then(
    record_type, writer, make_user, client_as
):
    """Made secret, told in secret words, then downgraded and told in plain ones: a reader
    cleared confidential, who reads every desk, every mission's people and the history browser,
    sees the record's history begin at the downgrade: its versions, comparison, restore and the
    history browser."""
    model = record_type.model
    record = RecordFactory().make(model, Classification.SECRET, related_classification=0)
    with record_write(writer):
        retold(record, SECRET_ERA)  # a type without words of its own has only its creation
        record.save()
    secret_era = list(LogEntry.objects.get_for_object(record).values_list("pk", flat=True))
    with record_write(writer):
        retold(record, "plain")
        record.classification = Classification.UNCLASSIFIED
        record.save()
    downgrade = LogEntry.objects.get_for_object(record).exclude(pk__in=secret_era).get()
    reader = make_user("reader", Classification.CONFIDENTIAL, role="administrator")
    reader.user_permissions.add(*Permission.objects.filter(content_type__app_label="testapp"))
    client = client_as(reader)
    app_label, model_name = record_type.app_label, record_type.model_name
    versions = reverse("history_record", args=[app_label, model_name, record.pk])

    # (the record's page shows its history through the same rule: its own tests are above)
    pages = {
        "versions": client.get(versions),
        "history browser": client.get(HISTORY, {"record_type": model._meta.label_lower}),
    }
    missing = client.get(versions, {"a": 987654321, "b": downgrade.pk})
    for entry in secret_era:
        pages[f"compare {entry}"] = client.get(versions, {"a": entry, "b": downgrade.pk})
        restore = reverse("history_restore", args=[app_label, model_name, record.pk, entry])
        pages[f"restore {entry}"] = client.post(restore)

    problems = []
    for where, response in pages.items():
        text = response.content.decode().lower()
        if SECRET_ERA in text or "secret" in text.replace("secretariat", ""):
            problems.append(f"{where}: shows the secret era")
        expected = 404 if where.startswith(("compare", "restore")) else 200
        if response.status_code != expected:
            problems.append(f"{where}: {response.status_code}, not {expected}")
        elif expected == 404 and as_read(response)[1] != as_read(missing)[1]:
            problems.append(f"{where}: answers unlike a missing version")
    for where, key in (("history browser", "rows"), ("versions", "versions")):
        listed = {row["entry"].pk for row in pages[where].context[key]}
        if listed != {downgrade.pk}:
            problems.append(f"{where} lists {sorted(listed)}, not the downgrade alone")
    assert not problems, "\n".join(problems)
