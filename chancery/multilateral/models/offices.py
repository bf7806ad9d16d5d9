"""Offices a state holds in an organisation: chairmanships, presidencies, vice-chairs."""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from chancery.core.models import (
    Record,
    check_date_order,
    date_precision_field,
    show_partial_period,
)

from .organs import Organ, check_organ_of


class Office(Record):
    """A state's chairmanship, presidency or other office in an organisation or one of its
    organs, for a period (the home state's chairmanship of the Non-Aligned Movement)."""

    class Role(models.TextChoices):
        CHAIR = "chair", _("Chairmanship")
        PRESIDENCY = "presidency", _("Presidency")
        VICE_CHAIR = "vice_chair", _("Vice-chairmanship")
        CO_CHAIR = "co_chair", _("Co-chairmanship")
        RAPPORTEUR = "rapporteur", _("Rapporteur")
        SECRETARY_GENERAL = "secretary_general", _("Secretary-General")

    state = models.ForeignKey(
        "reference.Country",
        on_delete=models.PROTECT,
        related_name="offices",
        verbose_name=_("state"),
    )
    organization = models.ForeignKey(
        "reference.Organization",
        on_delete=models.PROTECT,
        related_name="offices",
        verbose_name=_("organisation"),
    )
    organ = models.ForeignKey(
        Organ,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="offices",
        verbose_name=_("organ"),
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    since = models.DateField(_("since"), null=True, blank=True)
    since_precision = date_precision_field(_("since precision"))
    until = models.DateField(_("until"), null=True, blank=True)
    until_precision = date_precision_field(_("until precision"))
    notes = models.TextField(_("notes"), blank=True)

    class Meta:
        ordering = ["-since", "organization__name"]
        verbose_name = _("office")
        verbose_name_plural = _("offices")

    def __str__(self):
        return f"{self.state} · {self.get_role_display()} · {self.organ or self.organization}"

    @property
    def period_display(self):
        return show_partial_period(self, "since", "until")

    period_display.fget.short_description = _("period")

    def clean(self):
        errors = {}
        check_organ_of(errors, self)
        check_date_order(errors, self, "since", "until", _("the start"), _("The end"))
        if errors:
            raise ValidationError(errors)
