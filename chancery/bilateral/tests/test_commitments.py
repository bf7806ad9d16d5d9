"""Commitments are followed to done through their journal; overdue ones reach their owner."""

import datetime

import pytest
from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from chancery.bilateral.digest import send_commitment_digests
from chancery.bilateral.models import Commission, Commitment
from chancery.core.models import Classification

TODAY = timezone.localdate()


@pytest.fixture
def commission(home_state, db):
    return Commission.objects.create(
        name="Test intergovernmental commission", kind="intergovernmental", state=home_state
    )


@pytest.fixture
def owner(personas):
    user = personas[Classification.CONFIDENTIAL]
    user.email = "owner@example.org"
    user.save()
    return user


def commitment(commission, owner, days_due, **extra):
    return Commitment.objects.create(
        commission=commission,
        text=extra.pop("text", f"Decision due in {days_due} days"),
        responsible="Ministry of Economy",
        owner=owner,
        due_on=TODAY + datetime.timedelta(days=days_due),
        **extra,
    )


def test_a_desk_officer_follows_a_commitment_to_done(commission, owner, client_as):
    item = commitment(commission, owner, -3)
    client = client_as(owner)

    response = client.post(
        reverse("bilateral:commitment_update", args=[item.pk]),
        {"status": "in_progress", "note": "Draft sent to the ministry"},
    )
    assert response.status_code == 302
    client.post(
        reverse("bilateral:commitment_update", args=[item.pk]),
        {"status": "done", "note": "Signed off"},
    )

    item.refresh_from_db()
    assert item.status == Commitment.Status.DONE
    assert [u.status for u in item.updates.order_by("at", "pk")] == ["in_progress", "done"]
    page = client.get(item.get_absolute_url())
    assert b"Signed off" in page.content and b"Draft sent to the ministry" in page.content


def test_a_journal_entry_without_a_note_is_refused_and_changes_nothing(
    commission, owner, client_as
):
    item = commitment(commission, owner, -3)

    response = client_as(owner).post(
        reverse("bilateral:commitment_update", args=[item.pk]), {"status": "done", "note": ""}
    )

    assert response.status_code == 400
    item.refresh_from_db()
    assert item.status == Commitment.Status.OPEN
    assert item.updates.count() == 0


def test_a_reader_without_the_change_permission_cannot_write_the_journal(
    commission, owner, personas, client_as
):
    item = commitment(commission, owner, -3)

    response = client_as(personas["analyst"]).post(
        reverse("bilateral:commitment_update", args=[item.pk]), {"status": "done", "note": "x"}
    )

    assert response.status_code == 403
    assert item.updates.count() == 0


def test_overdue_commitments_show_on_the_owners_home_page(commission, owner, client_as):
    commitment(commission, owner, -1, text="Overdue decision")
    commitment(commission, owner, 5, text="Decision not yet due")
    commitment(commission, owner, -9, text="Finished decision", status="done")

    content = client_as(owner).get("/").content

    assert b"Overdue decision" in content
    assert b"Decision not yet due" not in content
    assert b"Finished decision" not in content


def test_the_digest_mails_each_owner_only_their_overdue_commitments(commission, owner, make_user):
    other = make_user("other", Classification.SECRET, email="other@example.org")
    commitment(commission, owner, -1, text="Owner's overdue decision")
    commitment(commission, owner, 3, text="Owner's future decision")
    commitment(commission, other, -20, text="Other's overdue decision")
    commitment(commission, other, -20, text="Other's dropped decision", status="dropped")

    assert send_commitment_digests() == 2

    by_recipient = {message.to[0]: message.body for message in mail.outbox}
    assert "Owner's overdue decision" in by_recipient["owner@example.org"]
    assert "Owner's future decision" not in by_recipient["owner@example.org"]
    assert "Other's overdue decision" in by_recipient["other@example.org"]
    assert "Other's dropped decision" not in by_recipient["other@example.org"]


def test_the_digest_is_in_the_language_each_owner_chose(commission, owner, make_user):
    other = make_user("other", Classification.SECRET, email="other@example.org", language="ru")
    commitment(commission, owner, -1)
    commitment(commission, other, -1)
    commitment(commission, other, -2)

    send_commitment_digests()

    subjects = {message.to[0]: message.subject for message in mail.outbox}
    assert subjects["owner@example.org"] == "Chancery: 1 overdue commitment"
    assert subjects["other@example.org"] == "Chancery: 2 просроченных обязательства"


def test_the_digest_leaves_out_commitments_above_the_owners_clearance(commission, make_user):
    owner = make_user("low", Classification.UNCLASSIFIED, email="low@example.org")
    commitment(commission, owner, -1, text="Secret decision", classification=Classification.SECRET)

    assert send_commitment_digests() == 0
    assert mail.outbox == []


def test_the_daily_command_and_the_background_task_send_the_digest(commission, owner):
    commitment(commission, owner, -1)

    call_command("send-commitment-digests")
    call_command("send-commitment-digests", "--enqueue")

    assert len(mail.outbox) == 2
