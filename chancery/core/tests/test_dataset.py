# ruff: noqa: RUF001  (names in Azerbaijani and Russian letters are tested)
"""The data set loader on the article's data set: it lands whole, a second load changes nothing, a
changed value is written and logged once, and a bad file leaves it as it was. The article is
loaded once for the module (by the command, as an operator does); a test that loads again has its
writes rolled back. Files rejected before anything is loaded: test_dataset_bad_files.py."""

import datetime
import importlib
import io
import re
import shutil
import textwrap
from pathlib import Path
from unittest import mock

import pytest
import yaml
from auditlog.models import LogEntry
from django.conf import settings
from django.core.management import call_command
from django.db.models import Q
from django.utils import translation

from chancery.consular.models import Case, Crisis, Registration
from chancery.core.dataset import DatasetError, load_dataset
from chancery.core.models import SYSTEM, DatePrecision, format_partial_date
from chancery.core.registry import registry
from chancery.documents.models import Document
from chancery.multilateral.models import Membership
from chancery.reference.countries import load_countries
from chancery.reference.models import Organization
from chancery.strategy.models import Priority
from conftest import loaded_once_per_module

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


def load_by_the_command(*files):
    """`chancery load-dataset` with `files` (none: the article's data set): the result of its load
    and what it printed."""
    command = importlib.import_module("chancery.core.management.commands.load-dataset")
    results = []

    def load_and_keep_the_result(files):
        results.append(load_dataset(files))
        return results[-1]

    printed = io.StringIO()
    with mock.patch.object(command, "load_dataset", load_and_keep_the_result):
        call_command("load-dataset", *files, stdout=printed)
    [result] = results
    return result, printed.getvalue()


FIRST_LOAD = {}


def load_the_article_by_the_command():
    """Every country, then the article's data set as an operator loads it, by the command with no
    file named: the result of that first load and what the command printed are kept."""
    load_countries()
    FIRST_LOAD["result"], FIRST_LOAD["printed"] = load_by_the_command()


article_for_the_module = loaded_once_per_module(load_the_article_by_the_command)


@pytest.fixture
def article(article_for_the_module, db):
    """The article's data set, loaded once for the module; the result of that first load."""
    return FIRST_LOAD["result"]


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


def test_the_united_nations_is_named_in_azerbaijani_and_russian_and_shown_in_the_pages_language(
    article,
):
    un = Organization.objects.get(acronym="UN")

    assert un.name_az == "Birləşmiş Millətlər Təşkilatı"
    assert un.name_ru == "Организация Объединённых Наций"
    with translation.override("ru"):
        assert str(un) == "Организация Объединённых Наций (ООН)"
    with translation.override("az"):
        assert str(un) == "Birləşmiş Millətlər Təşkilatı (BMT)"
    with translation.override("en"):
        assert str(un) == "United Nations (UN)"
    found = {
        acronym: set(Organization.objects.searched(SYSTEM, acronym).values_list("pk", flat=True))
        for acronym in ("UN", "BMT", "ООН", "oon")
    }
    assert all(un.pk in keys for keys in found.values()), found


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
    assert nam.founded_display == "September 1961"


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
def test_the_command_loads_the_article_by_default_and_a_second_load_changes_nothing(article):
    before = stored()
    entries = LogEntry.objects.count()

    result, printed = load_by_the_command(str(ARTICLE_YAML))

    assert result.written == 0
    assert result.created == {}
    assert result.updated == {}
    assert result.unchanged == {name: len(ARTICLE[name]) for name in SECTIONS}
    assert stored() == before
    assert LogEntry.objects.count() == entries  # no change-log entry
    assert Priority.objects.count() == 10
    # the module's first load was the command's, with no file named
    assert f"{len(ARTICLE['memberships'])} memberships" in FIRST_LOAD["printed"].splitlines()[0]
    assert "created: none" in printed
    assert "updated: none" in printed


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


# a bad file ------------------------------------------------------------------------------------
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


def test_the_article_data_set_holds_no_person(article):
    assert not Registration.objects.exists()
    assert not Case.objects.exists()
    assert not Crisis.objects.exists()
