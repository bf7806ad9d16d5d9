"""Bad input answers 4xx naming the field, never 500, and writes nothing; what a user may not
see answers exactly like what does not exist."""

import pytest
from auditlog.models import LogEntry
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from chancery.core.models import Classification
from chancery.core.registry import registry
from chancery.core.tests.testapp.models import Dispatch
from chancery.core.widgets import lookup_url
from chancery.documents.models import Document
from chancery.multilateral.models import Membership
from chancery.reference.models import Country, Organization, Person

DISPATCHES = "/api/testapp/dispatches/"
PEOPLE = "/api/reference/people/"
MEMBERSHIPS = "/api/multilateral/memberships/"
MISSING_PK = 999_999


@pytest.fixture
def boss(make_user):
    return make_user("boss", Classification.SECRET, role=None, is_superuser=True)


@pytest.fixture
def restricted(personas):
    """A desk officer (may edit reference and multilateral records) cleared to restricted."""
    return personas[Classification.RESTRICTED]


@pytest.fixture
def organization(db):
    return Organization.objects.create(name="United Nations", acronym="UN", kind="universal")


def dispatch_form(**overrides):
    data = {
        "subject": "Note on the border talks",
        "channel": "cable",
        "sent_on": "2011-05-25",
        "country": "",
        "pages": "3",
        "classification": "0",
    }
    data.update(overrides)
    return data


def dispatch_json(**overrides):
    data = {"subject": "Note on the border talks", "channel": "cable", "sent_on": "2011-05-25"}
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


def form_errors(response):
    return response.context["form"].errors


def nothing_written(model):
    return not model.objects.exists() and not LogEntry.objects.get_for_model(model).exists()


def post_json(client, url, data):
    return client.post(url, data, content_type="application/json")


def patch_json(client, url, data):
    return client.patch(url, data, content_type="application/json")


# a bad value of each kind, as the form gets it and as the API gets it (None: left out)
BAD_DISPATCHES = [
    pytest.param("subject", {"subject": ""}, {"subject": None}, id="missing-required-field"),
    pytest.param("subject", {"subject": "x" * 201}, {"subject": "x" * 201}, id="too-long-text"),
    pytest.param("channel", {"channel": "telegram"}, {"channel": "telegram"}, id="invalid-choice"),
    pytest.param(
        "sent_on", {"sent_on": "2011-13-45"}, {"sent_on": "2011-13-45"}, id="malformed-date"
    ),
    pytest.param(
        "sent_on", {"sent_on": "spring 2011"}, {"sent_on": "spring 2011"}, id="no-such-month"
    ),
    pytest.param("pages", {"pages": "many"}, {"pages": "many"}, id="not-a-number"),
    pytest.param("pages", {"pages": "-1"}, {"pages": -1}, id="negative-number"),
    pytest.param(
        "country", {"country": str(MISSING_PK)}, {"country": MISSING_PK}, id="nonexistent-pk"
    ),
    pytest.param("country", {"country": "abc"}, {"country": "abc"}, id="pk-not-a-number"),
    pytest.param(
        "classification", {"classification": "7"}, {"classification": 7}, id="no-such-level"
    ),
]


# forms and API: field named, nothing written -----------------------------------------------


@pytest.mark.parametrize(("field", "form_value", "api_value"), BAD_DISPATCHES)
def test_the_add_form_names_the_bad_field_and_writes_nothing(
    boss, client_as, field, form_value, api_value
):
    response = client_as(boss).post(reverse("testapp:dispatch_add"), dispatch_form(**form_value))

    assert response.status_code == 400
    assert list(form_errors(response)) == [field]
    assert nothing_written(Dispatch)


@pytest.mark.parametrize(("field", "form_value", "api_value"), BAD_DISPATCHES)
def test_the_api_names_the_bad_field_and_writes_nothing(
    boss, client_as, field, form_value, api_value
):
    response = post_json(client_as(boss), DISPATCHES, dispatch_json(**api_value))

    assert response.status_code == 400
    assert list(response.json()) == [field]
    assert nothing_written(Dispatch)


@pytest.mark.parametrize(("field", "form_value", "api_value"), BAD_DISPATCHES)
def test_a_bad_edit_leaves_the_record_as_it_was(boss, client_as, field, form_value, api_value):
    record = Dispatch.objects.create(subject="As it was", pages=2)
    client = client_as(boss)

    form = client.post(
        reverse("testapp:dispatch_edit", args=[record.pk]), dispatch_form(**form_value)
    )
    patch = {name: "" if value is None else value for name, value in api_value.items()}
    api = patch_json(client, f"{DISPATCHES}{record.pk}/", patch)

    assert form.status_code == 400
    assert field in form_errors(form)
    assert api.status_code == 400
    assert field in api.json()
    record.refresh_from_db()
    assert (record.subject, record.pages, record.channel) == ("As it was", 2, "cable")
    assert not LogEntry.objects.filter(action=LogEntry.Action.UPDATE).exists()


def test_the_api_names_a_precision_it_does_not_know_and_writes_nothing(boss, client_as):
    # the form has no precision of its own: "2011", "May 2011" and "25.05.2011" say it
    response = post_json(client_as(boss), DISPATCHES, dispatch_json(sent_on_precision="decade"))

    assert response.status_code == 400
    assert list(response.json()) == ["sent_on_precision"]
    assert nothing_written(Dispatch)


def test_the_api_rejects_a_body_that_is_not_json(boss, client_as):
    response = client_as(boss).post(DISPATCHES, "{not json", content_type="application/json")

    assert response.status_code == 400
    assert nothing_written(Dispatch)


# a membership that ends before it begins ---------------------------------------------------


@pytest.fixture
def membership_form(home_state, organization):
    return {
        "state": str(home_state.pk),
        "organization": str(organization.pk),
        "status": "member",
        "since": "2011-06-01",
        "until": "2010-02-03",
        "notes": "",
        "classification": "0",
    }


def test_the_membership_form_rejects_an_end_before_the_start_naming_both_dates(
    personas, client_as, membership_form
):
    response = client_as(personas[Classification.SECRET]).post(
        reverse("multilateral:membership_add"), membership_form
    )

    assert response.status_code == 400
    message = " ".join(form_errors(response)["until"])
    assert "3 February 2010" in message
    assert "1 June 2011" in message
    assert "2010-02-03" in response.content.decode()  # as typed, in its field
    assert nothing_written(Membership)


def test_the_membership_api_rejects_an_end_before_the_start_naming_both_dates(
    personas, client_as, membership_form
):
    data = {**membership_form, "state": int(membership_form["state"]), "classification": 0}
    data["organization"] = int(data["organization"])

    response = post_json(client_as(personas[Classification.SECRET]), MEMBERSHIPS, data)

    assert response.status_code == 400
    message = " ".join(response.json()["until"])
    assert "3 February 2010" in message
    assert "1 June 2011" in message
    assert nothing_written(Membership)


def test_patching_a_membership_to_end_before_it_began_is_refused(
    personas, client_as, home_state, organization
):
    membership = Membership.objects.create(
        state=home_state,
        organization=organization,
        status="member",
        since="2011-06-01",
        until="2015-01-01",
    )

    response = patch_json(
        client_as(personas[Classification.SECRET]),
        f"{MEMBERSHIPS}{membership.pk}/",
        {"until": "2010-02-03"},
    )

    assert response.status_code == 400
    assert "1 June 2011" in " ".join(response.json()["until"])
    membership.refresh_from_db()
    assert str(membership.until) == "2015-01-01"


def test_an_end_known_only_to_the_year_of_the_start_is_not_before_it(
    personas, client_as, membership_form
):
    # "until 2011" may be any day of 2011, so it is not before 2011-06-01
    data = {**membership_form, "until": "2011"}

    response = client_as(personas[Classification.SECRET]).post(
        reverse("multilateral:membership_add"), data
    )

    assert response.status_code == 302, response.context and form_errors(response)
    assert Membership.objects.get().until_display == "2011"


# what the user may not see answers like what does not exist --------------------------------


def test_the_person_form_does_not_offer_a_country_above_the_clearance(
    restricted, client_as, secret_country, home_state
):
    client = client_as(restricted)
    form = client.get(reverse("reference:person_add"))
    offered = client.get(lookup_url(Country), {"q": "land"}).json()["results"]
    offered += client.get(lookup_url(Country), {"q": "Azerbaijan"}).json()["results"]

    assert form.status_code == 200
    assert f'data-lookup="{lookup_url(Country)}"'.encode() in form.content
    assert [row["text"] for row in offered] == ["Azerbaijan"]
    assert b"Secretland" not in form.content


def test_a_country_above_the_clearance_is_refused_like_a_missing_one_in_the_form(
    restricted, client_as, secret_country
):
    client = client_as(restricted)
    url = reverse("reference:person_add")

    hidden = client.post(url, {"name": "Envoy", "country": secret_country.pk, "classification": 0})
    missing = client.post(url, {"name": "Envoy", "country": MISSING_PK, "classification": 0})

    assert hidden.status_code == missing.status_code == 400
    assert form_errors(hidden)["country"] == form_errors(missing)["country"]
    assert b"Secretland" not in hidden.content
    assert nothing_written(Person)


def test_a_country_above_the_clearance_is_refused_like_a_missing_one_in_the_api(
    restricted, client_as, secret_country
):
    client = client_as(restricted)

    hidden = post_json(client, PEOPLE, {"name": "Envoy", "country": secret_country.pk})
    missing = post_json(client, PEOPLE, {"name": "Envoy", "country": MISSING_PK})

    assert hidden.status_code == missing.status_code == 400
    hidden_message = " ".join(hidden.json()["country"]).replace(str(secret_country.pk), "<pk>")
    missing_message = " ".join(missing.json()["country"]).replace(str(MISSING_PK), "<pk>")
    assert hidden_message == missing_message
    assert "Secretland" not in hidden.content.decode()
    assert nothing_written(Person)


def test_a_source_above_the_clearance_is_refused_like_a_missing_one(restricted, client_as):
    secret = Document.objects.create(
        kind="report", title="Secret report", language="en", classification=Classification.SECRET
    )
    client = client_as(restricted)
    url = reverse("reference:person_add")

    hidden = client.post(url, {"name": "Envoy", "sources": [secret.pk], "classification": 0})
    missing = client.post(url, {"name": "Envoy", "sources": [MISSING_PK], "classification": 0})
    hidden_api = post_json(client, PEOPLE, {"name": "Envoy", "sources": [secret.pk]})
    missing_api = post_json(client, PEOPLE, {"name": "Envoy", "sources": [MISSING_PK]})

    assert hidden.status_code == missing.status_code == 400
    assert [e.replace(str(secret.pk), "<pk>") for e in form_errors(hidden)["sources"]] == [
        e.replace(str(MISSING_PK), "<pk>") for e in form_errors(missing)["sources"]
    ]
    assert hidden_api.status_code == missing_api.status_code == 400
    assert hidden_api.content.decode().replace(str(secret.pk), "<pk>") == (
        missing_api.content.decode().replace(str(MISSING_PK), "<pk>")
    )
    assert b"Secret report" not in hidden.content + hidden_api.content
    assert nothing_written(Person)


def test_filtering_by_a_country_above_the_clearance_answers_like_a_missing_one(
    restricted, client_as, secret_country
):
    client = client_as(restricted)
    url = reverse("reference:person_list")

    hidden = client.get(url, {"country": secret_country.pk})
    missing = client.get(url, {"country": MISSING_PK})
    hidden_api = client.get(PEOPLE, {"country": secret_country.pk})
    missing_api = client.get(PEOPLE, {"country": MISSING_PK})

    assert hidden.status_code == missing.status_code == 400
    assert hidden.context["filterset"].errors == missing.context["filterset"].errors
    assert b"Secretland" not in hidden.content
    assert hidden_api.status_code == missing_api.status_code == 400
    assert hidden_api.json() == missing_api.json()


# classification above the clearance --------------------------------------------------------


def test_the_form_refuses_a_classification_above_the_clearance(restricted, client_as):
    response = client_as(restricted).post(
        reverse("reference:person_add"),
        {"name": "Envoy", "classification": Classification.SECRET.value},
    )

    assert response.status_code == 400
    assert "classification" in form_errors(response)
    assert nothing_written(Person)


def test_the_form_does_not_offer_a_classification_above_the_clearance(restricted, client_as):
    response = client_as(restricted).get(reverse("reference:person_add"))

    offered = [value for value, _label in response.context["form"].fields["classification"].choices]
    assert offered == [Classification.UNCLASSIFIED, Classification.RESTRICTED]


def test_the_api_refuses_a_classification_above_the_clearance(restricted, client_as):
    response = post_json(
        client_as(restricted), PEOPLE, {"name": "Envoy", "classification": Classification.SECRET}
    )

    assert response.status_code == 400
    assert "classification" in response.json()
    assert nothing_written(Person)


def test_raising_a_record_above_the_clearance_is_refused_and_rolled_back(restricted, client_as):
    person = Person.objects.create(name="Envoy", classification=Classification.RESTRICTED)
    client = client_as(restricted)

    form = client.post(
        reverse("reference:person_edit", args=[person.pk]),
        {"name": "Envoy", "classification": Classification.CONFIDENTIAL.value},
    )
    api = patch_json(
        client, f"{PEOPLE}{person.pk}/", {"classification": Classification.CONFIDENTIAL}
    )

    assert form.status_code == 400
    assert "classification" in form_errors(form)
    assert api.status_code == 400
    assert "classification" in api.json()
    person.refresh_from_db()
    assert person.classification == Classification.RESTRICTED
    assert not LogEntry.objects.filter(action=LogEntry.Action.UPDATE).exists()


# invalid filters, unknown formats, invisible records ---------------------------------------


@pytest.mark.parametrize(
    ("param", "value"),
    [("channel", "telegram"), ("classification", "9"), ("sort", "-nonsense"), ("country", "x")],
)
def test_an_invalid_filter_on_the_list_page_answers_400_with_a_message(
    personas, client_as, dispatch_at_each_level, param, value
):
    response = client_as(personas[Classification.SECRET]).get(
        reverse("testapp:dispatch_list"), {param: value}
    )

    assert response.status_code == 400
    assert param in response.context["filterset"].errors
    assert b"Some filters are not valid" in response.content
    assert f"{param}: ".encode() in response.content
    assert response.context["page"].paginator.count == 0


@pytest.mark.parametrize(
    ("param", "value"),
    [("channel", "telegram"), ("classification", "9"), ("sort", "-nonsense"), ("country", "x")],
)
def test_an_invalid_filter_on_the_api_list_answers_400_naming_it(
    personas, client_as, dispatch_at_each_level, param, value
):
    response = client_as(personas[Classification.SECRET]).get(DISPATCHES, {param: value})

    assert response.status_code == 400
    assert param in response.json()


@pytest.mark.parametrize("sort", [",", ",,", " , "])
def test_a_sort_of_nothing_but_commas_keeps_a_stable_order(personas, client_as, sort):
    for subject in ("gamma", "beta", "alpha"):  # created out of order on purpose
        Dispatch.objects.create(subject=subject)
    client = client_as(personas[Classification.SECRET])

    page = client.get(reverse("testapp:dispatch_list"), {"sort": sort})
    api = client.get(DISPATCHES, {"sort": sort})

    # refused, or the default order; never an unordered list that pagination cannot split
    if page.status_code != 400:
        assert [row["object"].subject for row in page.context["rows"]] == ["alpha", "beta", "gamma"]
    if api.status_code != 400:
        assert [r["subject"] for r in api.json()["results"]] == ["alpha", "beta", "gamma"]


def test_an_invalid_filter_on_the_export_answers_400(personas, client_as, dispatch_at_each_level):
    response = client_as(personas[Classification.SECRET]).get(
        reverse("testapp:dispatch_export", args=["csv"]), {"channel": "telegram"}
    )

    assert response.status_code == 400
    assert b"dispatch secret" not in response.content


def test_an_unknown_export_format_answers_404(personas, client_as, dispatch_at_each_level):
    response = client_as(personas[Classification.SECRET]).get(
        reverse("testapp:dispatch_export", args=["pdf"])
    )

    assert response.status_code == 404


def test_an_invisible_record_answers_404_like_a_missing_one(
    personas, client_as, dispatch_at_each_level
):
    secret = dispatch_at_each_level[Classification.SECRET]
    client = client_as(personas[Classification.RESTRICTED])

    for hidden_url, missing_url in [
        (
            reverse("testapp:dispatch_detail", args=[secret.pk]),
            reverse("testapp:dispatch_detail", args=[MISSING_PK]),
        ),
        (f"{DISPATCHES}{secret.pk}/", f"{DISPATCHES}{MISSING_PK}/"),
    ]:
        hidden, missing = client.get(hidden_url), client.get(missing_url)
        assert hidden.status_code == missing.status_code == 404, hidden_url
        assert b"dispatch secret" not in hidden.content


def test_editing_or_deleting_an_invisible_record_answers_404_not_403(
    restricted, client_as, secret_country
):
    client = client_as(restricted)

    assert (
        client.get(reverse("reference:country_edit", args=[secret_country.pk])).status_code == 404
    )
    assert (
        client.post(reverse("reference:country_edit", args=[secret_country.pk]), {}).status_code
        == 404
    )
    assert (
        client.post(reverse("reference:country_delete", args=[secret_country.pk])).status_code
        == 404
    )
    api = f"/api/reference/countries/{secret_country.pk}/"
    assert patch_json(client, api, {"name": "Renamed"}).status_code == 404
    assert client.delete(api).status_code == 404
    secret_country.refresh_from_db()
    assert secret_country.name == "Secretland"


# arbitrary text never makes a 500 ----------------------------------------------------------

FUZZ = settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
# a list page renders its whole table and filter form for each example: fewer of them, the same
# filters (the API's fuzz below asks them forty times, through the same filterset)
FUZZ_PAGES = settings(FUZZ, max_examples=20)
ANY_TEXT = st.text(st.characters(blacklist_categories=["Cs"]), max_size=30)
ANY_VALUE = st.one_of(
    ANY_TEXT,
    st.integers().map(str),
    st.sampled_from(["", "-", "--subject", "-subject,subject", "0", "-1", "1e9", "None", "%"]),
)


def filter_params(record_type):
    names = ["q", "sort", "page", "classification", "priority", *record_type.list_filter]
    return st.dictionaries(st.sampled_from(names), ANY_VALUE, max_size=4)


@pytest.mark.parametrize(
    "record_type", list(registry), ids=lambda rt: f"{rt.app_label}.{rt.model_name}"
)
def test_arbitrary_list_parameters_never_answer_500(record_type, personas, client_as):
    client = client_as(personas[Classification.SECRET])

    @FUZZ_PAGES
    @given(q=ANY_TEXT, sort=ANY_VALUE, others=filter_params(record_type))
    def check(q, sort, others):
        response = client.get(record_type.list_url, {**others, "q": q, "sort": sort})
        assert response.status_code in (200, 400)

    check()


@pytest.mark.parametrize(
    "record_type", list(registry), ids=lambda rt: f"{rt.app_label}.{rt.model_name}"
)
def test_arbitrary_api_filters_never_answer_500(record_type, personas, client_as):
    client = client_as(personas[Classification.SECRET])
    url = f"/api/{record_type.app_label}/{record_type.slug}/"

    @FUZZ
    @given(params=filter_params(record_type))
    def check(params):
        response = client.get(url, params)
        assert response.status_code in (200, 400, 404), response.content

    check()


@FUZZ
@given(params=filter_params(registry[Dispatch]))
def test_arbitrary_export_filters_never_answer_500(personas, client_as, params):
    response = client_as(personas[Classification.SECRET]).get(
        reverse("testapp:dispatch_export", args=["csv"]), params
    )

    assert response.status_code in (200, 400)
    if response.streaming:
        b"".join(response.streaming_content)


@FUZZ
@given(q=ANY_TEXT)
def test_arbitrary_search_text_never_answers_500(personas, client_as, q):
    response = client_as(personas[Classification.SECRET]).get("/search/", {"q": q})

    assert response.status_code == 200


def test_a_search_the_filters_reject_finds_nothing_rather_than_everything(
    personas, client_as, dispatch_at_each_level
):
    # a NUL character is refused by the search filter; the list page answers 400 for it
    response = client_as(personas[Classification.SECRET]).get("/search/", {"q": "zzz\x00"})

    assert response.status_code in (200, 400)
    assert response.context["groups"] == []
