"""Citizens registered abroad: who, where, when, how to reach them, and who answers for them."""

import secrets

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from chancery.core.crypto import EncryptedCharField, lookup_hash, secret_hash
from chancery.core.models import DatePrecision, Record, fields_in_error, show_partial_date

REFERENCE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I: read over the phone


def new_reference(prefix):
    return prefix + "-" + "".join(secrets.choice(REFERENCE_ALPHABET) for _ in range(8))


class Registration(Record):
    """A citizen's registered stay or trip abroad. The travel document number is stored
    encrypted and found by its keyed hash."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting for the mission to confirm")
        CONFIRMED = "confirmed", _("Confirmed")
        CANCELLED = "cancelled", _("Cancelled")

    class Sex(models.TextChoices):
        FEMALE = "female", _("Female")
        MALE = "male", _("Male")

    class Source(models.TextChoices):
        SELF = "self", _("Registered by the citizen")
        OFFICER = "officer", _("Registered by an officer")

    personal_data_mission = "mission"

    reference = models.CharField(_("reference"), max_length=20, unique=True, editable=False)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    source = models.CharField(
        _("source"), max_length=8, choices=Source.choices, default=Source.OFFICER
    )
    surname_latin = models.CharField(_("surname (Latin)"), max_length=100)
    given_names_latin = models.CharField(_("given names (Latin)"), max_length=150)
    name_cyrillic = models.CharField(
        _("full name (Cyrillic)"),
        max_length=250,
        blank=True,
        help_text=_("As the citizen gives it."),
    )
    date_of_birth = models.DateField(_("date of birth"))
    sex = models.CharField(_("sex"), max_length=6, choices=Sex.choices, blank=True)
    citizenship = models.ForeignKey(
        "reference.Country",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("citizenship"),
    )
    travel_document = EncryptedCharField(_("travel document number"), max_length=30, blank=True)
    travel_document_hash = models.CharField(
        max_length=64, blank=True, db_index=True, editable=False
    )
    country = models.ForeignKey(
        "reference.Country",
        on_delete=models.PROTECT,
        related_name="registrations",
        verbose_name=_("state of stay"),
    )
    city = models.CharField(_("city"), max_length=120)
    address = models.CharField(_("address"), max_length=300, blank=True)
    latitude = models.DecimalField(
        _("latitude"), max_digits=8, decimal_places=5, null=True, blank=True
    )
    longitude = models.DecimalField(
        _("longitude"), max_digits=8, decimal_places=5, null=True, blank=True
    )
    arrives_on = models.DateField(_("from"))
    leaves_on = models.DateField(_("to"))
    purpose = models.CharField(_("purpose"), max_length=200, blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    emergency_contact = models.CharField(
        _("emergency contact at home"),
        max_length=300,
        blank=True,
        help_text=_("Name, relation and phone."),
    )
    group = models.CharField(
        _("travelling with"),
        max_length=200,
        blank=True,
        help_text=_("The family or organisation travelling together, if any."),
    )
    mission = models.ForeignKey(
        "bilateral.Mission",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="registrations",
        verbose_name=_("responsible mission"),
    )
    consent = models.BooleanField(
        _("consent to the processing of the data"),
        default=False,
    )
    consent_at = models.DateTimeField(_("consent given at"), null=True, blank=True, editable=False)
    language = models.CharField(
        _("language"),
        max_length=8,
        choices=settings.LANGUAGES,
        blank=True,
        help_text=_("The language the citizen registered in: the e-mails to them are in it."),
    )
    update_token_hash = models.CharField(max_length=64, blank=True, editable=False)

    class Meta:
        ordering = ["-arrives_on", "surname_latin"]
        verbose_name = _("registration abroad")
        verbose_name_plural = _("registrations abroad")
        indexes = [
            models.Index(fields=["country", "arrives_on", "leaves_on"], name="stay_where_when"),
            # who is abroad on a day: the stays not yet over are few among thirty years of them
            models.Index(fields=["leaves_on", "arrives_on"], name="stay_ends"),
        ]

    def __str__(self):
        return f"{self.reference} · {self.surname_latin.upper()} {self.given_names_latin}"

    def clean(self):
        errors = {}
        typed = not {"arrives_on", "leaves_on"} & fields_in_error(self)
        if typed and self.arrives_on and self.leaves_on and self.leaves_on < self.arrives_on:
            errors["leaves_on"] = [
                _("The end of the stay (%(end)s) is before its start (%(start)s).")
                % {
                    "end": show_partial_date(self.leaves_on, DatePrecision.DAY),
                    "start": show_partial_date(self.arrives_on, DatePrecision.DAY),
                }
            ]
        if self.date_of_birth and self.date_of_birth > timezone.localdate():
            errors["date_of_birth"] = [
                _("The date of birth (%(born)s) is in the future.")
                % {"born": show_partial_date(self.date_of_birth, DatePrecision.DAY)}
            ]
        if not self.consent:
            errors["consent"] = [
                _("Consent to the processing of the data is needed to register the stay.")
            ]
        if errors:
            raise ValidationError(errors)

    def save(self, *args, **kwargs):
        if not self.reference:
            self.reference = new_reference("R")
        self.travel_document_hash = (
            lookup_hash(self.travel_document) if self.travel_document else ""
        )
        super().save(*args, **kwargs)

    @classmethod
    def with_travel_document(cls, number):
        """The registrations of a travel document number, found by its keyed hash."""
        return cls.objects.filter(travel_document_hash=lookup_hash(number))

    def issue_update_token(self) -> str:
        """A new secret for the citizen's link to update or cancel; only its hash is kept."""
        token = secrets.token_urlsafe(24)
        self.update_token_hash = secret_hash(token)
        return token

    def token_matches(self, token: str) -> bool:
        return bool(self.update_token_hash) and secrets.compare_digest(
            self.update_token_hash, secret_hash(token)
        )


def retention_days():
    return settings.CHANCERY_REGISTRATION_RETENTION_DAYS
