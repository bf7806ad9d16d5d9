"""Personal identifiers at rest: encrypted with Fernet under keys from the environment, and found
by a keyed hash, never by a plain-text column.

`CHANCERY_FIELD_KEYS` lists Fernet keys, newest first: the first encrypts, all decrypt, so a key
is rotated by putting a new one first and running `chancery rotate-field-keys`, which re-encrypts
every value under it; the old key can then be dropped. `CHANCERY_LOOKUP_KEY` keys the hash by
which a value is found (HMAC-SHA256 of the value with spaces and case removed)."""

import hashlib
import hmac
from functools import cache

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import models


@cache
def _fernet(keys: tuple[str, ...]) -> MultiFernet:
    try:
        return MultiFernet([Fernet(key) for key in keys])
    except ValueError as exc:
        raise ImproperlyConfigured(
            "CHANCERY_FIELD_KEYS must list Fernet keys (Fernet.generate_key())."
        ) from exc


def fernet() -> MultiFernet:
    keys = tuple(settings.CHANCERY_FIELD_KEYS)
    if not keys:
        raise ImproperlyConfigured("CHANCERY_FIELD_KEYS must be set to store personal data.")
    return _fernet(keys)


def encrypt(value: str) -> str:
    return fernet().encrypt(value.encode()).decode()


def decrypt(token: str) -> str:
    try:
        return fernet().decrypt(token.encode()).decode()
    except InvalidToken as exc:
        raise ImproperlyConfigured(
            "A stored value cannot be decrypted with CHANCERY_FIELD_KEYS: a key is missing."
        ) from exc


def rotate(token: str) -> str:
    """The token re-encrypted under the newest key."""
    return fernet().rotate(token.encode()).decode()


def normalized(value: str) -> str:
    return "".join(value.split()).upper()


def lookup_hash(value: str) -> str:
    """The keyed hash by which an identifier is found; equal for equal identifiers however they
    were spaced or cased."""
    key = settings.CHANCERY_LOOKUP_KEY.encode()
    return hmac.new(key, normalized(value).encode(), hashlib.sha256).hexdigest()


def secret_hash(secret: str) -> str:
    """The keyed hash of a secret (a citizen's update link) kept instead of the secret."""
    key = settings.CHANCERY_LOOKUP_KEY.encode()
    return hmac.new(key, b"secret:" + secret.encode(), hashlib.sha256).hexdigest()


class EncryptedCharField(models.TextField):
    """A short text stored encrypted; reads give the plain value back. It cannot be filtered or
    sorted on: pair it with a keyed-hash column (`lookup_hash`) to find a value."""

    def __init__(self, *args, max_length=None, **kwargs):
        self.plain_max_length = max_length
        super().__init__(*args, **kwargs)

    def deconstruct(self):
        name, path, args, kwargs = super().deconstruct()
        if self.plain_max_length is not None:
            kwargs["max_length"] = self.plain_max_length
        return name, path, args, kwargs

    def from_db_value(self, value, expression, connection):
        if value in (None, ""):
            return value
        return decrypt(value)

    def get_prep_value(self, value):
        value = super().get_prep_value(value)
        if value in (None, ""):
            return value
        return encrypt(value)

    def formfield(self, **kwargs):
        from django import forms

        defaults = {"form_class": forms.CharField, "max_length": self.plain_max_length}
        defaults.update(kwargs)
        return models.Field.formfield(self, **defaults)
