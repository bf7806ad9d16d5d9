"""Crisis accounting: who of those registered is in the affected area, and who is accounted for;
the messages sent to them and each one's delivery."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from chancery.core.models import (
    DatePrecision,
    Record,
    fields_in_error,
    show_partial_date,
    translated_names,
)


class Crisis(Record):
    """An emergency abroad (an earthquake, a war, an epidemic) in an area over a period."""

    class Status(models.TextChoices):
        ACTIVE = "active", _("Active")
        CLOSED = "closed", _("Closed")

    name = models.CharField(_("name"), max_length=200)
    countries = models.ManyToManyField(
        "reference.Country", related_name="crises", verbose_name=_("states affected")
    )
    cities = models.CharField(
        _("cities affected"),
        max_length=500,
        blank=True,
        help_text=_("Comma-separated; leave empty when the whole of the states is affected."),
    )
    starts_on = models.DateField(_("from"))
    ends_on = models.DateField(_("to"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=8, choices=Status.choices, default=Status.ACTIVE
    )
    notes = models.TextField(_("notes"), blank=True)

    class Meta:
        ordering = ["-starts_on"]
        verbose_name = _("crisis")
        verbose_name_plural = _("crises")

    def __str__(self):
        return self.name

    def clean(self):
        if {"starts_on", "ends_on"} & fields_in_error(self):
            return
        if self.starts_on and self.ends_on and self.ends_on < self.starts_on:
            raise ValidationError(
                {
                    "ends_on": _("The crisis cannot end (%(end)s) before it starts (%(start)s).")
                    % {
                        "end": show_partial_date(self.ends_on, DatePrecision.DAY),
                        "start": show_partial_date(self.starts_on, DatePrecision.DAY),
                    }
                }
            )

    @property
    def city_names(self):
        return [c.strip() for c in self.cities.split(",") if c.strip()]


class CrisisCheck(Record):
    """Where a registered citizen stands in a crisis, who said so and when."""

    class Status(models.TextChoices):
        ACCOUNTED = "accounted", _("Accounted for")
        NEEDS_HELP = "needs_help", _("Needs help")
        UNREACHABLE = "unreachable", _("Unreachable")
        LEFT = "left", _("Left the area")

    personal_data_mission = "registration__mission"

    crisis = models.ForeignKey(
        Crisis, on_delete=models.CASCADE, related_name="checks", verbose_name=_("crisis")
    )
    registration = models.ForeignKey(
        "consular.Registration",
        on_delete=models.CASCADE,
        related_name="crisis_checks",
        verbose_name=_("registration abroad"),
    )
    status = models.CharField(_("status"), max_length=12, choices=Status.choices)
    marked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        editable=False,
        verbose_name=_("marked by"),
    )
    marked_at = models.DateTimeField(_("marked at"), auto_now=True)

    class Meta:
        ordering = ["crisis", "registration"]
        verbose_name = _("crisis check")
        verbose_name_plural = _("crisis checks")
        constraints = [
            models.UniqueConstraint(fields=["crisis", "registration"], name="one_check_per_person")
        ]

    def __str__(self):
        return f"{self.registration} · {self.get_status_display()}"


class CrisisMessage(Record):
    """A message sent to everyone registered in a crisis area, each in the language they
    registered in where the message is written in it (English otherwise)."""

    crisis = models.ForeignKey(
        Crisis, on_delete=models.CASCADE, related_name="messages", verbose_name=_("crisis")
    )
    subject = models.CharField(_("subject"), max_length=200)
    subject_az, subject_ru = translated_names(_("subject"), 200)
    body = models.TextField(_("message"))
    body_az, body_ru = translated_names(_("message"))
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        editable=False,
        verbose_name=_("sent by"),
    )
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True, editable=False)

    class Meta:
        ordering = ["-sent_at", "-pk"]
        verbose_name = _("crisis message")
        verbose_name_plural = _("crisis messages")

    def __str__(self):
        return self.subject


class Delivery(Record):
    """One recipient's delivery of a crisis message."""

    class Status(models.TextChoices):
        SENT = "sent", _("Sent")
        FAILED = "failed", _("Failed")
        NO_ADDRESS = "no_address", _("No e-mail address")

    personal_data_mission = "registration__mission"

    message = models.ForeignKey(
        CrisisMessage,
        on_delete=models.CASCADE,
        related_name="deliveries",
        verbose_name=_("message"),
    )
    registration = models.ForeignKey(
        "consular.Registration",
        on_delete=models.CASCADE,
        related_name="deliveries",
        verbose_name=_("registration abroad"),
    )
    status = models.CharField(_("status"), max_length=12, choices=Status.choices)
    error = models.CharField(_("error"), max_length=300, blank=True)
    at = models.DateTimeField(_("at"), auto_now_add=True)

    class Meta:
        ordering = ["message", "registration"]
        verbose_name = _("delivery")
        verbose_name_plural = _("deliveries")
        constraints = [
            models.UniqueConstraint(fields=["message", "registration"], name="one_delivery_each")
        ]

    def __str__(self):
        return f"{self.message} · {self.get_status_display()}"
