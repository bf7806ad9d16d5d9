"""The generated data set is the same for the same seed and scale, and nothing of it is written
on a bad argument, on a database without countries, or when a step fails."""

import datetime
import hashlib
import io

import pytest
from auditlog.models import LogEntry
from django.core.management import CommandError, call_command
from django.db import transaction

from chancery.bilateral.models import AgreementParty, Engagement
from chancery.conflict import generate as conflict_generate
from chancery.consular.models import Registration
from chancery.core.generate import ENTRY_KEY, generate
from chancery.core.tests import images
from chancery.reference.countries import load_countries


def digest() -> str:
    """A digest of a few generated tables, by their values: never their keys, nor the names
    the change log gives a person's records (their numbers), since a PostgreSQL sequence does
    not give keys back on a rollback."""
    tables = (
        Engagement.objects.order_by("pk").values_list(
            "title", "kind", "level", "direction", "start", "place_country__alpha_2",
            "classification", "outcome", "created_at",
        ),
        AgreementParty.objects.order_by("pk").values_list(
            "agreement__title", "state__alpha_2", "signature", "ratification", "classification"
        ),
        Registration.objects.order_by("pk").values_list(
            "reference", "surname_latin", "country__alpha_2", "arrives_on", "mission__name"
        ),
        LogEntry.objects.filter(additional_data__has_key=ENTRY_KEY)
        .order_by("pk")
        .values_list(
            "content_type__model", "action", "timestamp", "changes"
        ),
    )  # fmt: skip
    hashed = hashlib.sha256()
    for rows in tables:
        for row in rows:
            hashed.update(repr(row).encode())
    return hashed.hexdigest()


def generated_digest(scale, seed) -> str:
    """The digest of a generation, rolled back afterwards."""
    with transaction.atomic():
        generate(scale, seed)
        found = digest()
        transaction.set_rollback(True)
    return found


@pytest.fixture
def countries(db):
    images.load("countries", load_countries)


def test_the_same_seed_and_scale_give_the_same_rows(countries):
    first = generated_digest(0.0005, 3)
    assert generated_digest(0.0005, 3) == first
    assert generated_digest(0.0005, 4) != first


@pytest.mark.parametrize("scale", ["0", "-1", "-0.5"])
def test_a_scale_of_zero_or_below_is_refused_and_nothing_is_written(countries, scale):
    entries = LogEntry.objects.count()
    with pytest.raises(CommandError, match="The scale must be a number above 0"):
        call_command("generate-data", "--scale", scale, stdout=io.StringIO())
    assert not Engagement.objects.exists()
    assert LogEntry.objects.count() == entries


def test_it_refuses_a_database_without_countries(db):
    with pytest.raises(CommandError, match="chancery load-reference"):
        call_command("generate-data", "--scale", "0.001", stdout=io.StringIO())


def test_a_failing_step_leaves_nothing_written(countries, monkeypatch):
    def fail(run):
        raise RuntimeError("the incidents' step failed")

    monkeypatch.setattr(conflict_generate, "generate", fail)
    entries = LogEntry.objects.count()
    with pytest.raises(RuntimeError):
        generate(0.0005, 1)
    assert not Engagement.objects.exists()
    assert LogEntry.objects.count() == entries


def test_a_second_data_set_is_refused(countries):
    call_command("generate-data", "--scale", "0.0005", stdout=io.StringIO())
    with pytest.raises(CommandError, match="already holds a generated data set"):
        call_command("generate-data", "--scale", "0.0005", "--seed", "2", stdout=io.StringIO())


def test_the_day_it_ends_on_may_be_given(countries):
    call_command(
        "generate-data", "--scale", "0.0005", "--today", "2016-12-31", stdout=io.StringIO()
    )
    assert Engagement.objects.latest("start").start <= datetime.date(2016, 12, 31)
    assert Engagement.objects.earliest("start").start >= datetime.date(1986, 12, 31)


def test_it_says_what_it_wrote_per_type(countries):
    out = io.StringIO()
    call_command("generate-data", "--scale", "0.0005", "--seed", "5", stdout=out)
    assert "engagements: 100" in out.getvalue()
    assert "change-log entries: 500" in out.getvalue()
    assert "Generated" in out.getvalue()
