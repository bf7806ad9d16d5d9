"""The Azerbaijani and Russian catalogues: every string of the interface translated, none fuzzy,
the compiled catalogues those the application reads, and no marked string missing from them."""

import os
import re
import shutil
from pathlib import Path

import polib
import pytest
from django.conf import settings
from django.core.management import call_command

LANGUAGES = ("az", "ru")
SOURCE = Path(settings.BASE_DIR)


def catalogue(language, suffix="po"):
    path = SOURCE / "locale" / language / "LC_MESSAGES" / f"django.{suffix}"
    return polib.pofile(path) if suffix == "po" else polib.mofile(path)


def key(entry):
    return (entry.msgctxt, entry.msgid, entry.msgid_plural)


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_message_is_translated_and_none_is_fuzzy(language):
    po = catalogue(language)
    assert [e.msgid for e in po.untranslated_entries()] == []
    assert [e.msgid for e in po.fuzzy_entries()] == []
    assert not po.metadata_is_fuzzy
    assert po.metadata["Language"] == language


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_compiled_catalogue_holds_what_the_catalogue_says(language):
    def pairs(entries):
        return {
            key(e): (e.msgstr, tuple(sorted(e.msgstr_plural.items())))
            for e in entries
            if e.msgid and not e.obsolete
        }

    assert pairs(catalogue(language, "mo")) == pairs(catalogue(language)), (
        "run `make messages` to compile the catalogues"
    )


@pytest.mark.parametrize("language", LANGUAGES)
def test_placeholders_are_kept(language):
    """msgfmt checks this too; here it is checked without gettext, naming the message."""
    placeholder = re.compile(r"%\(\w+\)[sdif]|%[sd]|\{\w*\}")
    wrong = []
    for entry in catalogue(language):
        wanted = placeholder.findall(entry.msgid_plural or entry.msgid)
        if entry.msgid_plural:  # a form for one may leave the number out ("one record")
            forms = entry.msgstr_plural.values()
            kept = [set(placeholder.findall(t)) <= set(wanted) for t in forms]
        else:
            kept = [sorted(placeholder.findall(entry.msgstr)) == sorted(wanted)]
        if not all(kept):
            wrong.append(entry.msgid)
    assert wrong == []


def test_both_catalogues_hold_the_same_messages():
    assert {key(e) for e in catalogue("az")} == {key(e) for e in catalogue("ru")}


def test_every_marked_string_of_the_source_is_in_the_catalogues(tmp_path):
    """Extracted afresh (Django's makemessages over a copy of the package): a string marked for
    translation and missing from the catalogues would show in English in every language."""
    if shutil.which("xgettext") is None:
        pytest.fail("gettext is not installed (apt-get install gettext; see .ci/run)")
    copy = tmp_path / "chancery"
    shutil.copytree(
        SOURCE,
        copy,
        ignore=shutil.ignore_patterns("tests", "__pycache__", "static", "*.mo", "data"),
    )
    here = Path.cwd()
    os.chdir(tmp_path)
    try:
        call_command("makemessages", locale=["az"], verbosity=0, no_obsolete=True)
    finally:
        os.chdir(here)
    extracted = {key(e) for e in polib.pofile(copy / "locale/az/LC_MESSAGES/django.po")}
    committed = {key(e) for e in catalogue("az")}
    assert sorted(extracted - committed, key=str) == [], "run `make messages` and translate them"
    assert sorted(committed - extracted, key=str) == [], "run `make messages`: obsolete messages"
