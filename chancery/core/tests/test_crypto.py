"""Encrypted identifiers: never stored in plain text, found by a keyed hash however they are
written, and re-encrypted under a new key by `chancery rotate-field-keys`."""

import datetime
import io

import pytest
from cryptography.fernet import Fernet
from django.core.management import call_command
from django.db import connection

from chancery.consular.models import Registration
from chancery.core import crypto


@pytest.fixture
def registration(home_state):
    return Registration.objects.create(
        surname_latin="EXAMPLE",
        given_names_latin="Someone",
        date_of_birth=datetime.date(1990, 1, 1),
        citizenship=home_state,
        travel_document="C 0123 4567",
        country=home_state,
        city="Baku",
        arrives_on=datetime.date(2026, 1, 1),
        leaves_on=datetime.date(2026, 2, 1),
        consent=True,
    )


def stored(registration):
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT travel_document, travel_document_hash FROM consular_registration WHERE id = %s",
            [registration.pk],
        )
        return cursor.fetchone()


def test_the_number_is_stored_encrypted_and_read_back_plain(registration):
    column, digest = stored(registration)

    assert "0123" not in column and "4567" not in column
    assert "0123" not in digest
    assert Registration.objects.get(pk=registration.pk).travel_document == "C 0123 4567"


def test_the_number_is_found_by_its_hash_however_it_is_written(registration):
    assert list(Registration.with_travel_document("c01234567")) == [registration]
    assert list(Registration.with_travel_document("C 0123 4568")) == []


def test_rotation_re_encrypts_under_the_new_key_and_the_old_key_can_go(registration, settings):
    old = list(settings.CHANCERY_FIELD_KEYS)
    new = Fernet.generate_key().decode()
    settings.CHANCERY_FIELD_KEYS = [new, *old]

    call_command("rotate-field-keys", stdout=io.StringIO())
    settings.CHANCERY_FIELD_KEYS = [new]

    column, _digest = stored(registration)
    assert Fernet(new.encode()).decrypt(column.encode()) == b"C 0123 4567"
    assert Registration.objects.get(pk=registration.pk).travel_document == "C 0123 4567"


def test_a_missing_key_is_a_clear_configuration_error(registration, settings):
    settings.CHANCERY_FIELD_KEYS = [Fernet.generate_key().decode()]

    with pytest.raises(Exception, match="cannot be decrypted"):
        Registration.objects.get(pk=registration.pk)
    assert crypto.lookup_hash(" ab 12 ") == crypto.lookup_hash("AB12")
