"""A state's place in international organisations and their organs, over time."""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from chancery.core.models import (
    Record,
    check_date_order,
    date_precision_field,
    show_partial_date,
)

from .organs import check_organ_of


class Membership(Record):
    """A state's status in an organisation from one date to another (or to now)."""

    class Status(models.TextChoices):
        MEMBER = "member", _("Member")
        ASSOCIATE = "associate", _("Associate member")
        OBSERVER = "observer", _("Observer")
        DIALOGUE_PARTNER = "dialogue_partner", _("Dialogue partner")
        PARTNER = "partner", _("Partner")
        PARTICIPANT = "participant", _("Participant")
        CANDIDATE = "candidate", _("Candidate")

    state = models.ForeignKey(
        "reference.Country",
        on_delete=models.PROTECT,
        related_name="memberships",
        verbose_name=_("state"),
    )
    organization = models.ForeignKey(
        "reference.Organization",
        on_delete=models.PROTECT,
        related_name="memberships",
        verbose_name=_("organization"),
    )
    organ = models.ForeignKey(
        "multilateral.Organ",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="memberships",
        verbose_name=_("organ"),
        help_text=_("For a seat in one of the organisation's organs (the Security Council)."),
    )
    status = models.CharField(_("status"), max_length=20, choices=Status.choices)
    since = models.DateField(_("since"), null=True, blank=True)
    since_precision = date_precision_field(_("since precision"))
    until = models.DateField(_("until"), null=True, blank=True)
    until_precision = date_precision_field(_("until precision"))
    notes = models.TextField(_("notes"), blank=True)

    class Meta:
        ordering = ["organization__name", "state__name", "since"]
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")

    def __str__(self):
        return f"{self.state} — {self.get_status_display()} — {self.organ or self.organization}"

    def clean(self):
        errors = {}
        check_organ_of(errors, self)
        check_date_order(errors, self, "since", "until", _("the start date"), _("The end date"))
        if errors:
            raise ValidationError(errors)

    @property
    def since_display(self):
        return show_partial_date(self.since, self.since_precision)

    @property
    def until_display(self):
        return show_partial_date(self.until, self.until_precision)
