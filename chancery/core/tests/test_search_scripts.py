# ruff: noqa: RUF001  (the letters of Azerbaijani and Russian are what is tested)
"""One search box for three languages and two scripts (issue 17): a name in Azerbaijani, English
or Russian, with or without its diacritics, finds the same records; a record is found by the
names of the states it concerns; the index follows every save and delete and is written again by
`chancery rebuild-search`; whatever is typed is searched as plain words (the page's answer to
any text is fuzzed in test_bad_input)."""

import io

import pytest
from django.core.management import call_command

from chancery.bilateral.models import Agreement, AgreementParty, Engagement
from chancery.core.models import Classification, SearchEntry
from chancery.core.search import entry_text, fold, ranked, words_of
from chancery.reference.models import Person

URL = "/search/"


@pytest.mark.parametrize(
    ("typed", "folded"),
    [
        ("Azərbaycan", "azerbaycan"),
        ("AZƏRBAYCAN", "azerbaycan"),
        ("Şuşa, Ağdam", "shusha aghdam"),
        ("Çıraqlı Göygöl Üçtəpə", "chiraqli goygol uchtepe"),
        ("İlham Əliyev", "ilham eliyev"),
        ("Алиев", "aliyev"),
        ("Ереван", "yerevan"),
        ("Азербайджан", "azerbaydzhan"),
        ("Ильхам ЁЛКИН", "ilkham yolkin"),
        ("Müller-Lüdenscheid", "muller ludenscheid"),
    ],
)
def test_folding_meets_case_diacritics_and_cyrillic(typed, folded):
    assert fold(typed) == folded


def test_a_search_is_plain_words_whatever_was_typed():
    assert words_of('"NEAR(a b)" OR x* ^y -- \x00 :*') == ["near", "a", "b", "or", "x", "y"]
    assert len(words_of("word " * 100)) == 12
    assert words_of("x" * 500) == ["x" * 40]


@pytest.fixture
def aliyev(db, home_state):
    home_state.name_az = "Azərbaycan"
    home_state.save()
    person = Person.objects.create(
        name="Ilham Aliyev", name_az="İlham Əliyev", name_ru="Ильхам Алиев", country=home_state
    )
    visit = Engagement.objects.create(
        title="Talks on the Caspian", kind="meeting", direction="outgoing", start="2016-05-01"
    )
    visit.countries.add(home_state)
    return person, visit


def found(client, query):
    """{model name: set of keys} the search page shows for `query`."""
    return found_with(client, {"q": query})


def test_a_state_is_found_by_its_name_in_any_language_with_the_records_about_it(
    personas, client_as, aliyev, home_state
):
    _person, visit = aliyev
    client = client_as(personas[Classification.SECRET])

    answers = [found(client, q) for q in ("Azərbaycan", "Azerbaijan", "Азербайджан", "azerbaycan")]

    assert all(answer == answers[0] for answer in answers)
    assert answers[0]["country"] == {home_state.pk}
    assert visit.pk in answers[0]["engagement"]


def test_a_person_is_found_by_the_name_in_either_script(personas, client_as, aliyev):
    person, _visit = aliyev
    client = client_as(personas[Classification.SECRET])

    for query in ("Əliyev", "Aliyev", "Алиев", "eliyev", "ilham aliyev"):
        assert found(client, query).get("person") == {person.pk}, query


def test_a_linked_record_out_of_sight_lends_none_of_its_words(personas, client_as, home_state):
    secret = Agreement.objects.create(
        title="Zanzibar accord", kind="agreement", scope="bilateral",
        classification=Classification.SECRET,
    )  # fmt: skip
    party = AgreementParty.objects.create(agreement=secret, state=home_state)

    low = found(client_as(personas[Classification.UNCLASSIFIED]), "zanzibar")
    high = found(client_as(personas[Classification.SECRET]), "zanzibar")

    assert "agreementparty" not in low and "agreement" not in low
    assert high["agreementparty"] == {party.pk} and high["agreement"] == {secret.pk}


def test_the_index_follows_saves_and_deletes_and_is_written_again(personas, client_as, home_state):
    client = client_as(personas[Classification.SECRET])
    visit = Engagement.objects.create(
        title="Talks in Baku", kind="meeting", direction="outgoing", start="2016-05-01"
    )
    assert found(client, "Baku").get("engagement") == {visit.pk}

    visit.title = "Talks in Şamaxı"
    visit.save()
    assert "engagement" not in found(client, "Baku")
    assert found(client, "shamaxi")["engagement"] == {visit.pk}

    SearchEntry.objects.all().delete()
    assert found(client, "shamaxi") == {}
    out = io.StringIO()
    call_command("rebuild-search", stdout=out)
    assert found(client, "shamaxi")["engagement"] == {visit.pk}
    assert "entries" in out.getvalue()

    visit.delete()
    assert found(client, "shamaxi") == {}


def test_the_best_matches_come_first_then_the_records_found_through_a_link(
    personas, client_as, home_state
):
    def visit(title, **fields):
        return Engagement.objects.create(
            title=title, kind="meeting", direction="outgoing", start="2016-05-01", **fields
        )

    named = visit("Azerbaijan talks")  # the word whole and first: best, though the oldest
    later = visit("Talks with Azerbaijan")  # whole, later in the title
    begun = visit("Azerbaijanis abroad")  # only begun
    linked = visit("Visit to Baku")  # the newest, found through the state it concerns
    linked.countries.add(home_state)

    response = client_as(personas[Classification.SECRET]).get(URL, {"q": "azerbaijan"})

    group = next(g for g in response.context["groups"] if g["record_type"].model is Engagement)
    assert [item.pk for item in group["items"]] == [named.pk, later.pk, begun.pk, linked.pk]


def test_a_short_field_that_holds_the_words_ranks_before_a_long_one():
    un = entry_text(1, ["United Nations", "Организация Объединённых Наций", "UN", "ООН"])
    alliance = entry_text(1, ["United Nations Alliance of Civilizations", "Альянс цивилизаций ООН"])
    entries = [(2, alliance), (1, un)]  # the alliance is the newer

    assert ranked(entries, words_of("ООН")) == [1, 2]
    assert ranked(entries, words_of("united nations")) == [1, 2]
    assert ranked(entries, words_of("civilizations")) == [2, 1]


def test_the_words_found_are_marked_in_any_spelling(personas, client_as, home_state):
    Engagement.objects.create(
        title="Talks in Şamaxı <b>", kind="meeting", direction="outgoing", start="2016-05-01"
    )

    page = client_as(personas[Classification.SECRET]).get(URL, {"q": "samaxi talks"})

    assert "<mark>Talks</mark> in <mark>Şamaxı</mark> &lt;b&gt;" in page.content.decode()


def test_the_search_is_narrowed_by_type_year_state_and_classification(
    personas, client_as, home_state, georgia
):
    def visit(title, start, state, classification=Classification.UNCLASSIFIED):
        made = Engagement.objects.create(
            title=title, kind="meeting", direction="outgoing", start=start,
            classification=classification,
        )  # fmt: skip
        made.countries.add(state)
        return made.pk

    in_2015 = visit("Caspian talks", "2015-03-01", georgia)
    in_2016 = visit("Caspian talks", "2016-03-01", home_state, Classification.RESTRICTED)
    client = client_as(personas[Classification.SECRET])

    def keys(**narrowed):
        return found_with(client, {"q": "caspian", **narrowed}).get("engagement", set())

    assert keys() == {in_2015, in_2016}
    assert keys(year=2016) == {in_2016}
    assert keys(state=georgia.pk) == {in_2015}
    assert keys(classification=int(Classification.RESTRICTED)) == {in_2016}
    assert found_with(client, {"q": "caspian", "type": "reference.country"}) == {}


def found_with(client, asked):
    response = client.get(URL, asked)
    assert response.status_code == 200
    return {
        g["record_type"].model._meta.model_name: {item.pk for item in g["items"]}
        for g in response.context["groups"]
    }


@pytest.mark.parametrize(
    "asked", [{"year": "last"}, {"state": "99999999999999999999"}, {"type": "no.such"}]
)
def test_a_narrowing_that_is_none_is_refused_beside_its_field(personas, client_as, asked):
    response = client_as(personas[Classification.SECRET]).get(URL, {"q": "x", **asked})

    assert response.status_code == 400
    assert list(response.context["form"].errors) == list(asked)
    assert 'class="invalid-feedback d-block"' in response.content.decode()
