"""A country's page asks for the world map with the state outlined, as the dossier does, and
links to the state's dossier; the map outlines a state the user may see even when it has no
figure, and says when it is too small to be drawn."""

from django.urls import reverse

from chancery.core.models import Classification
from chancery.reference.models import Country

MAP = reverse("reference:world_map")


def test_the_country_page_asks_for_the_map_with_the_state_outlined_and_links_its_dossier(
    personas, client_as, georgia
):
    response = client_as(personas[Classification.SECRET]).get(georgia.get_absolute_url())

    content = response.content.decode()
    assert response.status_code == 200
    assert f'hx-get="{MAP}?state=GE" hx-trigger="load"' in content
    dossier = reverse("bilateral:dossier", args=["GE"])
    assert f'<a href="{dossier}" id="country-dossier">' in content
    assert f'href="{MAP}?state=GE"' in content  # without script: a link to the map itself


def test_a_state_of_no_code_gets_neither_map_nor_dossier(personas, client_as, db):
    gone = Country.objects.create(name="Gran Colombia", numeric="", alpha_2=None)

    response = client_as(personas[Classification.SECRET]).get(gone.get_absolute_url())

    assert response.status_code == 200
    assert "world-map" not in response.content.decode()
    assert 'id="country-dossier"' not in response.content.decode()


def test_the_map_outlines_a_state_even_without_a_figure(personas, client_as, georgia):
    response = client_as(personas[Classification.SECRET]).get(
        MAP, {"state": "ge"}, HTTP_HX_REQUEST="true"
    )

    content = response.content.decode()
    assert response.status_code == 200
    assert content.count('class="outlined"') == 1
    assert "<title>Georgia: 0</title>" in content
    assert response.context["too_small"] is None


def test_the_map_outlines_no_state_the_user_may_not_see(personas, client_as, secret_country):
    response = client_as(personas[Classification.RESTRICTED]).get(
        MAP, {"state": "XS"}, HTTP_HX_REQUEST="true"
    )

    assert 'class="outlined"' not in response.content.decode()
    assert "Secretland" not in response.content.decode()


def test_the_map_says_when_a_state_is_too_small_to_be_drawn(personas, client_as, db):
    Country.objects.create(alpha_2="MT", alpha_3="MLT", numeric="470", name="Malta")

    response = client_as(personas[Classification.SECRET]).get(
        MAP, {"state": "MT"}, HTTP_HX_REQUEST="true"
    )

    assert "Malta is too small to be drawn at this scale." in response.content.decode()
