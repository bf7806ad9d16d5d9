"""Crisis accounting: who was in the area, marking each one, the counts everyone may see, the
export for the mission, and messages to everyone present."""

import csv
import datetime
import io
from unittest import mock

import pytest
from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.core import mail
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from chancery.consular import crisis as accounting
from chancery.consular.models import Crisis, CrisisCheck, CrisisMessage, Delivery, Registration
from chancery.core.models import Classification

D = datetime.date
STAY_START = D(2025, 3, 1)


@pytest.fixture
def register(home_state, host, missions):
    count = iter(range(10_000))

    def make(surname=None, *, city="Tbilisi", country=None, arrives_on=STAY_START, **values):
        n = next(count)
        fields = {
            "surname_latin": surname or f"Person{n}",
            "given_names_latin": "Test",
            "date_of_birth": D(1990, 1, 1),
            "citizenship": home_state,
            "country": country or host,
            "city": city,
            "arrives_on": arrives_on,
            "leaves_on": D(2025, 3, 31),
            "mission": missions[0],
            "consent": True,
            "status": Registration.Status.CONFIRMED,
            **values,
        }
        return Registration.objects.create(**fields)

    return make


@pytest.fixture
def quake(host):
    crisis = Crisis.objects.create(
        name="Earthquake", starts_on=D(2025, 3, 10), ends_on=D(2025, 3, 12)
    )
    crisis.countries.add(host)
    return crisis


def present_names(crisis, user):
    return set(accounting.present(crisis, user).values_list("surname_latin", flat=True))


def test_the_people_present_are_those_whose_stay_overlaps_the_crisis_in_its_states(
    quake, register, officer, elsewhere
):
    register("Inside")
    register("Batumi", city="Batumi")
    register("Before", arrives_on=D(2025, 2, 1), leaves_on=D(2025, 3, 9))
    register("After", arrives_on=D(2025, 3, 13))
    register("EdgeStart", arrives_on=D(2025, 2, 1), leaves_on=D(2025, 3, 10))
    register("EdgeEnd", arrives_on=D(2025, 3, 12))
    register("Armenia", country=elsewhere)
    register("Cancelled", status=Registration.Status.CANCELLED)
    assert present_names(quake, officer) == {"Inside", "Batumi", "EdgeStart", "EdgeEnd"}


def test_naming_cities_narrows_the_area_whatever_their_case(quake, register, officer):
    register("Inside", city="TBILISI")
    register("Kutaisi", city="Kutaisi")
    register("Batumi", city="Batumi")
    quake.cities = "tbilisi, Batumi"
    assert present_names(quake, officer) == {"Inside", "Batumi"}


def test_an_open_crisis_runs_to_today(quake, register, officer):
    quake.ends_on = None
    register("Now", arrives_on=datetime.date.today(), leaves_on=datetime.date.today())
    register(
        "Future",
        arrives_on=datetime.date.today() + datetime.timedelta(days=1),
        leaves_on=datetime.date.today() + datetime.timedelta(days=9),
    )
    assert present_names(quake, officer) == {"Now"}


def test_an_officer_sees_only_the_people_of_their_mission(quake, register, officer, missions):
    register("Ours")
    register("Theirs", mission=missions[1])
    register("Nobodys", mission=None)
    assert present_names(quake, officer) == {"Ours"}


def test_marking_records_who_said_so_and_when(quake, register, officer, client_as):
    person = register("Inside")
    url = reverse("consular:crisis_mark", args=[quake.pk, person.pk])
    response = client_as(officer).post(url, {"status": "needs_help"}, HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    assert response["HX-Trigger"] == "crisis-marked"
    assert f'id="person-{person.pk}"' in response.content.decode()
    check = CrisisCheck.objects.get()
    assert (check.status, check.marked_by) == ("needs_help", officer)
    first_at = check.marked_at
    client_as(officer).post(url, {"status": "accounted"})
    check = CrisisCheck.objects.get()
    assert check.status == "accounted"
    assert check.marked_at >= first_at
    entry = LogEntry.objects.get_for_object(check).filter(action=LogEntry.Action.UPDATE).get()
    assert entry.actor == officer


def test_marking_someone_not_present_or_not_readable_answers_404(
    quake, register, officer, missions, client_as
):
    away = register("Away", arrives_on=D(2025, 1, 1), leaves_on=D(2025, 1, 2))
    theirs = register("Theirs", mission=missions[1])
    for person in (away, theirs):
        url = reverse("consular:crisis_mark", args=[quake.pk, person.pk])
        assert client_as(officer).post(url, {"status": "accounted"}).status_code == 404
    assert not CrisisCheck.objects.exists()


def test_a_bad_status_is_refused(quake, register, officer, client_as):
    person = register("Inside")
    url = reverse("consular:crisis_mark", args=[quake.pk, person.pk])
    assert client_as(officer).post(url, {"status": "fine"}).status_code == 400
    assert not CrisisCheck.objects.exists()


def test_counts_cover_every_status_and_those_not_yet_marked(
    quake, register, officer, missions, analyst
):
    people = [register(f"P{i}") for i in range(4)] + [register("Theirs", mission=missions[1])]
    accounting.mark(quake, people[0], "accounted", officer)
    accounting.mark(quake, people[1], "needs_help", officer)
    counts = accounting.counts(quake, analyst)
    by_status = {row["status"]: row["count"] for row in counts["rows"]}
    assert counts["total"] == 5
    assert by_status == {
        "accounted": 1,
        "needs_help": 1,
        "unreachable": 0,
        "left": 0,
        "not_marked": 3,
    }


def test_an_analyst_sees_the_counts_but_no_one_by_name(
    quake, register, officer, analyst, client_as
):
    person = register("Secretperson")
    accounting.mark(quake, person, "unreachable", officer)
    client = client_as(analyst)
    response = client.get(quake.get_absolute_url())
    body = response.content.decode()
    assert response.status_code == 200
    assert 'id="count-unreachable">1<' in body
    assert "Secretperson" not in body
    assert person.reference not in body
    counts = client.get(reverse("consular:crisis_counts", args=[quake.pk]))
    assert 'id="count-total">1<' in counts.content.decode()
    assert "Secretperson" not in counts.content.decode()
    assert client.get(reverse("consular:crisis_export", args=[quake.pk])).status_code == 404
    assert not LogEntry.objects.filter(action=LogEntry.Action.ACCESS, actor=analyst).exists()


def test_the_counts_are_polled_every_ten_seconds_while_the_crisis_lasts(quake, officer, client_as):
    body = client_as(officer).get(quake.get_absolute_url()).content.decode()
    assert 'hx-trigger="every 10s' in body
    assert reverse("consular:crisis_counts", args=[quake.pk]) in body


def test_the_page_lists_the_people_present_and_logs_the_reads(quake, register, officer, client_as):
    person = register("Inside")
    register("Away", arrives_on=D(2025, 1, 1), leaves_on=D(2025, 1, 2))
    response = client_as(officer).get(quake.get_absolute_url())
    assert [r.pk for r in response.context["rows"]] == [person.pk]
    assert "INSIDE" in response.content.decode()
    assert LogEntry.objects.filter(
        action=LogEntry.Action.ACCESS,
        actor=officer,
        content_type=ContentType.objects.get_for_model(Registration),
        object_pk=str(person.pk),
    ).exists()


def test_the_checks_listed_among_the_related_records_are_logged_as_read(
    quake, register, officer, client_as
):
    person = register("Inside")
    check = accounting.mark(quake, person, CrisisCheck.Status.ACCOUNTED, officer)
    response = client_as(officer).get(person.get_absolute_url())
    related = {section["record_type"].model for section in response.context["related"]}
    assert CrisisCheck in related
    assert LogEntry.objects.filter(
        action=LogEntry.Action.ACCESS,
        actor=officer,
        content_type=ContentType.objects.get_for_model(CrisisCheck),
        object_pk=str(check.pk),
    ).exists()


def test_the_export_holds_exactly_the_people_present_the_user_may_read(
    quake, register, officer, missions, client_as
):
    inside = register("Inside", phone="=HYPERLINK(1)")
    register("Theirs", mission=missions[1])
    register("Away", arrives_on=D(2025, 1, 1), leaves_on=D(2025, 1, 2))
    accounting.mark(quake, inside, "left", officer)
    response = client_as(officer).get(reverse("consular:crisis_export", args=[quake.pk]))
    assert response.status_code == 200
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert [r[1] for r in rows[1:]] == ["Inside"]
    assert rows[1][6] == "'=HYPERLINK(1)"
    assert rows[1][11] == "Left the area"
    assert rows[1][12] == "officer"
    logged = LogEntry.objects.filter(action=LogEntry.Action.ACCESS, actor=officer)
    assert list(
        logged.filter(content_type=ContentType.objects.get_for_model(Registration)).values_list(
            "object_pk", "additional_data__surface"
        )
    ) == [(str(inside.pk), "export")]


def test_sending_delivers_to_each_person_present_once(quake, register, officer, missions):
    with_email = register("Mailed", email="mailed@example.org")
    without = register("Unmailed")
    register("Theirs", mission=missions[1], email="theirs@example.org")
    message = CrisisMessage.objects.create(crisis=quake, subject="Stay inside", body="Shelter.")
    accounting.send(message, officer)
    assert [m.to for m in mail.outbox] == [["mailed@example.org"]]
    assert mail.outbox[0].subject == "Stay inside"
    deliveries = dict(Delivery.objects.values_list("registration", "status"))
    assert deliveries == {with_email.pk: "sent", without.pk: "no_address"}
    message.refresh_from_db()
    assert (message.sent_by, message.sent_at is not None) == (officer, True)
    with pytest.raises(ValidationError, match="already sent"):
        accounting.send(message, officer)
    assert len(mail.outbox) == 1
    assert Delivery.objects.count() == 2


def test_a_failed_delivery_is_recorded_with_its_error(quake, register, officer):
    register("Bounced", email="bounced@example.org")
    register("Mailed", email="mailed@example.org")
    message = CrisisMessage.objects.create(crisis=quake, subject="Alert", body="Leave.")
    real_send = mail.EmailMessage.send

    def flaky(self, fail_silently=False):
        if self.to == ["bounced@example.org"]:
            raise OSError("connection refused")
        return real_send(self, fail_silently)

    with mock.patch.object(mail.EmailMessage, "send", flaky):
        accounting.send(message, officer)
    statuses = dict(Delivery.objects.values_list("registration__surname_latin", "status"))
    assert statuses == {"Bounced": "failed", "Mailed": "sent"}
    assert "connection refused" in Delivery.objects.get(status="failed").error


def test_the_message_form_writes_sends_and_lists_the_deliveries(
    quake, register, officer, client_as
):
    register("Mailed", email="mailed@example.org")
    client = client_as(officer)
    url = reverse("consular:crisis_message", args=[quake.pk])
    response = client.post(url, {"subject": "Shelter", "body": "Go to the stadium."})
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    message = CrisisMessage.objects.get()
    send_url = reverse("consular:crisismessage_send", args=[message.pk])
    assert client.post(send_url).status_code == 400
    assert len(mail.outbox) == 1
    body = client.get(quake.get_absolute_url()).content.decode()
    assert "Shelter" in body
    assert "MAILED Test: Sent" in body


def test_each_person_gets_the_message_in_the_language_they_registered_in(
    quake, register, officer, client_as
):
    register("Russian", email="ru@example.org", language="ru")
    register("Azerbaijani", email="az@example.org", language="az")
    register("English", email="en@example.org", language="en")
    client = client_as(officer)
    url = reverse("consular:crisis_message", args=[quake.pk])

    half = client.post(url, {"subject": "Shelter", "body": "Go.", "subject_ru": "Укрытие"})
    assert half.status_code == 400 and not mail.outbox  # a version is whole or left out
    assert "Give the subject and the text of this version" in half.content.decode()

    texts = {"subject": "Shelter", "body": "Go.", "subject_ru": "Укрытие", "body_ru": "Идите."}
    assert client.post(url, texts).status_code == 302

    sent = {m.to[0]: (m.subject, m.body) for m in mail.outbox}
    assert sent == {
        "ru@example.org": ("Укрытие", "Идите."),
        "az@example.org": ("Shelter", "Go."),  # none written in Azerbaijani: the English
        "en@example.org": ("Shelter", "Go."),
    }


def test_an_analyst_cannot_send_or_mark(quake, register, analyst, client_as):
    person = register("Inside", email="x@example.org")
    client = client_as(analyst)
    url = reverse("consular:crisis_message", args=[quake.pk])
    assert client.post(url, {"subject": "s", "body": "b"}).status_code == 403
    mark = reverse("consular:crisis_mark", args=[quake.pk, person.pk])
    assert client.post(mark, {"status": "accounted"}).status_code == 403
    assert not CrisisMessage.objects.exists()
    assert not CrisisCheck.objects.exists()


def test_a_crisis_out_of_reach_answers_404(quake, make_user, client_as):
    quake.classification = Classification.SECRET
    quake.save()
    officer = make_user("low", Classification.RESTRICTED, role="consular officer")
    client = client_as(officer)
    for name in ("crisis_counts", "crisis_export"):
        assert client.get(reverse(f"consular:{name}", args=[quake.pk])).status_code == 404
    assert client.get(quake.get_absolute_url()).status_code == 404


def _page_queries(client, crisis):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(crisis.get_absolute_url()).status_code == 200
    return len(queries)


def test_the_page_needs_as_many_queries_for_many_people_as_for_few(
    quake, register, officer, client_as
):
    client = client_as(officer)

    def add(n):
        for _ in range(n):
            person = register(email="p@example.org")
            accounting.mark(quake, person, "accounted", officer)

    add(2)
    message = CrisisMessage.objects.create(crisis=quake, subject="One", body="b")
    accounting.send(message, officer)
    _page_queries(client, quake)  # warm caches (content types, sessions)
    few = _page_queries(client, quake)
    add(20)
    message = CrisisMessage.objects.create(crisis=quake, subject="Two", body="b")
    accounting.send(message, officer)
    assert _page_queries(client, quake) == few
