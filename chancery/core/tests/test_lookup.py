"""Type-to-find selects (issue 15: a filter or form over 30,000 agreements rendered them all):
a link's select renders only what is chosen, and `core:lookup` answers the typed text with the
records the user may pick, never one out of sight, in a number of queries that does not grow."""

import re

import pytest
from django.test import RequestFactory

from chancery.core.models import Classification
from chancery.core.registry import registry
from chancery.core.tests.testapp.models import Dispatch
from chancery.core.views import LOOKUP_ANSWERS
from chancery.core.widgets import lookup_url
from chancery.reference.models import Country

COUNTRIES = lookup_url(Country)


def answer(client, url, **query):
    response = client.get(url, query)
    assert response.status_code == 200, response.content
    return response.json()


def texts(found):
    return [row["text"] for row in found["results"]]


def codes(first, n):
    """Up to 26 made-up ISO codes (two letters, three letters, three digits) starting with
    `first`, of the lengths the columns hold."""
    for i in range(n):
        pair = first + chr(ord("A") + i)
        yield pair, f"{pair}A", f"9{i:02}"


@pytest.fixture
def states(db):
    return [
        Country.objects.create(alpha_2=a2, alpha_3=a3, numeric=n, name=f"Quokkaland {i:02}")
        for i, (a2, a3, n) in enumerate(codes("Q", LOOKUP_ANSWERS + 5))
    ]


def test_a_lookup_answers_the_typed_text_first_twenty_with_more_to_find(
    personas, client_as, states, home_state
):
    client = client_as(personas[Classification.SECRET])

    found = answer(client, COUNTRIES, q="quokka")

    assert texts(found) == [s.name for s in states[:LOOKUP_ANSWERS]]
    assert found["more"] is True
    assert answer(client, COUNTRIES, q="Quokkaland 07") == {
        "results": [{"value": str(states[7].pk), "text": "Quokkaland 07"}],
        "more": False,
    }
    assert texts(answer(client, COUNTRIES, q="Азербайджан")) == ["Azerbaijan"]
    assert texts(answer(client, COUNTRIES, q=str(home_state.pk))) == ["Azerbaijan"]
    assert answer(client, COUNTRIES, q="zzqxj")["results"] == []


def test_a_lookup_never_offers_a_record_out_of_sight(personas, client_as, home_state):
    Dispatch.objects.create(subject="quokka open", country=home_state)
    secret = Dispatch.objects.create(
        subject="quokka secret", country=home_state, classification=Classification.SECRET
    )
    url = lookup_url(Dispatch)

    seen_low = answer(client_as(personas[Classification.RESTRICTED]), url, q="quokka")
    seen_high = answer(client_as(personas[Classification.SECRET]), url, q="quokka")
    by_key = answer(client_as(personas[Classification.RESTRICTED]), url, q=str(secret.pk))

    assert texts(seen_low) == ["quokka open"]
    assert texts(seen_high) == ["quokka open", "quokka secret"]
    assert by_key["results"] == []


@pytest.mark.parametrize(
    ("label", "query", "status"),
    [
        ("reference.country", {"q": "a\x00b"}, 400),
        ("reference.country", {"q": "x" * 201}, 400),
        ("reference.country", {"key": "name_ru"}, 400),
        ("consular.registration", {"key": "reference"}, 400),
        ("reference.country", {"key": "alpha_2", "q": "AZ"}, 200),
        ("auth.user", {"q": "a"}, 404),
        ("core.nothing", {}, 404),
    ],
)
def test_a_lookup_refuses_what_it_cannot_answer(
    personas, client_as, home_state, label, query, status
):
    response = client_as(personas[Classification.SECRET]).get(f"/lookup/{label}/", query)

    assert response.status_code == status
    if status == 200:
        assert response.json()["results"] == [{"value": "AZ", "text": "Azerbaijan"}]


def test_a_lookup_asks_nothing_of_someone_not_signed_in(client, home_state):
    response = client.get(COUNTRIES, {"q": "Azer"})

    assert response.status_code == 302
    assert "Azerbaijan" not in response.content.decode()


def test_a_lookup_needs_as_many_queries_for_many_records_as_for_few(
    personas, client_as, states, django_assert_max_num_queries
):
    client = client_as(personas[Classification.SECRET])
    client.get(COUNTRIES, {"q": "quokka"})
    with django_assert_max_num_queries(8) as few:
        answer(client, COUNTRIES, q="quokka")
    Country.objects.bulk_create(
        Country(alpha_2=a2, alpha_3=a3, numeric=f"8{i:02}", name=f"Quokka {i}")
        for i, (a2, a3, _n) in enumerate(codes("X", 26))
    )

    with django_assert_max_num_queries(len(few)):
        answer(client, COUNTRIES, q="quokka")


def offered(html):
    return re.findall(r'<option value="([^"]*)"[^>]*>([^<]*)</option>', html)


def test_a_filter_and_a_form_render_only_the_chosen_record(
    personas, states, home_state, django_assert_max_num_queries
):
    user = personas[Classification.SECRET]
    dispatches = registry.get(Dispatch)
    request = RequestFactory().get("/", {"country": home_state.pk})
    request.user = user
    filterset = dispatches.filterset_class(
        request.GET, queryset=Dispatch.objects.none(), request=request
    )
    form = dispatches.form_class(user=user, instance=Dispatch(subject="s", country=states[3]))

    # the bound filter's own check of the key, then the chosen record of each select
    with django_assert_max_num_queries(3):
        filter_html, form_html = str(filterset.form["country"]), str(form["country"])

    assert f'data-lookup="{COUNTRIES}"' in filter_html
    assert offered(filter_html) == [("", "---------"), (str(home_state.pk), "Azerbaijan")]
    assert offered(form_html) == [("", "---------"), (str(states[3].pk), "Quokkaland 03")]
    bound = dispatches.form_class(user=user, data={"country": "not a key"})
    assert offered(str(bound["country"])) == [("", "---------")]
