"""A citizen registers a trip abroad on the public page and keeps a secret link to update or
cancel it; each address is limited in how often it submits or tries a wrong link; the mission
confirms the registration from its record page."""

import datetime
import io
import re

import pytest
from auditlog.models import LogEntry
from django.contrib.auth.models import Permission
from django.core import mail
from django.db import connection
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from chancery.bilateral.models import Mission
from chancery.consular import demo
from chancery.consular import self_registration as service
from chancery.consular.models import Registration, RegistrationAttempt
from chancery.core.crypto import lookup_hash, secret_hash
from chancery.core.history import history_for
from chancery.core.models import PUBLIC, Classification
from chancery.core.registry import registry

Status = Registration.Status
REGISTER = "/consular/register/"
ADDRESS = "203.0.113.7"
OTHER_ADDRESS = "198.51.100.9"
TODAY = timezone.localdate()
DAY = datetime.timedelta(days=1)
PASSPORT = "C 9876 5432"


def form(**overrides):
    """A valid registration of a trip to Georgia (the `host` fixture), as the page posts it."""
    data = {
        "surname_latin": "Quliyeva",
        "given_names_latin": "Səbinə",
        "name_cyrillic": "Гулиева Сабина",
        "date_of_birth": "1991-04-12",
        "sex": "female",
        "travel_document": PASSPORT,
        "country": "",
        "city": "Tbilisi",
        "address": "Rustaveli Avenue 1",
        "arrives_on": (TODAY + 2 * DAY).isoformat(),
        "leaves_on": (TODAY + 12 * DAY).isoformat(),
        "purpose": "Conference",
        "phone": "+995 555 12 34 56",
        "email": "sabina@example.org",
        "emergency_contact": "Elçin Quliyev, brother, +994 50 000 00 00",
        "group": "",
        "consent": "on",
    }
    data.update(overrides)
    return data


@pytest.fixture
def public(db):
    """A citizen's browser, with no account, from ADDRESS."""
    return Client(REMOTE_ADDR=ADDRESS)


@pytest.fixture
def trip(host, missions):
    """A valid trip to Georgia, where the home state has its missions."""
    return form(country=host.pk)


@pytest.fixture
def submitted(public, trip):
    """A trip registered through the page: the registration, its link and the page."""
    page = public.post(REGISTER, trip)
    assert page.status_code == 200, page.content
    registration = Registration.objects.get()
    return registration, page.context["link"], page


def path_of(link):
    return link.removeprefix("http://testserver")


def stored_row(registration):
    with connection.cursor() as cursor:
        cursor.execute("SELECT * FROM consular_registration WHERE id = %s", [registration.pk])
        return [str(value) for value in cursor.fetchone()]


def masked(page):
    """The page without what differs on every response (the CSRF token) or by URL."""
    text = page.content.decode()
    text = re.sub(r'name="csrfmiddlewaretoken" value="[^"]*"', "", text)
    return re.sub(r'name="next" type="hidden" value="[^"]*"', "", text)


# registering ----------------------------------------------------------------------------------
def test_a_citizen_registers_a_trip_without_an_account(submitted, missions, home_state):
    registration, link, page = submitted
    assert (registration.status, registration.source) == (Status.PENDING, "self")
    assert registration.mission == missions[0]
    assert registration.citizenship == home_state
    assert registration.consent and registration.consent_at is not None
    assert registration.created_by is None
    assert registration.reference in page.content.decode()
    assert link in page.content.decode()
    assert link.startswith("http://testserver/consular/register/" + registration.reference + "/")


def test_the_link_is_answered_in_the_post_response_and_never_cached(submitted):
    _registration, _link, page = submitted
    assert page.status_code == 200  # no redirect: the link is in no URL but its own
    assert page["Cache-Control"] == "no-store"
    assert page["Referrer-Policy"] == "no-referrer"


def test_the_link_is_mailed_as_an_absolute_url(submitted):
    registration, link, page = submitted
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["sabina@example.org"]
    assert registration.reference in message.subject
    assert link in message.body
    assert 'id="mail-sent"' in page.content.decode()


@pytest.mark.parametrize(
    ("language", "words"),
    [("az", "Xaricə səfəriniz"), ("ru", "зарегистрирована"), ("en", "is registered")],
)
def test_the_citizen_registers_in_their_language_and_is_mailed_in_it(public, trip, language, words):
    page = public.post(REGISTER, trip, headers={"accept-language": language})
    registration = Registration.objects.get()

    assert f'<html lang="{language}">' in page.content.decode()
    assert registration.language == language
    [message] = mail.outbox
    assert words in message.subject
    assert registration.reference in message.subject


def test_nothing_is_mailed_without_an_address(public, host, missions):
    page = public.post(REGISTER, form(country=host.pk, email=""))
    assert page.status_code == 200
    assert mail.outbox == []
    assert 'id="mail-sent"' not in page.content.decode()


def test_a_failing_mail_server_leaves_the_link_on_the_page(public, trip, settings):
    settings.EMAIL_BACKEND = "chancery.consular.tests.test_self_registration.FailingBackend"
    page = public.post(REGISTER, trip)
    assert page.status_code == 200
    assert Registration.objects.count() == 1
    assert 'id="mail-failed"' in page.content.decode()
    assert page.context["link"] in page.content.decode()


class FailingBackend:
    def __init__(self, *args, **kwargs):
        pass

    def send_messages(self, messages):
        raise ConnectionRefusedError("no mail server")


def test_only_the_hash_of_the_link_and_no_plain_passport_number_is_stored(submitted):
    registration, link, _page = submitted
    token = link.rstrip("/").rsplit("/", 1)[1]
    row = stored_row(registration)
    assert registration.update_token_hash == secret_hash(token)
    assert not any(token in value for value in row)
    assert not any("98765432" in value.replace(" ", "") for value in row)
    assert list(Registration.with_travel_document("c98765432")) == [registration]


def test_the_change_log_says_the_public_wrote_it_and_keeps_no_personal_data(submitted, officer):
    registration, _link, _page = submitted
    entry = LogEntry.objects.get_for_object(registration).get()
    assert entry.actor is None
    assert entry.additional_data == {"actor": "public"}
    logged = str(entry.changes) + str(entry.serialized_data)
    assert "Quliyeva" not in logged and "sabina@example.org" not in logged
    assert "self" in logged  # what is not personal is logged
    assert history_for(registration, officer)[0]["actor"] == str(PUBLIC)


def test_the_mission_is_none_where_the_home_state_has_none(public, elsewhere, missions):
    page = public.post(REGISTER, form(country=elsewhere.pk))
    assert page.status_code == 200
    registration = Registration.objects.get()
    assert registration.mission is None
    assert registration.status == Status.PENDING
    assert "there is no mission of ours for this state yet" in page.content.decode()


# validation -------------------------------------------------------------------------------------
INVALID = [
    pytest.param(
        {"arrives_on": (TODAY + 9 * DAY).isoformat(), "leaves_on": (TODAY + 3 * DAY).isoformat()},
        "leaves_on",
        "is before its start",
        id="end-before-start",
    ),
    pytest.param(
        {"arrives_on": (TODAY - 20 * DAY).isoformat(), "leaves_on": (TODAY - DAY).isoformat()},
        "leaves_on",
        "in the past",
        id="trip-over",
    ),
    pytest.param(
        {"date_of_birth": (TODAY + DAY).isoformat()},
        "date_of_birth",
        "is in the future",
        id="born-in-the-future",
    ),
    pytest.param(
        {"date_of_birth": "1850-01-01"}, "date_of_birth", "before 1900", id="born-too-long-ago"
    ),
    pytest.param(
        {"leaves_on": (TODAY + 2 * DAY + 731 * DAY).isoformat()},
        "leaves_on",
        "longer than two years",
        id="trip-too-long",
    ),
    pytest.param(
        {
            "arrives_on": (TODAY + 800 * DAY).isoformat(),
            "leaves_on": (TODAY + 810 * DAY).isoformat(),
        },
        "arrives_on",
        "more than two years from now",
        id="trip-too-far-ahead",
    ),
    pytest.param({"consent": ""}, "consent", "Consent to the processing", id="no-consent"),
    pytest.param({"email": "sabina@@example"}, "email", "valid e-mail address", id="invalid-email"),
    pytest.param(
        {"phone": "", "email": ""}, "phone", "phone number or an e-mail", id="no-way-to-reach"
    ),
    pytest.param({"phone": "call me"}, "phone", "in digits", id="invalid-phone"),
    pytest.param({"surname_latin": "Гулиева"}, "surname_latin", "Latin letters", id="not-latin"),
    pytest.param(
        {"name_cyrillic": "Quliyeva"}, "name_cyrillic", "Cyrillic letters", id="not-cyrillic"
    ),
    pytest.param(
        {"travel_document": "C-123/45"}, "travel_document", "letters and digits", id="bad-passport"
    ),
    pytest.param({"travel_document": ""}, "travel_document", "Give the number", id="no-passport"),
    pytest.param({"arrives_on": "2025-02-30"}, "arrives_on", "real date", id="impossible-date"),
    pytest.param({"country": "999999"}, "country", "from the list", id="unknown-country"),
    pytest.param({"country": str(10**30)}, "country", "from the list", id="oversized-key"),
    pytest.param({"surname_latin": "Q" * 101}, "surname_latin", "at most 100", id="too-long"),
]


@pytest.mark.parametrize(("overrides", "field", "message"), INVALID)
def test_an_invalid_registration_is_refused_with_a_clear_message(
    overrides, field, message, public, trip
):
    page = public.post(REGISTER, {**trip, **overrides})
    assert page.status_code == 400
    assert any(message in error for error in page.context["form"].errors[field])
    assert message in page.content.decode()
    assert not Registration.objects.exists()
    assert not RegistrationAttempt.objects.exists()
    assert mail.outbox == []


@pytest.mark.parametrize("state", ["home_state", "secret_country"])
def test_the_home_state_and_a_classified_state_are_no_state_of_stay(
    state, request, public, trip, secret_country
):
    country = request.getfixturevalue(state)
    page = public.post(REGISTER, {**trip, "country": country.pk})
    assert page.status_code == 400
    assert "country" in page.context["form"].errors
    assert "Secretland" not in public.get(REGISTER).content.decode()


GARBAGE = st.one_of(
    st.text(st.characters(blacklist_categories=["Cs"]), max_size=40),
    st.sampled_from(["\x00", "x" * 100_000, "-1", str(10**40), "0000-00-00", "9999-12-31"]),
)


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(garbage=st.dictionaries(st.sampled_from(sorted(form())), GARBAGE, min_size=1))
def test_garbage_never_answers_500(garbage, public, trip):
    page = public.post(REGISTER, {**trip, **garbage})
    assert page.status_code in (200, 400, 429)


# the citizen's link -----------------------------------------------------------------------------
def test_the_link_shows_the_registration_to_update(public, submitted):
    registration, link, _page = submitted
    page = Client().get(path_of(link))
    assert page.status_code == 200
    assert page["Cache-Control"] == "no-store"
    assert "Quliyeva" in page.content.decode()
    assert page.context["form"].instance == registration


def test_a_wrong_token_and_an_unknown_reference_answer_the_same_404(public, submitted):
    registration, link, _page = submitted
    token = link.rstrip("/").rsplit("/", 1)[1]
    wrong_token = public.get(f"{REGISTER}{registration.reference}/{'A' * len(token)}/")
    unknown = public.get(f"{REGISTER}R-NOSUCH22/{token}/")
    assert wrong_token.status_code == unknown.status_code == 404
    assert masked(wrong_token) == masked(unknown)
    assert "Quliyeva" not in wrong_token.content.decode()


@pytest.mark.parametrize(
    "tail", ["x/", "R-" + "A" * 5000 + "/t/", "R-ABC/" + "t" * 5000 + "/", "%00/%00/"]
)
def test_a_malformed_link_is_a_404(tail, public, missions):
    assert public.get(REGISTER + tail).status_code == 404


def test_each_wrong_link_counts_against_the_limit(public, submitted, settings):
    settings.CHANCERY_SELF_REGISTRATION_LIMIT = 3
    registration, link, _page = submitted  # one submission counted
    wrong = f"{REGISTER}{registration.reference}/guess/"
    statuses = [public.get(wrong).status_code for _ in range(3)]
    assert statuses == [404, 404, 429]
    assert RegistrationAttempt.objects.filter(kind="wrong_link").count() == 2
    # even the right link is refused to an address that was guessing
    assert public.get(path_of(link)).status_code == 429
    assert Client(REMOTE_ADDR=OTHER_ADDRESS).get(path_of(link)).status_code == 200


def test_an_update_sends_a_confirmed_registration_back_to_the_mission(
    public, submitted, trip, officer
):
    registration, link, _page = submitted
    service.confirm(registration, officer)
    response = public.post(path_of(link), {**trip, "city": "Batumi"})
    assert response.status_code == 302
    assert response["Location"] == path_of(link)
    registration.refresh_from_db()
    assert (registration.city, registration.status) == ("Batumi", Status.PENDING)
    followed = public.get(path_of(link))
    assert "the mission will confirm it again" in followed.content.decode()


def test_an_update_that_changes_nothing_keeps_the_confirmation(public, submitted, trip, officer):
    registration, link, _page = submitted
    service.confirm(registration, officer)
    assert public.post(path_of(link), trip).status_code == 302
    registration.refresh_from_db()
    assert registration.status == Status.CONFIRMED


def test_a_new_state_of_stay_gets_its_own_mission(public, submitted, trip, home_state, elsewhere):
    registration, link, _page = submitted
    yerevan = Mission.objects.create(
        name="Embassy in Yerevan", kind="embassy", sending_state=home_state, host_state=elsewhere
    )
    assert public.post(path_of(link), {**trip, "country": elsewhere.pk}).status_code == 302
    registration.refresh_from_db()
    assert registration.mission == yerevan


def test_an_invalid_update_is_refused_and_changes_nothing(public, submitted, trip):
    registration, link, _page = submitted
    page = public.post(path_of(link), {**trip, "city": "Batumi", "email": "not-an-address"})
    assert page.status_code == 400
    assert "valid e-mail address" in page.content.decode()
    registration.refresh_from_db()
    assert registration.city == "Tbilisi"


def test_the_citizen_cancels_and_nothing_more_can_be_changed(public, submitted, trip):
    registration, link, _page = submitted
    cancel = path_of(link) + "cancel/"
    assert public.post(cancel).status_code == 302
    registration.refresh_from_db()
    assert registration.status == Status.CANCELLED
    page = public.get(path_of(link))
    assert page.status_code == 200
    assert 'id="registration-cancelled"' in page.content.decode()
    assert "Quliyeva" not in page.content.decode()
    assert "form" not in page.context
    assert public.post(path_of(link), {**trip, "city": "Batumi"}).status_code == 400
    assert public.post(cancel).status_code == 400
    registration.refresh_from_db()
    assert (registration.city, registration.status) == ("Tbilisi", Status.CANCELLED)


def test_cancelling_needs_the_right_token_and_a_post(public, submitted):
    registration, link, _page = submitted
    assert public.get(path_of(link) + "cancel/").status_code == 405
    wrong = f"{REGISTER}{registration.reference}/guess/cancel/"
    assert public.post(wrong).status_code == 404
    registration.refresh_from_db()
    assert registration.status == Status.PENDING


# the limit per address --------------------------------------------------------------------------
def test_an_address_is_refused_after_the_limit_and_another_is_not(public, trip, settings):
    settings.CHANCERY_SELF_REGISTRATION_LIMIT = 2
    statuses = [public.post(REGISTER, trip).status_code for _ in range(3)]
    assert statuses == [200, 200, 429]
    assert Registration.objects.count() == 2
    refused = public.post(REGISTER, trip)
    assert refused.status_code == 429
    assert 0 < int(refused["Retry-After"]) <= 3600
    assert "try again in 60 minutes" in refused.content.decode()
    assert public.get(REGISTER).status_code == 429
    assert Client(REMOTE_ADDR=OTHER_ADDRESS).post(REGISTER, trip).status_code == 200


def test_a_try_that_slipped_past_the_check_is_still_refused_and_not_kept(rf, settings, db):
    """As when simultaneous requests all pass the first check: the count after storing decides."""
    settings.CHANCERY_SELF_REGISTRATION_LIMIT = 2
    request = rf.post(REGISTER, REMOTE_ADDR=ADDRESS)
    waits = [service.count_attempt(request, "submission") for _ in range(3)]
    assert waits[:2] == [None, None]
    assert 3500 < waits[2] <= 3600
    assert RegistrationAttempt.objects.count() == 2


def test_an_invalid_form_is_not_counted(public, trip, settings):
    settings.CHANCERY_SELF_REGISTRATION_LIMIT = 1
    assert public.post(REGISTER, {**trip, "consent": ""}).status_code == 400
    assert public.post(REGISTER, trip).status_code == 200


def test_tries_older_than_the_window_do_not_count_and_are_deleted(public, trip, settings):
    settings.CHANCERY_SELF_REGISTRATION_LIMIT = 2
    old = timezone.now() - datetime.timedelta(seconds=3601)
    for _ in range(5):
        RegistrationAttempt.objects.create(
            address_hash=lookup_hash(ADDRESS), kind="submission", at=old
        )
    assert public.post(REGISTER, trip).status_code == 200
    assert RegistrationAttempt.objects.count() == 1
    assert not RegistrationAttempt.objects.filter(at=old).exists()


def test_retry_after_is_when_the_oldest_counted_try_leaves_the_window(public, trip, settings):
    settings.CHANCERY_SELF_REGISTRATION_LIMIT = 2
    now = timezone.now()
    for minutes in (50, 20):
        RegistrationAttempt.objects.create(
            address_hash=lookup_hash(ADDRESS),
            kind="submission",
            at=now - datetime.timedelta(minutes=minutes),
        )
    refused = public.post(REGISTER, trip)
    assert refused.status_code == 429
    assert 9 * 60 <= int(refused["Retry-After"]) <= 10 * 60


def test_the_address_is_kept_only_as_a_keyed_hash(submitted):
    attempt = RegistrationAttempt.objects.get()
    assert attempt.address_hash == lookup_hash(ADDRESS)
    with connection.cursor() as cursor:
        cursor.execute("SELECT * FROM consular_registrationattempt")
        assert not any(ADDRESS in str(value) for value in cursor.fetchone())


@pytest.mark.parametrize(
    ("proxies", "remote", "forwarded", "expected"),
    [
        (0, "192.0.2.1", "10.0.0.1", "192.0.2.1"),
        (1, "10.0.0.2", "6.6.6.6, 192.0.2.1", "192.0.2.1"),
        (2, "10.0.0.2", "6.6.6.6, 192.0.2.1, 10.0.0.1", "192.0.2.1"),
        (1, "10.0.0.2", "", "10.0.0.2"),
        (0, "2001:db8:1:2:3:4:5:6", "", "2001:db8:1:2::/64"),
        (0, "::ffff:192.0.2.1", "", "192.0.2.1"),
    ],
)
def test_the_client_address_is_the_one_a_trusted_proxy_saw(
    proxies, remote, forwarded, expected, rf, settings
):
    settings.CHANCERY_TRUSTED_PROXIES = proxies
    request = rf.get(REGISTER, REMOTE_ADDR=remote, HTTP_X_FORWARDED_FOR=forwarded)
    assert service.client_address(request) == expected


# the responsible mission ------------------------------------------------------------------------
def test_an_embassy_is_preferred_to_a_consulate_in_the_same_state(home_state, elsewhere):
    Mission.objects.create(
        name="Consulate in Gyumri", kind="consulate", sending_state=home_state, host_state=elsewhere
    )
    embassy = Mission.objects.create(
        name="Embassy in Yerevan", kind="embassy", sending_state=home_state, host_state=elsewhere
    )
    assert service.responsible_mission(home_state, elsewhere) == embassy


def test_a_mission_in_the_state_comes_before_one_whose_jurisdiction_covers_it(
    home_state, host, elsewhere
):
    tbilisi = Mission.objects.create(
        name="Embassy in Tbilisi", kind="embassy", sending_state=home_state, host_state=host
    )
    tbilisi.jurisdiction.add(elsewhere)
    assert service.responsible_mission(home_state, elsewhere) == tbilisi
    gyumri = Mission.objects.create(
        name="Consulate in Gyumri", kind="consulate", sending_state=home_state, host_state=elsewhere
    )
    assert service.responsible_mission(home_state, elsewhere) == gyumri


def test_a_closed_mission_and_another_states_mission_answer_for_no_one(home_state, host, elsewhere):
    Mission.objects.create(
        name="Embassy in Tbilisi (closed)",
        kind="embassy",
        sending_state=home_state,
        host_state=host,
        closed=TODAY - DAY,
    )
    Mission.objects.create(
        name="Armenian embassy in Tbilisi", kind="embassy", sending_state=elsewhere, host_state=host
    )
    Mission.objects.create(
        name="Trade office", kind="trade_office", sending_state=home_state, host_state=host
    )
    assert service.responsible_mission(home_state, host) is None


def test_a_classified_missions_name_is_not_shown_to_the_public(public, trip, missions):
    Mission.objects.filter(pk=missions[0].pk).update(classification=Classification.RESTRICTED)
    page = public.post(REGISTER, trip)
    assert page.status_code == 200
    assert Registration.objects.get().mission == missions[0]
    assert missions[0].name not in page.content.decode()
    assert "Chosen by the ministry" in page.content.decode()


def test_the_page_is_unavailable_without_the_home_state(db):
    assert Client().get(REGISTER).status_code == 503


# the mission confirms -------------------------------------------------------------------------
@pytest.fixture
def waiting(submitted):
    return submitted[0]


def confirm_url(registration):
    return reverse("consular:registration_confirm", args=[registration.pk])


def test_the_officer_sees_where_it_came_from_and_confirms_it(waiting, officer, client_as):
    client = client_as(officer)
    page = client.get(waiting.get_absolute_url()).content.decode()
    assert "Registered by the citizen on the public page" in page
    assert confirm_url(waiting) in page
    assert "status=pending&amp;source=self" in page
    response = client.post(confirm_url(waiting))
    assert response.status_code == 302
    waiting.refresh_from_db()
    assert waiting.status == Status.CONFIRMED
    entry = LogEntry.objects.get_for_object(waiting).order_by("-timestamp", "-pk").first()
    assert entry.actor == officer
    assert entry.changes_dict["status"] == [Status.PENDING, Status.CONFIRMED]
    assert confirm_url(waiting) not in client.get(waiting.get_absolute_url()).content.decode()


def test_the_list_of_waiting_self_registrations_shows_them(waiting, officer, client_as, register):
    register("Byofficer", status=Status.PENDING)
    page = client_as(officer).get(registry[Registration].list_url + "?status=pending&source=self")
    assert [row["object"] for row in page.context["rows"]] == [waiting]


def test_confirming_twice_is_refused(waiting, officer, client_as):
    client = client_as(officer)
    assert client.post(confirm_url(waiting)).status_code == 302
    again = client.post(confirm_url(waiting))
    assert again.status_code == 400
    assert "Only a registration waiting for the mission can be confirmed" in again.content.decode()


def test_the_officer_cancels_it(waiting, officer, client_as):
    url = reverse("consular:registration_cancel", args=[waiting.pk])
    assert client_as(officer).post(url).status_code == 302
    waiting.refresh_from_db()
    assert waiting.status == Status.CANCELLED


@pytest.mark.parametrize("who", ["outsider", "analyst"])
def test_who_may_not_read_it_gets_a_404(who, request, waiting, client_as):
    response = client_as(request.getfixturevalue(who)).post(confirm_url(waiting))
    assert response.status_code == 404
    waiting.refresh_from_db()
    assert waiting.status == Status.PENDING


def test_who_may_read_it_but_not_change_it_gets_a_403(waiting, missions, make_user, client_as):
    reader = make_user("reader", Classification.RESTRICTED, role=None)
    reader.user_permissions.add(Permission.objects.get(codename="read_personal_data"))
    reader.consular_missions.add(missions[0])
    client = client_as(reader)
    assert client.get(waiting.get_absolute_url()).status_code == 200
    assert confirm_url(waiting) not in client.get(waiting.get_absolute_url()).content.decode()
    assert client.post(confirm_url(waiting)).status_code == 403
    waiting.refresh_from_db()
    assert waiting.status == Status.PENDING


def test_confirming_is_a_post(waiting, officer, client_as):
    assert client_as(officer).get(confirm_url(waiting)).status_code == 405


# log-in ---------------------------------------------------------------------------------------
def test_the_public_pages_need_no_log_in_and_the_others_still_do(waiting, db):
    anonymous = Client()
    register_page = anonymous.get(REGISTER)
    assert register_page.status_code == 200
    assert 'for="id_surname_latin"' in register_page.content.decode()
    for url in (
        registry[Registration].list_url,
        waiting.get_absolute_url(),
        reverse("consular:case_breaches"),
    ):
        response = anonymous.get(url)
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    refused = anonymous.post(confirm_url(waiting))
    assert refused.status_code == 302 and "/accounts/login/" in refused["Location"]


def test_the_public_pages_have_no_inline_script_or_style(public, submitted):
    _registration, link, registered = submitted
    for page in (public.get(REGISTER), registered, Client().get(path_of(link))):
        html = page.content.decode()
        assert "<style" not in html and " style=" not in html
        assert re.findall(r"<script(?![^>]*\bsrc=)", html) == []


def test_the_log_in_page_links_to_the_public_page(db):
    assert f'href="{REGISTER}"' in Client().get("/accounts/login/").content.decode()


# the demo ---------------------------------------------------------------------------------------
def test_the_demo_has_one_self_registration_for_the_officer_to_confirm(host, home_state, officer):
    users = {"consular": officer}
    demo.load(users, io.StringIO())
    demo.load(users, io.StringIO())
    waiting = Registration.objects.get(source="self")
    assert waiting.status == Status.PENDING
    assert "FICTIONAL" in waiting.purpose
    assert Registration.objects.visible_to(officer).filter(pk=waiting.pk).exists()
