"""The case workflow: allowed steps only, reopening with a reason, the first-contact deadline and
its breaches, and who may see and act on a case."""

import datetime
import itertools

import pytest
from auditlog.models import LogEntry
from django.contrib.auth.models import Permission
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from chancery.consular import workflow
from chancery.consular.models import Case, CaseEntry, CasePerson
from chancery.core.models import Classification

Status = Case.Status
NOW = datetime.datetime(2025, 3, 10, 12, 0, tzinfo=datetime.UTC)
ALLOWED = {(a, b) for a, targets in Case.TRANSITIONS.items() for b in targets}
ALL_PAIRS = list(itertools.product(Status.values, Status.values))


def step_url(case):
    return reverse("consular:case_step", args=[case.pk])


def stored_state(case):
    case = Case.objects.get(pk=case.pk)
    return case.status, case.closed_at, case.journal.count()


@pytest.mark.parametrize(("start", "to"), ALL_PAIRS)
def test_each_step_is_taken_if_the_workflow_allows_it_else_refused(
    start, to, make_case, officer, client_as
):
    case = make_case(status=start)
    before = stored_state(case)
    reason = "new facts" if (start, to) in Case.REOPENING else ""
    response = client_as(officer).post(step_url(case), {"to": to, "reason": reason})
    if (start, to) in ALLOWED:
        assert response.status_code == 302
        case.refresh_from_db()
        assert case.status == to
        entry = case.journal.get()
        assert (entry.kind, entry.from_status, entry.to_status) == ("step", start, to)
        assert entry.author == officer
    else:
        assert response.status_code == 400
        assert "cannot go from" in response.content.decode()
        assert stored_state(case) == before


def test_it_refuses_an_unknown_status_and_writes_nothing(make_case, officer, client_as):
    case = make_case()
    response = client_as(officer).post(step_url(case), {"to": "vanished"})
    assert response.status_code == 400
    assert stored_state(case) == (Status.NEW, None, 0)


@pytest.mark.parametrize("start", [Status.RESOLVED, Status.CLOSED])
def test_reopening_needs_a_reason(start, make_case, officer, client_as):
    case = make_case(status=start)
    before = stored_state(case)
    response = client_as(officer).post(step_url(case), {"to": Status.IN_PROGRESS, "reason": " "})
    assert response.status_code == 400
    assert "reason for reopening" in response.content.decode()
    assert stored_state(case) == before


def test_reopening_with_a_reason_journals_it_and_clears_the_closing(make_case, officer):
    case = make_case(status=Status.RESOLVED)
    workflow.move(case, Status.CLOSED, officer)
    case.refresh_from_db()
    assert case.closed_at is not None
    workflow.move(case, Status.IN_PROGRESS, officer, reason="The family wrote again")
    case.refresh_from_db()
    assert case.status == Status.IN_PROGRESS
    assert case.closed_at is None
    assert case.journal.first().text == "The family wrote again"


def test_a_step_is_in_the_change_log_as_its_user(make_case, officer):
    case = make_case(status=Status.ASSIGNED)
    workflow.move(case, Status.IN_PROGRESS, officer)
    entry = LogEntry.objects.get_for_object(case).filter(action=LogEntry.Action.UPDATE).get()
    assert entry.actor == officer
    assert entry.changes_dict["status"] == ["assigned", "in_progress"]


def test_assigning_gives_the_case_to_an_officer_of_its_mission(
    make_case, officer, make_user, missions, client_as
):
    colleague = make_user("colleague", Classification.RESTRICTED, role="consular officer")
    colleague.consular_missions.add(missions[0])
    case = make_case()
    response = client_as(officer).post(
        step_url(case), {"to": Status.ASSIGNED, "officer": colleague.pk}
    )
    assert response.status_code == 302
    case.refresh_from_db()
    assert (case.status, case.officer) == (Status.ASSIGNED, colleague)


def test_assigning_defaults_to_the_officer_acting(make_case, officer, client_as):
    case = make_case()
    client_as(officer).post(step_url(case), {"to": Status.ASSIGNED})
    case.refresh_from_db()
    assert case.officer == officer


def test_a_case_cannot_be_given_to_an_officer_who_may_not_see_it(make_case, officer, outsider):
    case = make_case()
    with pytest.raises(Exception, match="may not see"):
        workflow.assign(case, outsider, officer)
    assert stored_state(case) == (Status.NEW, None, 0)


def test_a_contact_sets_the_first_contact_once(make_case, officer, client_as):
    case = make_case(opened_at=NOW - datetime.timedelta(hours=2))
    url = reverse("consular:case_journal", args=[case.pk])
    response = client_as(officer).post(url, {"kind": "contact", "text": "Visited in custody"})
    assert response.status_code == 302
    case.refresh_from_db()
    first = case.first_contact_at
    assert first is not None
    client_as(officer).post(url, {"kind": "contact", "text": "Called again"})
    client_as(officer).post(url, {"kind": "note", "text": "Lawyer found"})
    case.refresh_from_db()
    assert case.first_contact_at == first
    assert list(case.journal.values_list("kind", flat=True)) == ["note", "contact", "contact"]


def test_an_empty_journal_entry_is_refused(make_case, officer, client_as):
    case = make_case()
    url = reverse("consular:case_journal", args=[case.pk])
    response = client_as(officer).post(url, {"kind": "contact", "text": ""})
    assert response.status_code == 400
    assert stored_state(case) == (Status.NEW, None, 0)
    assert Case.objects.get(pk=case.pk).first_contact_at is None


DAY = datetime.timedelta(hours=24)
MINUTE = datetime.timedelta(minutes=1)


@pytest.mark.parametrize(
    ("first_contact_after", "now_after", "late"),
    [
        (DAY - MINUTE, DAY * 3, False),  # contacted in time
        (DAY + MINUTE, DAY * 3, True),  # contacted late
        (None, DAY - MINUTE, False),  # not yet contacted, still within the deadline
        (None, DAY + MINUTE, True),  # not yet contacted, deadline passed
    ],
)
def test_a_detention_must_be_first_contacted_within_24_hours(
    first_contact_after, now_after, late, make_case
):
    opened = NOW - DAY * 5
    case = make_case(
        opened_at=opened,
        first_contact_at=first_contact_after and opened + first_contact_after,
    )
    now = opened + now_after
    assert case.breaches_deadline(now) is late
    assert workflow.breaches(Case.objects.all(), now).exists() is late


def test_the_deadline_differs_by_kind(make_case):
    opened = NOW - datetime.timedelta(hours=30)
    make_case(kind=Case.Kind.DETENTION, opened_at=opened)
    make_case(kind=Case.Kind.LOST_PASSPORT, opened_at=opened)
    late = workflow.breaches(Case.objects.all(), NOW)
    assert list(late.values_list("kind", flat=True)) == [Case.Kind.DETENTION]


def test_the_breaches_page_lists_the_open_late_cases_and_counts_them(
    make_case, officer, make_user, client_as
):
    long_ago = datetime.datetime(2020, 1, 1, tzinfo=datetime.UTC)
    late = make_case(status=Status.IN_PROGRESS, opened_at=long_ago)
    make_case(status=Status.CLOSED, opened_at=long_ago)  # late, but closed
    make_case(opened_at=long_ago, first_contact_at=long_ago + MINUTE)  # in time
    response = client_as(officer).get(reverse("consular:case_breaches"))
    assert response.status_code == 200
    assert [c.pk for c in response.context["cases"]] == [late.pk]
    assert (response.context["open_count"], response.context["total_count"]) == (1, 2)
    analyst = make_user("analyst", Classification.RESTRICTED, role="analyst")
    response = client_as(analyst).get(reverse("consular:case_breaches"))
    assert response.context["cases"] == []
    assert response.context["open_count"] == 1
    assert late.reference not in response.content.decode()


def test_the_case_page_shows_persons_journal_deadline_and_steps(make_case, officer, client_as):
    case = make_case(opened_at=datetime.datetime(2020, 1, 1, tzinfo=datetime.UTC))
    CasePerson.objects.create(case=case, name="Rashad Aliyev", role="detained")
    CaseEntry.objects.create(case=case, author=officer, kind="note", text="Called the police")
    response = client_as(officer).get(case.get_absolute_url())
    body = response.content.decode()
    assert response.status_code == 200
    assert "Rashad Aliyev" in body
    assert "Called the police" in body
    assert 'id="deadline-breach"' in body
    assert [s["value"] for s in response.context["steps"]] == [Status.ASSIGNED]
    assert step_url(case) in body


def test_the_case_page_logs_the_reads_of_the_case_and_its_persons(make_case, officer, client_as):
    case = make_case()
    person = CasePerson.objects.create(case=case, name="Leyla Mammadova")
    client_as(officer).get(case.get_absolute_url())
    reads = LogEntry.objects.filter(action=LogEntry.Action.ACCESS, actor=officer)
    assert reads.filter(
        content_type=ContentType.objects.get_for_model(Case), object_pk=str(case.pk)
    ).exists()
    assert reads.filter(
        content_type=ContentType.objects.get_for_model(CasePerson), object_pk=str(person.pk)
    ).exists()


def test_an_officer_of_another_mission_cannot_see_or_move_the_case(make_case, outsider, client_as):
    case = make_case()
    client = client_as(outsider)
    assert client.get(case.get_absolute_url()).status_code == 404
    assert client.post(step_url(case), {"to": Status.ASSIGNED}).status_code == 404
    url = reverse("consular:case_journal", args=[case.pk])
    assert client.post(url, {"kind": "note", "text": "x"}).status_code == 404
    assert stored_state(case) == (Status.NEW, None, 0)


def test_a_user_who_may_read_but_not_change_cases_cannot_move_them(
    make_case, make_user, missions, client_as
):
    reader = make_user("reader", Classification.RESTRICTED, role=None)
    reader.user_permissions.add(
        Permission.objects.get(codename="read_personal_data", content_type__app_label="accounts")
    )
    reader.consular_missions.add(missions[0])
    case = make_case()
    client = client_as(reader)
    assert client.get(case.get_absolute_url()).status_code == 200
    assert client.post(step_url(case), {"to": Status.ASSIGNED}).status_code == 403
    assert stored_state(case) == (Status.NEW, None, 0)


def test_a_step_is_never_taken_on_get(make_case, officer, client_as):
    case = make_case()
    assert client_as(officer).get(step_url(case), {"to": Status.ASSIGNED}).status_code == 405
    assert stored_state(case) == (Status.NEW, None, 0)


def test_the_case_page_needs_as_many_queries_for_many_persons_and_entries_as_for_one(
    make_case, officer, client_as, django_assert_num_queries
):
    def case_with(n):
        case = make_case()
        for i in range(n):
            CasePerson.objects.create(case=case, name=f"Person {i}", role="witness")
            workflow.add_entry(case, CaseEntry.Kind.NOTE, f"note {i}", officer)
        return case

    small, large = case_with(1), case_with(12)
    client = client_as(officer)
    client.get(small.get_absolute_url())  # warm caches (content types, permissions)
    with CaptureQueriesContext(connection) as few:
        assert client.get(small.get_absolute_url()).status_code == 200
    with django_assert_num_queries(len(few)):
        response = client.get(large.get_absolute_url())
    assert len(response.context["persons"]) == 12
