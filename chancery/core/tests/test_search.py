"""The global search at a ministry's size (issue 15): each type shows its newest matches and a
count held at a cap, in a number of queries that does not grow with the matches, and a record
the user may not see is neither shown nor counted."""

import re

from django.db import connection
from django.test.utils import CaptureQueriesContext

from chancery.core.models import Classification
from chancery.core.tests.testapp.models import Dispatch
from chancery.core.views import SearchView

URL = "/search/"


def dispatches(n, subject="quokka", **fields):
    return [Dispatch.objects.create(subject=f"{subject} {i}", **fields) for i in range(n)]


def group_of(response, model=Dispatch):
    return next(g for g in response.context["groups"] if g["record_type"].model is model)


def heading_count(response):
    """The count the page gives beside the dispatches' heading."""
    page = response.content.decode()
    found = re.search(r"Dispatches\s*<span[^>]*>([^<]*)</span>", page)
    return found.group(1).strip() if found else None


def test_the_search_needs_as_many_queries_for_many_matches_as_for_few(
    personas, client_as, home_state, django_assert_num_queries
):
    client = client_as(personas[Classification.SECRET])
    dispatches(2, country=home_state)
    client.get(URL, {"q": "quokka"})  # warm the caches (content types, session)
    with CaptureQueriesContext(connection) as few:
        assert client.get(URL, {"q": "quokka"}).status_code == 200
    dispatches(70, subject="quokka more", country=home_state)

    with django_assert_num_queries(len(few)):
        response = client.get(URL, {"q": "quokka"})

    assert len(group_of(response)["items"]) == SearchView.per_type


def test_a_search_that_matches_nothing_asks_each_type_once_at_most(
    personas, client_as, django_assert_max_num_queries
):
    from chancery.core.registry import registry

    client = client_as(personas[Classification.SECRET])
    client.get(URL, {"q": "zzqxj"})
    with CaptureQueriesContext(connection) as page:  # the page itself: session, user, menus
        client.get(URL)

    with django_assert_max_num_queries(len(page) + len(registry.searchable())):
        response = client.get(URL, {"q": "zzqxj"})

    assert response.context["groups"] == []


def test_a_record_above_the_clearance_is_neither_shown_nor_counted(personas, client_as):
    dispatches(3, classification=Classification.RESTRICTED)
    dispatches(5, subject="quokka secret", classification=Classification.SECRET)

    response = client_as(personas[Classification.RESTRICTED]).get(URL, {"q": "quokka"})

    group = group_of(response)
    assert sorted(d.subject for d in group["items"]) == ["quokka 0", "quokka 1", "quokka 2"]
    assert (group["count"], group["count_is_capped"], group["more"]) == (3, False, False)
    assert heading_count(response) == "3"
    assert "quokka secret" not in response.content.decode()


def test_a_record_off_the_desk_is_neither_shown_nor_counted(make_user, client_as, home_state):
    from chancery.reference.models import Country

    elsewhere = Country.objects.create(alpha_2="ZQ", alpha_3="ZQZ", numeric="998", name="Zqland")
    officer = make_user("officer", Classification.SECRET, desks=[home_state])
    restricted = Classification.RESTRICTED
    dispatches(2, classification=restricted, country=home_state)
    dispatches(4, subject="quokka away", classification=restricted, country=elsewhere)

    response = client_as(officer).get(URL, {"q": "quokka"})

    group = group_of(response)
    assert sorted(d.subject for d in group["items"]) == ["quokka 0", "quokka 1"]
    assert (group["count"], heading_count(response)) == (2, "2")
    assert "quokka away" not in response.content.decode()


def test_a_common_word_shows_the_newest_ten_a_capped_count_and_a_link_to_them_all(
    personas, client_as
):
    made = dispatches(SearchView.counted_up_to + 5)

    response = client_as(personas[Classification.SECRET]).get(URL, {"q": "quokka"})

    group = group_of(response)
    newest = sorted(made, key=lambda d: d.pk, reverse=True)[: SearchView.per_type]
    assert group["items"] == newest
    assert (group["count"], group["count_is_capped"], group["more"]) == (50, True, True)
    assert heading_count(response) == "50+"
    assert 'href="/testapp/dispatches/?q=quokka"' in response.content.decode()


def test_matches_behind_many_newer_hidden_ones_are_still_found_and_counted(
    personas, client_as, monkeypatch
):
    monkeypatch.setattr(SearchView, "candidates_up_to", 5)
    older = dispatches(3, classification=Classification.RESTRICTED)
    dispatches(12, subject="quokka secret", classification=Classification.SECRET)

    response = client_as(personas[Classification.RESTRICTED]).get(URL, {"q": "quokka"})

    group = group_of(response)
    assert group["items"] == sorted(older, key=lambda d: d.pk, reverse=True)
    assert (group["count"], group["more"], heading_count(response)) == (3, False, "3")
