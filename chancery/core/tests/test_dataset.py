"""The data set loader: the article's data set lands whole, a second load changes nothing, and a
bad file is rejected with a message naming each bad entry, writing nothing at all."""

import datetime
import io
import re
import shutil
import textwrap
from pathlib import Path

import pytest
import yaml
from auditlog.models import LogEntry
from django.conf import settings
from django.core.management import CommandError, call_command
from django.db.models import Q

from chancery.consular.models import Case, Crisis, Registration
from chancery.core.dataset import DatasetError, load_dataset
from chancery.core.models import DatePrecision, format_partial_date
from chancery.core.registry import registry
from chancery.documents.models import Document
from chancery.multilateral.models import Membership
from chancery.reference.countries import load_countries
from chancery.reference.models import Organization
from chancery.strategy.models import Priority

DATA_DIR = Path(settings.BASE_DIR) / "data"
ARTICLE_YAML = DATA_DIR / "article.yaml"
ARTICLE_TXT = DATA_DIR / "article.txt"
ARTICLE = yaml.safe_load(ARTICLE_YAML.read_text(encoding="utf-8"))
SECTIONS = [name for name in ARTICLE if name != "version"]


def normalised(text):
    """Text with line-break hyphenation undone and all whitespace single spaces."""
    return re.sub(r"\s+", " ", re.sub(r"-\n\s*", "", text)).strip()


def organization_named(reference):
    """The organisation a data set names by acronym or name."""
    return Organization.objects.get(Q(acronym=reference) | Q(name=reference))


def write(tmp_path, text, name="bad.yaml"):
    path = tmp_path / name
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


def stored():
    """Everything a load could write: each record with its last change, priorities, the log."""
    records = {
        (rt.model.__name__, pk): updated_at
        for rt in registry
        for pk, updated_at in rt.model.objects.values_list("pk", "updated_at")
    }
    priorities = list(Priority.objects.values_list("code", "order", "title", "short_title"))
    return records, priorities, LogEntry.objects.count()


@pytest.fixture
def countries(db):
    load_countries()


@pytest.fixture
def article(countries):
    """The article's data set, loaded once; the result of that first load."""
    return load_dataset([ARTICLE_YAML])


# the article's data set -----------------------------------------------------------------------
def test_the_article_gives_the_ten_priorities_in_order(article):
    priorities = list(Priority.objects.order_by("order"))

    assert [p.order for p in priorities] == list(range(1, 11))
    assert [p.code for p in priorities] == [entry["code"] for entry in ARTICLE["priorities"]]


def test_every_priority_is_titled_in_the_articles_words(article):
    article_text = normalised(ARTICLE_TXT.read_text(encoding="utf-8"))

    # each priority is a heading of the article: "- <title>", followed by its paragraph
    not_in_article = [
        p.order for p in Priority.objects.all() if f"- {normalised(p.title)} " not in article_text
    ]

    assert not_in_article == []


def test_the_first_and_last_priorities_read_as_the_article_puts_them(article):
    first = Priority.objects.get(order=1)
    last = Priority.objects.get(order=10)

    assert first.title == (
        "Maintaining and strengthening the independence and sovereignty of Azerbaijan"
    )
    assert last.title == (
        "Defending and restoring the rights of our citizens and countrymen, as well as legal "
        "persons living in foreign countries, and working with the Azerbaijani diaspora"
    )


def test_every_organisation_in_the_file_is_loaded(article):
    names = set(Organization.objects.values_list("name", flat=True))

    assert {entry["name"] for entry in ARTICLE["organizations"]} <= names


def as_loaded(membership):
    """A membership as a data set entry would give it."""
    entry = {
        "state": membership.state.alpha_2,
        "organization": membership.organization,
        "organ": membership.organ.acronym if membership.organ else None,
        "status": membership.status,
        "priorities": set(membership.priorities.values_list("code", flat=True)),
        "sources": [document.title for document in membership.sources.all()],
    }
    for name in ("since", "until"):
        value = getattr(membership, name)
        if value is not None:
            entry[name] = format_partial_date(value, getattr(membership, f"{name}_precision"))
    return entry


def as_written(entry):
    """A membership entry of the file, its references resolved as the loader resolves them."""
    expected = {
        "state": entry["state"],
        "organization": organization_named(entry["organization"]),
        "organ": entry.get("organ"),
        "status": entry["status"],
        "priorities": set(entry["priorities"]),
        "sources": [ARTICLE["documents"][0]["title"]],
    }
    # dates keep the precision the file gives: 2011 stays 2011, not 2011-01-01
    expected.update({name: str(entry[name]) for name in ("since", "until") if name in entry})
    return expected


def test_azerbaijan_holds_each_membership_the_file_gives(article):
    loaded = [as_loaded(m) for m in Membership.objects.filter(state__alpha_2="AZ")]
    written = [e for e in ARTICLE["memberships"] if e["state"] == "AZ"]

    missing = [e for e in written if as_written(e) not in loaded]

    assert missing == []
    assert len(loaded) == len(written)


def test_a_year_alone_is_kept_at_the_precision_of_a_year(article):
    nam = Membership.objects.get(state__alpha_2="AZ", organization__acronym="NAM")

    assert nam.since == datetime.date(2011, 1, 1)
    assert nam.since_precision == DatePrecision.YEAR
    assert nam.since_display == "2011"


def test_a_year_and_month_is_kept_at_the_precision_of_a_month(article):
    nam = Organization.objects.get(acronym="NAM")

    assert nam.founded == datetime.date(1961, 9, 1)
    assert nam.founded_precision == DatePrecision.MONTH
    assert nam.founded_display == "1961-09"


def test_a_full_date_is_kept_to_the_day(article):
    un = Membership.objects.get(state__alpha_2="AZ", organization__acronym="UN", organ=None)

    assert un.since == datetime.date(1992, 3, 2)
    assert un.since_precision == DatePrecision.DAY


def test_the_first_load_creates_every_entry_of_the_file(article):
    assert article.created == {name: len(ARTICLE[name]) for name in SECTIONS}
    assert article.updated == {}
    assert article.written == sum(len(ARTICLE[name]) for name in SECTIONS)


def test_the_article_text_is_read_from_its_file(article):
    document = Document.objects.get(title=ARTICLE["documents"][0]["title"])

    assert document.text == ARTICLE_TXT.read_text(encoding="utf-8").strip()
    assert document.date_precision == DatePrecision.YEAR


# idempotence ----------------------------------------------------------------------------------
def test_a_second_load_changes_nothing(article):
    before = stored()

    result = load_dataset([ARTICLE_YAML])

    assert result.written == 0
    assert result.created == {}
    assert result.updated == {}
    assert result.unchanged == {name: len(ARTICLE[name]) for name in SECTIONS}
    assert stored() == before


def test_a_second_load_writes_no_change_log_entry(article):
    entries = LogEntry.objects.count()

    load_dataset([ARTICLE_YAML])

    assert LogEntry.objects.count() == entries


def test_the_command_loads_the_article_by_default_and_then_reports_nothing_written(countries):
    first, second = io.StringIO(), io.StringIO()

    call_command("load-dataset", stdout=first)
    call_command("load-dataset", str(ARTICLE_YAML), stdout=second)

    assert Priority.objects.count() == 10
    assert f"{len(ARTICLE['memberships'])} memberships" in first.getvalue().splitlines()[0]
    assert "created: none" in second.getvalue()
    assert "updated: none" in second.getvalue()


# a changed value ------------------------------------------------------------------------------
@pytest.fixture
def article_copy(tmp_path):
    """A copy of the data set (with the article text it reads), to be edited by a test."""
    shutil.copy(ARTICLE_TXT, tmp_path / ARTICLE_TXT.name)
    path = tmp_path / ARTICLE_YAML.name
    shutil.copy(ARTICLE_YAML, path)
    return path


def edit(path, old, new):
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, f"the data set should hold {old!r} once"
    path.write_text(text.replace(old, new), encoding="utf-8")


def nam_membership():
    return Membership.objects.get(state__alpha_2="AZ", organization__acronym="NAM")


def test_a_changed_value_updates_the_record(article, article_copy):
    edit(article_copy, "notes: Joined in 2011;", "notes: Joined in May 2011;")

    result = load_dataset([article_copy])

    assert result.updated == {"memberships": 1}
    assert result.created == {}
    assert result.written == 1
    assert nam_membership().notes.startswith("Joined in May 2011;")


def test_a_changed_value_writes_exactly_one_change_log_entry(article, article_copy):
    edit(article_copy, "    since: 2011\n", "    since: 2011-05\n")
    entries = LogEntry.objects.count()

    load_dataset([article_copy])

    assert LogEntry.objects.count() == entries + 1
    entry = LogEntry.objects.latest("pk")
    membership = nam_membership()
    assert (entry.object_pk, entry.action) == (str(membership.pk), LogEntry.Action.UPDATE)
    assert set(entry.changes_dict) == {"since", "since_precision"}
    assert (membership.since, membership.since_precision) == (datetime.date(2011, 5, 1), "month")


# bad input --------------------------------------------------------------------------------------
GOOD_ORGANIZATION = """\
organizations:
  - name: Good Organisation
    acronym: GOOD
    kind: regional
"""

BAD_FILES = {
    "an unknown organisation reference": (
        GOOD_ORGANIZATION
        + """\
memberships:
  - state: AZ
    organization: NOSUCH
    status: member
""",
        ["memberships[0]", "organization", "NOSUCH"],
    ),
    "an unknown field": (
        """\
organizations:
  - name: Colourful Organisation
    kind: regional
    colour: blue
""",
        ["organizations[0]", "Colourful Organisation", "colour"],
    ),
    "a malformed date": (
        """\
organizations:
  - name: Dateless Organisation
    kind: regional
    founded: the sixties
""",
        ["organizations[0]", "Dateless Organisation", "founded", "the sixties"],
    ),
    "a date that does not exist, quoted": (
        """\
organizations:
  - name: Leap Organisation
    kind: regional
    founded: "2011-02-30"
""",
        ["organizations[0]", "Leap Organisation", "founded", "2011-02-30"],
    ),
    "a date that does not exist, unquoted": (
        """\
organizations:
  - name: Leap Organisation
    kind: regional
    founded: 2011-02-30
""",
        ["organizations[0]", "Leap Organisation", "founded", "2011-02-30"],
    ),
    "an end before the start": (
        GOOD_ORGANIZATION
        + """\
memberships:
  - state: AZ
    organization: GOOD
    status: member
    since: 2012
    until: 2010
""",
        ["memberships[0]", "until"],
    ),
    "an unknown section": (
        GOOD_ORGANIZATION
        + """\
embassies:
  - name: Embassy in Nowhere
""",
        ["unknown section", "embassies"],
    ),
    "an entry that is not a mapping": (
        """\
organizations:
  - Just a name
""",
        ["organizations[0]", "mapping"],
    ),
    "an invalid choice": (
        """\
organizations:
  - name: Imperial Organisation
    kind: empire
""",
        ["organizations[0]", "Imperial Organisation", "kind", "empire"],
    ),
    "a missing required field": (
        """\
organizations:
  - name: Kindless Organisation
""",
        ["organizations[0]", "Kindless Organisation", "kind", "required"],
    ),
    "an unknown priority": (
        """\
organizations:
  - name: Aimless Organisation
    kind: regional
    priorities: [world-domination]
""",
        ["organizations[0]", "Aimless Organisation", "priorities", "world-domination"],
    ),
    "a text file that does not exist": (
        """\
documents:
  - title: A lost speech
    kind: speech
    language: en
    text_from_file: no-such-file.txt
""",
        ["documents[0]", "A lost speech", "text", "no-such-file.txt"],
    ),
}


def the_error(errors, fragments):
    """The message among `errors` that names every one of `fragments`."""
    matching = [e for e in errors if all(f in e for f in fragments)]
    assert matching, f"no error names {fragments}: {errors}"
    return matching[0]


@pytest.mark.parametrize(("content", "fragments"), list(BAD_FILES.values()), ids=list(BAD_FILES))
def test_a_bad_entry_is_rejected_with_a_message_naming_it(home_state, tmp_path, content, fragments):
    path = write(tmp_path, content)

    with pytest.raises(DatasetError) as rejected:
        load_dataset([path])

    message = the_error(rejected.value.errors, fragments)
    assert message.startswith("bad.yaml: ")


@pytest.mark.parametrize(("content", "fragments"), list(BAD_FILES.values()), ids=list(BAD_FILES))
def test_a_bad_entry_writes_nothing(home_state, tmp_path, content, fragments):
    path = write(tmp_path, content)
    before = stored()

    with pytest.raises(DatasetError):
        load_dataset([path])

    assert stored() == before
    assert not Organization.objects.exists()


def test_a_file_that_is_not_a_mapping_is_rejected(home_state, tmp_path):
    path = write(tmp_path, "- name: Listed Organisation\n  kind: regional\n")

    with pytest.raises(DatasetError) as rejected:
        load_dataset([path])

    the_error(rejected.value.errors, ["bad.yaml", "mapping"])
    assert not Organization.objects.exists()


MIXED = """\
priorities:
  - code: mixed
    order: 1
    short_title: Mixed
    title: A priority from a mixed file
organizations:
  - name: First Good Organisation
    acronym: FGO
    kind: regional
    priorities: [mixed]
  - name: Bad Organisation
    kind: empire
  - name: Second Good Organisation
    kind: universal
    founded: 1990
memberships:
  - state: AZ
    organization: FGO
    status: member
    since: 1999
  - state: AZ
    organization: NOSUCH
    status: observer
"""


def test_a_file_mixing_good_and_bad_entries_leaves_the_database_untouched(home_state, tmp_path):
    path = write(tmp_path, MIXED)
    before = stored()

    with pytest.raises(DatasetError):
        load_dataset([path])

    assert stored() == before
    assert not Priority.objects.exists()
    assert not Organization.objects.exists()
    assert not Membership.objects.exists()


def test_every_bad_entry_of_a_file_is_reported_not_only_the_first(home_state, tmp_path):
    path = write(tmp_path, MIXED)

    with pytest.raises(DatasetError) as rejected:
        load_dataset([path])

    errors = rejected.value.errors
    the_error(errors, ["organizations[1]", "Bad Organisation", "kind"])
    the_error(errors, ["memberships[1]", "organization", "NOSUCH"])
    assert len(errors) == 2


def test_a_bad_file_leaves_what_was_loaded_before_unchanged(article, tmp_path):
    path = write(
        tmp_path,
        """\
        organizations:
          - name: United Nations
            kind: universal
            description: Rewritten by a file that is rejected.
          - name: Bad Organisation
            kind: empire
        """,
    )
    before = stored()

    with pytest.raises(DatasetError):
        load_dataset([path])

    assert stored() == before
    assert Organization.objects.get(acronym="UN").description == ""


def test_the_command_exits_with_an_error_listing_every_bad_entry(home_state, tmp_path):
    path = write(tmp_path, MIXED)

    with pytest.raises(CommandError) as failed:
        call_command("load-dataset", str(path), stdout=io.StringIO())

    message = str(failed.value)
    assert "nothing was written" in message
    assert "organizations[1] (Bad Organisation): kind" in message
    assert "memberships[1]: organization: unknown organization 'NOSUCH'" in message
    assert not Organization.objects.exists()


def test_the_article_data_set_holds_no_person(article_loaded):
    assert not Registration.objects.exists()
    assert not Case.objects.exists()
    assert not Crisis.objects.exists()
