"""A negotiation track shows its rounds in order and the versions of its draft texts; a version's
page shows, escaped, what changed from the version before it that the reader may see."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from chancery.conflict.diff import line_diff
from chancery.conflict.models import DraftVersion, NegotiationRound, NegotiationTrack
from chancery.core.models import Classification

D = datetime.date
FIRST = "Article 1. The Caspian Sea.\nArticle 2. Sovereignty.\nArticle 3. Navigation."
SECOND = "Article 1. The Caspian Sea.\nArticle 3. Navigation.\nArticle 4. Fisheries."


@pytest.fixture
def track(db):
    return NegotiationTrack.objects.create(
        name="Legal status of the Caspian Sea",
        format="The littoral states",
        subject="The draft convention",
    )


def version(track, label, day, text, **fields):
    return DraftVersion.objects.create(
        track=track,
        instrument="Draft convention",
        label=label,
        date=day,
        text=text,
        **fields,
    )


def round_of(track, title, day, **fields):
    return NegotiationRound.objects.create(
        track=track, title=title, kind="summit", date=day, **fields
    )


@pytest.fixture
def reader(personas):
    return personas[Classification.UNCLASSIFIED]


# the draft's differences ------------------------------------------------------------------------
def test_a_version_page_shows_the_line_added_and_the_line_removed(track, reader, client_as):
    version(track, "2010 draft", D(2010, 1, 1), FIRST)
    later = version(track, "2014 draft", D(2014, 1, 1), SECOND)

    response = client_as(reader).get(later.get_absolute_url())

    assert response.status_code == 200
    rows = {(row.kind, row.text) for row in response.context["diff"]}
    assert ("removed", "Article 2. Sovereignty.") in rows
    assert ("added", "Article 4. Fisheries.") in rows
    assert ("same", "Article 1. The Caspian Sea.") in rows
    page = response.content.decode()
    assert '<tr class="diff-added">' in page
    assert "<ins>Article 4. Fisheries.</ins>" in page
    assert "<del>Article 2. Sovereignty.</del>" in page
    assert (response.context["added"], response.context["removed"]) == (1, 1)


def test_the_first_version_has_nothing_to_compare_with(track, reader, client_as):
    first = version(track, "2010 draft", D(2010, 1, 1), FIRST)

    response = client_as(reader).get(first.get_absolute_url())

    assert response.context["previous"] is None
    assert response.context["diff"] == []
    assert b"first version" in response.content


def test_the_text_of_a_version_is_escaped_never_run(track, reader, client_as):
    version(track, "v1", D(2010, 1, 1), "Article 1.")
    later = version(track, "v2", D(2011, 1, 1), 'Article 1.\n<script>alert("x")</script>')

    page = client_as(reader).get(later.get_absolute_url()).content.decode()

    assert '<script>alert("x")</script>' not in page
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in page


def test_a_version_above_the_clearance_is_passed_over(track, reader, personas, client_as):
    version(track, "v1", D(2010, 1, 1), FIRST)
    version(track, "v2 (secret)", D(2012, 1, 1), "The secret wording", classification=3)
    latest = version(track, "v3", D(2014, 1, 1), SECOND)

    unclassified = client_as(reader).get(latest.get_absolute_url())
    secret = client_as(personas[Classification.SECRET]).get(latest.get_absolute_url())

    assert unclassified.context["previous"].label == "v1"
    assert b"The secret wording" not in unclassified.content
    assert secret.context["previous"].label == "v2 (secret)"
    assert ("removed", "The secret wording") in {(r.kind, r.text) for r in secret.context["diff"]}


def test_versions_of_another_text_are_not_compared(track, reader, client_as):
    version(track, "v1", D(2010, 1, 1), FIRST)
    other = DraftVersion.objects.create(
        track=track, instrument="Another protocol", label="v1", date=D(2012, 1, 1), text="X"
    )

    assert client_as(reader).get(other.get_absolute_url()).context["previous"] is None


def test_long_unchanged_runs_are_folded():
    before = "\n".join(f"line {n}" for n in range(1, 21))
    after = before.replace("line 10", "line ten")

    rows = line_diff(before, after, context=2)

    assert [row.kind for row in rows] == [
        "skipped",
        "same",
        "same",
        "removed",
        "added",
        "same",
        "same",
        "skipped",
    ]
    assert rows[0].skipped == 7
    assert (rows[3].old, rows[4].new) == (10, 10)


# the track page ---------------------------------------------------------------------------------
def test_the_track_lists_its_rounds_in_date_order_and_its_versions_with_their_changes(
    track, reader, client_as
):
    round_of(track, "Third summit", D(2010, 11, 18), place="Baku")
    round_of(track, "First summit", D(2002, 4, 1), date_precision="month", place="Ashgabat")
    version(track, "2010 draft", D(2010, 1, 1), FIRST)
    version(track, "2014 draft", D(2014, 1, 1), SECOND)

    response = client_as(reader).get(track.get_absolute_url())

    assert response.status_code == 200
    assert [r.title for r in response.context["rounds"]] == ["First summit", "Third summit"]
    page = response.content.decode()
    assert page.index("First summit") < page.index("Third summit")
    assert "April 2002" in page
    changes = [item["changes"] for item in response.context["versions"]]
    assert changes == [None, (1, 1)]
    # the rounds and versions are not listed twice (by the generic sections too)
    assert all(s["record_type"].model is not NegotiationRound for s in response.context["related"])


def test_a_round_above_the_clearance_is_not_listed(track, reader, client_as):
    round_of(track, "Secret round", D(2015, 1, 1), classification=Classification.SECRET)

    response = client_as(reader).get(track.get_absolute_url())

    assert response.context["rounds"] == []
    assert b"Secret round" not in response.content


def test_the_track_page_needs_as_many_queries_for_many_rounds_as_for_few(
    track, reader, client_as, django_assert_num_queries, home_state
):
    client = client_as(reader)

    def add(n, offset):
        for i in range(n):
            day = D(2000 + offset + i, 1, 1)
            item = round_of(track, f"Round {offset + i}", day, place_country=home_state)
            item.participants.add(home_state)
            version(track, f"Version {offset + i}", day, f"{FIRST}\nline {i}")

    add(2, 0)
    client.get(track.get_absolute_url())
    with CaptureQueriesContext(connection) as few:
        assert client.get(track.get_absolute_url()).status_code == 200
    add(15, 10)

    with django_assert_num_queries(len(few)):
        response = client.get(track.get_absolute_url())

    assert len(response.context["rounds"]) == 17
    assert len(response.context["versions"]) == 17


def test_a_round_cannot_end_before_it_began(track):
    item = NegotiationRound(
        track=track, title="R", kind="round", date=D(2016, 5, 2), end=D(2016, 5, 1)
    )

    with pytest.raises(ValidationError) as refused:
        item.full_clean()

    assert "end" in refused.value.message_dict
