"""The face every page shares: the top bar, the states of a list, the error pages, dates and
times as the user reads them, styled form fields, the way into a dossier."""

import datetime
import sys

import pytest
from django.test import Client, RequestFactory
from django.urls import reverse
from django.utils import timezone, translation

from chancery.bilateral.models import Engagement
from chancery.conflict.models import Evidence
from chancery.core import errors
from chancery.core.display import display_value, label_for
from chancery.core.models import Classification, DatePrecision, format_partial_period
from chancery.core.tests.surfaces import as_read

pytestmark = pytest.mark.django_db


@pytest.fixture
def desk(make_user):
    return make_user("officer", clearance=Classification.CONFIDENTIAL)


def visit(home_state, **fields):
    values = {
        "title": "Visit to Tbilisi",
        "kind": Engagement.Kind.OFFICIAL_VISIT,
        "direction": Engagement.Direction.OUTGOING,
        "start": datetime.date(2016, 6, 5),
        **fields,
    }
    engagement = Engagement.objects.create(**values)
    engagement.countries.add(home_state)
    return engagement


def test_a_list_says_whether_nothing_matches_or_nothing_is_recorded(desk, client_as, home_state):
    client = client_as(desk)
    url = reverse("bilateral:engagement_list")

    nothing_yet = client.get(url).content.decode()
    visit(home_state)
    nothing_matches = client.get(url, {"q": "zzzz"}).content.decode()
    one = client.get(url).content.decode()

    assert "No engagements recorded yet." in nothing_yet
    assert reverse("bilateral:engagement_add") in nothing_yet.split('id="empty-list"')[1]
    assert "No records match these filters." in nothing_matches
    assert f'href="{url}">Clear the filters' in nothing_matches
    assert 'id="empty-list"' not in one and "Visit to Tbilisi" in one


def test_error_pages_are_drawn_inside_the_layout(desk, client_as, rf):
    client = client_as(desk)
    missing = client.get(reverse("bilateral:engagement_detail", args=[999999]))
    refused = client.get(reverse("history"))
    request = RequestFactory().get("/bilateral/engagements/")
    try:
        raise RuntimeError("a fault")
    except RuntimeError:
        assert sys.exc_info()[0] is RuntimeError
        failed = errors.server_error(request)

    assert missing.status_code == 404 and refused.status_code == 403
    assert failed.status_code == 500
    for response, heading in (
        (missing, "Nothing is found at this address"),
        (refused, "This page is not open to you"),
        (failed, "Something went wrong on our side"),
    ):
        page = response.content.decode()
        assert heading in page
        assert 'class="navbar-brand"' in page and 'name="viewport"' in page
    assert 'id="user-menu"' in refused.content.decode()  # the signed-in user keeps the menu


def test_dates_read_in_the_users_language_and_moments_in_the_home_time_zone(home_state):
    engagement = visit(home_state, end=datetime.date(2016, 6, 1))
    engagement.end_precision = DatePrecision.MONTH
    engagement.created_at = datetime.datetime(2026, 12, 5, 7, 36, tzinfo=datetime.UTC)

    with timezone.override("Asia/Baku"), translation.override("en"):
        assert display_value(engagement, "start") == "5 June 2016"
        assert display_value(engagement, "end") == "June 2016"
        assert display_value(engagement, "created_at") == "5 December 2026, 11:36 +04"
    with translation.override("az"):
        assert display_value(engagement, "start") == "05.06.2016"
    with translation.override("ru"):
        assert display_value(engagement, "start") == "05.06.2016"
    with translation.override("en"):
        assert engagement.dates_display == "5 June 2016 to June 2016"
    # an export and the API keep the ISO text, whatever the language
    with translation.override("az"):
        assert format_partial_period(engagement, "start", "end") == "2016-06-05 to 2016-06"
    engagement.start_precision = DatePrecision.YEAR
    assert display_value(engagement, "start") == "2016"


def test_a_change_is_named_in_words_not_by_the_name_of_a_field_in_the_code():
    # a field, a link the other way (the evidence that replaces this one), and neither
    assert label_for(Engagement, "start") == "start"
    assert label_for(Evidence, "replaced_by") == "replaced by"
    assert label_for(Engagement, "no_such_thing") == "no such thing"


def tag(page, id_):
    """The HTML tag of the element `id_`."""
    at = page.index(f'id="{id_}"')
    return page[page.rindex("<", 0, at) : page.index(">", at) + 1]


def test_form_fields_are_styled_and_a_refused_one_is_marked(desk, client_as):
    client = client_as(desk)
    url = reverse("bilateral:engagement_add")

    blank = client.get(url).content.decode()
    refused = client.post(url, {"title": "", "kind": "no such kind"})
    page = refused.content.decode()

    assert 'class="form-control" id="id_title"' in blank
    assert 'class="form-select" id="id_kind"' in blank
    assert "data-unsaved-warning" in blank
    title = tag(page, "id_title")
    assert refused.status_code == 400
    assert 'class="form-control is-invalid"' in title and 'aria-invalid="true"' in title
    assert "is-invalid" not in tag(page, "id_level")


def test_the_dossier_is_opened_by_a_state_the_user_may_see(
    desk, client_as, home_state, secret_country, georgia
):
    client = client_as(desk)
    url = reverse("bilateral:dossier_choose")

    chooser = client.get(url)
    opened = client.get(url, {"state": "GE"})
    hidden = client.get(url, {"state": secret_country.alpha_2})
    unknown = client.get(url, {"state": "QQ"})

    assert chooser.status_code == 200
    assert opened.status_code == 302
    assert opened["Location"] == reverse("bilateral:dossier", args=["GE"])
    assert hidden.status_code == unknown.status_code == 400
    assert as_read(hidden)[1].replace("XS", "QQ") == as_read(unknown)[1]
    assert b"Secretland" not in hidden.content


@pytest.mark.parametrize(
    "url_name, fields",
    [
        ("bilateral:treaty_status", ["state"]),
        ("multilateral:roll", ["organization"]),
        ("multilateral:overlap", ["first", "second"]),
        ("multilateral:alignment", ["state", "other"]),
    ],
)
def test_a_question_page_has_its_states_and_organisations_found_by_typing(
    url_name, fields, desk, client_as, home_state, georgia
):
    page = client_as(desk).get(reverse(url_name)).content.decode()

    assert "is-invalid" not in page, "a question not asked yet is not answered with errors"
    for name in fields:
        select = page[page.index(f'id="id_{name}"') :]
        select = select[: select.index("</select>")]
        assert "data-lookup=" in tag(page, f"id_{name}")
        # nothing but the chosen state (the home state by default) and the empty choice
        assert "Georgia" not in select and select.count("<option") <= 2


def test_the_top_bar_orders_the_areas_and_names_no_icon_missing(desk, client_as):
    client = client_as(desk)
    page = client.get(reverse("home")).content.decode()
    menu = page.split('class="dropdown-menu areas-menu')[1].split(">Reports<")[0]
    icon = client.get("/favicon.ico")

    areas = ["Bilateral", "Multilateral", "Consular", "Documents", "Reference"]
    places = [menu.index(f">{area}<") for area in areas]
    assert places == sorted(places)
    assert reverse("bilateral:dossier_choose") in page
    assert 'href="#content"' in page and 'id="content"' in page
    assert icon.status_code == 301 and icon["Location"].endswith("favicon.svg")


def test_the_language_is_chosen_by_a_link_and_the_page_shown_again(desk, client_as):
    client = client_as(desk)
    page = reverse("bilateral:engagement_list")

    chosen = client.get(reverse("choose_language", args=["az"]), headers={"referer": page})
    elsewhere = client.get(
        reverse("choose_language", args=["ru"]), headers={"referer": "https://evil.example/"}
    )
    unknown = client.get(reverse("choose_language", args=["xx"]))

    assert chosen.status_code == 302 and chosen["Location"] == page
    assert chosen.cookies["django_language"].value == "az"
    assert elsewhere["Location"] == reverse("home")
    assert unknown.status_code == 404
    assert '<html lang="ru">' in client.get(page).content.decode()


def test_the_chosen_language_follows_the_user_to_another_browser_and_out(desk, client_as):
    """Chosen on one browser, it is the user's: another browser shows their pages in it and
    keeps it for the log-in page after they sign out; a browser with no user keeps its own."""
    page = reverse("bilateral:engagement_list")
    client_as(desk).get(reverse("choose_language", args=["ru"]))
    desk.refresh_from_db()

    elsewhere = client_as(desk)
    shown = elsewhere.get(page, headers={"accept-language": "az"})
    elsewhere.post(reverse("logout"))  # the browser keeps its cookies (Client.logout would not)
    after = elsewhere.get(reverse("login"))
    stranger = Client().get(reverse("login"), headers={"accept-language": "az"})

    assert desk.language == "ru"
    assert '<html lang="ru">' in shown.content.decode()
    assert shown.cookies["django_language"].value == "ru"
    assert '<html lang="ru">' in after.content.decode()
    assert '<html lang="az">' in stranger.content.decode()
