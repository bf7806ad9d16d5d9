"""Development aid: what an agency or foundation gives a recipient state, for what, and how much."""

import functools

import pycountry
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.utils.functional import lazy
from django.utils.translation import gettext_lazy as _

from chancery.core.languages import iso_name
from chancery.core.models import (
    Record,
    check_date_order,
    date_precision_field,
    show_partial_period,
)

# ISO 4217 codes that are no money an aid project is given in: testing, "no currency", precious
# metals and bond-market units. XDR and XUA (units of account of development banks) stay.
NOT_MONEY = {"XTS", "XXX", "XAU", "XAG", "XPD", "XPT", "XBA", "XBB", "XBC", "XBD", "XSU"}


def _currency_label(currency):
    return f"{currency.alpha_3} — {iso_name('iso4217', currency.name)}"


@functools.cache
def currency_choices():
    """The ISO 4217 currencies, by code: the only values a currency field accepts, each named in
    the page's language where ISO's names are translated."""
    return [
        (c.alpha_3, lazy(_currency_label, str)(c))
        for c in sorted(pycountry.currencies, key=lambda c: c.alpha_3)
        if c.alpha_3 not in NOT_MONEY
    ]


class AidProject(Record):
    """Development or humanitarian aid given through an agency (AIDA, the Heydar Aliyev
    Foundation) to a recipient state. Amounts are kept in their own currency, never converted."""

    class Sector(models.TextChoices):
        HEALTH = "health", _("Health")
        EDUCATION = "education", _("Education")
        HUMANITARIAN = "humanitarian", _("Humanitarian relief")
        INFRASTRUCTURE = "infrastructure", _("Infrastructure")
        AGRICULTURE = "agriculture", _("Agriculture")
        WATER = "water", _("Water")
        CAPACITY = "capacity", _("Capacity building")
        OTHER = "other", _("Other")

    class Status(models.TextChoices):
        PLANNED = "planned", _("Planned")
        ONGOING = "ongoing", _("Ongoing")
        COMPLETED = "completed", _("Completed")
        CANCELLED = "cancelled", _("Cancelled")

    title = models.CharField(_("title"), max_length=300)
    agency = models.ForeignKey(
        "reference.Organization",
        on_delete=models.PROTECT,
        related_name="aid_projects",
        verbose_name=_("agency"),
        help_text=_("The agency, foundation or body that gives the aid."),
    )
    recipient = models.ForeignKey(
        "reference.Country",
        on_delete=models.PROTECT,
        related_name="aid_received",
        verbose_name=_("recipient state"),
    )
    sector = models.CharField(_("sector"), max_length=15, choices=Sector.choices)
    amount = models.DecimalField(
        _("amount"),
        max_digits=18,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
        help_text=_("Left empty when not known; never converted from another currency."),
    )
    currency = models.CharField(
        _("currency"),
        max_length=3,
        choices=currency_choices,
        blank=True,
        help_text=_("ISO 4217 code (AZN, USD, EUR)."),
    )
    start = models.DateField(_("start"), null=True, blank=True)
    start_precision = date_precision_field(_("start precision"))
    end = models.DateField(_("end"), null=True, blank=True)
    end_precision = date_precision_field(_("end precision"))
    status = models.CharField(_("status"), max_length=10, choices=Status.choices)
    results = models.TextField(_("results"), blank=True)
    notes = models.TextField(_("notes"), blank=True)

    class Meta:
        ordering = ["-start", "title"]
        verbose_name = _("aid project")
        verbose_name_plural = _("aid projects")

    def __str__(self):
        return self.title

    def clean(self):
        errors = {}
        if self.amount is not None and not self.currency:
            errors["currency"] = [_("Give the currency of the amount.")]
        check_date_order(errors, self, "start", "end", _("the start"), _("The end"))
        if errors:
            raise ValidationError(errors)

    @property
    def period_display(self):
        return show_partial_period(self, "start", "end")

    period_display.fget.short_description = _("period")
