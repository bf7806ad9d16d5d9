"""Diaspora organisations abroad and their part in engagements."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from chancery.core.models import Record, date_precision_field, show_partial_date
from chancery.core.uniqueness import UniqueInSight


class DiasporaOrganization(Record):
    """An organisation of the diaspora in a state: a community, a cultural centre, a council."""

    class Kind(models.TextChoices):
        COMMUNITY = "community", _("Community association")
        CULTURAL = "cultural", _("Cultural centre")
        YOUTH = "youth", _("Youth or student organisation")
        BUSINESS = "business", _("Business association")
        MEDIA = "media", _("Media")
        COORDINATING = "coordinating", _("Coordinating council")
        OTHER = "other", _("Other")

    class Status(models.TextChoices):
        ACTIVE = "active", _("Active")
        INACTIVE = "inactive", _("Inactive")

    name = models.CharField(_("name"), max_length=300)
    state = models.ForeignKey(
        "reference.Country",
        on_delete=models.PROTECT,
        related_name="diaspora_organizations",
        verbose_name=_("state"),
    )
    city = models.CharField(_("city"), max_length=120, blank=True)
    kind = models.CharField(_("kind"), max_length=14, choices=Kind.choices)
    founded = models.DateField(_("founded"), null=True, blank=True)
    founded_precision = date_precision_field(_("founded precision"))
    leaders = models.ManyToManyField(
        "reference.Person",
        blank=True,
        related_name="diaspora_organizations",
        verbose_name=_("leaders"),
    )
    contacts = models.TextField(_("contacts"), blank=True)
    status = models.CharField(
        _("status"), max_length=8, choices=Status.choices, default=Status.ACTIVE
    )
    engagements = models.ManyToManyField(
        "bilateral.Engagement",
        blank=True,
        related_name="diaspora_organizations",
        verbose_name=_("took part in"),
    )
    notes = models.TextField(_("notes"), blank=True)

    unique_in_sight = (UniqueInSight(("state", "name")),)

    class Meta:
        ordering = ["state__name", "name"]
        verbose_name = _("diaspora organisation")
        verbose_name_plural = _("diaspora organisations")

    def __str__(self):
        return self.name

    @property
    def founded_display(self):
        return show_partial_date(self.founded, self.founded_precision)
