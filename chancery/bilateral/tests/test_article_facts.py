"""The article's engagements, hosted events and forums, and the documents it names are in the data
set, each of the right kind, dated as the article (or, where it says so, the public record) dates
it, and citing the article."""

import datetime
from pathlib import Path

import pytest
from django.conf import settings

from chancery.bilateral.models import Agreement, Engagement
from chancery.documents.models import Document

D = datetime.date
ARTICLE_YAML = Path(settings.BASE_DIR) / "data" / "article.yaml"


# title, kind, direction, start, start precision, end
ENGAGEMENTS = [
    ("17th Summit of Heads of State and Government of the Non-Aligned Movement", "summit",
     "multilateral", D(2016, 9, 13), "day", D(2016, 9, 18)),
    ("18th Summit of Heads of State and Government of the Non-Aligned Movement (planned)",
     "summit", "hosted", D(2019, 1, 1), "year", None),
    ("UN Sustainable Development Summit 2015", "summit", "multilateral", D(2015, 9, 25), "day",
     D(2015, 9, 27)),
    ("7th Global Forum of the UN Alliance of Civilizations", "forum", "hosted", D(2016, 4, 25),
     "day", D(2016, 4, 27)),
    ("1st Global Forum on Intercultural Dialogue", "forum", "hosted", D(2011, 1, 1), "year", None),
    ("2nd Global Forum on Intercultural Dialogue", "forum", "hosted", D(2013, 1, 1), "year", None),
    ("3rd Global Forum on Intercultural Dialogue", "forum", "hosted", D(2015, 1, 1), "year", None),
    ("4th Global Forum on Intercultural Dialogue (planned)", "forum", "hosted", D(2017, 4, 1),
     "month", None),
    ("Baku International Humanitarian Forum", "forum", "hosted", D(2011, 1, 1), "year", None),
    ("Baku Summit of World Religious Leaders", "summit", "hosted", D(2010, 4, 26), "day",
     D(2010, 4, 27)),
    ("Baku meeting of the culture ministers of the Council of Europe, with OIC culture ministers",
     "conference", "hosted", D(2008, 1, 1), "year", None),
    ("Pastoral visit of Pope Francis to Azerbaijan", "pastoral_visit", "incoming", D(2016, 10, 2),
     "day", None),
    ("Second Congress of Azerbaijanis of the World", "congress", "hosted", D(2016, 3, 16), "day",
     None),
    ("First European Games", "sports_event", "hosted", D(2015, 6, 12), "day", D(2015, 6, 28)),
    ("Formula 1 Grand Prix of Europe", "sports_event", "hosted", D(2016, 6, 17), "day",
     D(2016, 6, 19)),
    ("4th Islamic Solidarity Games (planned)", "sports_event", "hosted", D(2017, 1, 1), "year",
     None),
]  # fmt: skip


@pytest.mark.parametrize(
    ("title", "kind", "direction", "start", "precision", "end"),
    ENGAGEMENTS,
    ids=[row[0][:40] for row in ENGAGEMENTS],
)
def test_each_engagement_the_article_names_is_recorded(
    article_read, title, kind, direction, start, precision, end
):
    engagement = Engagement.objects.get(title=title)
    assert (engagement.kind, engagement.direction) == (kind, direction)
    assert (engagement.start, engagement.start_precision, engagement.end) == (
        start,
        precision,
        end,
    )
    assert engagement.sources.filter(kind=Document.Kind.ARTICLE).exists()
    assert engagement.priorities.exists()


def test_the_hosted_sports_events_are_in_baku_and_serve_sports_diplomacy(article_read):
    events = Engagement.objects.filter(kind=Engagement.Kind.SPORTS_EVENT)
    assert set(events.values_list("place", flat=True)) == {"Baku"}
    assert all(e.priorities.filter(code="cultural-and-sports-diplomacy").exists() for e in events)
    assert events.count() == 3


def test_the_forums_on_intercultural_dialogue_come_every_second_year_from_2011(article_read):
    forums = Engagement.objects.filter(title__contains="Global Forum on Intercultural Dialogue")
    assert [f.start.year for f in forums.order_by("start")] == [2011, 2013, 2015, 2017]


def test_the_baku_declaration_is_the_document_of_the_alliance_of_civilizations_forum(
    article_read,
):
    forum = Engagement.objects.get(title="7th Global Forum of the UN Alliance of Civilizations")
    (declaration,) = forum.documents.all()
    assert declaration.kind == Document.Kind.DECLARATION
    assert declaration.title.startswith("Baku Declaration")
    assert declaration.date == D(2016, 4, 27)


@pytest.mark.parametrize(
    ("title_start", "kind"),
    [
        ("2016 declared the", Document.Kind.OTHER),
        ("Speech of President Ilham Aliyev at the reception", Document.Kind.SPEECH),
        ("Baku Declaration", Document.Kind.DECLARATION),
        ("Statements of the President of the UN Security Council", Document.Kind.STATEMENT),
    ],
)
def test_the_documents_the_article_names_are_recorded(article_read, title_start, kind):
    document = Document.objects.get(title__startswith=title_start)
    assert document.kind == kind
    assert document.priorities.exists()


def test_the_strategic_partnership_offered_to_the_eu_is_a_proposed_agreement(article_read):
    agreement = Agreement.objects.get(title__contains="Strategic Partnership")
    assert agreement.stage == "proposed"
    parties = {
        p.state.alpha_2 if p.state else p.organization.acronym for p in agreement.parties.all()
    }
    assert parties == {"AZ", "EU"}
