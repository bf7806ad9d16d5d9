"""The Record base that every record type extends, and the one place where access is decided."""

import datetime

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _


class Classification(models.IntegerChoices):
    """Security classification, ordered so that a higher number is more sensitive."""

    UNCLASSIFIED = 0, _("Unclassified")
    RESTRICTED = 1, _("Restricted")
    CONFIDENTIAL = 2, _("Confidential")
    SECRET = 3, _("Secret")


class DatePrecision(models.TextChoices):
    """How much of a date is known: a source may give only the year or the month."""

    DAY = "day", _("Day")
    MONTH = "month", _("Month")
    YEAR = "year", _("Year")


def date_precision_field(verbose_name):
    """The companion `<date>_precision` field of a date that a source may give only in part."""
    return models.CharField(
        verbose_name, max_length=5, choices=DatePrecision.choices, default=DatePrecision.DAY
    )


def format_partial_date(value: datetime.date | None, precision: str) -> str:
    """A date shown only to the precision that is known (2011, 2011-05, 2011-05-25)."""
    if value is None:
        return ""
    if precision == DatePrecision.YEAR:
        return f"{value.year:04d}"
    if precision == DatePrecision.MONTH:
        return f"{value.year:04d}-{value.month:02d}"
    return value.isoformat()


def partial_date_bounds(value: datetime.date, precision: str):
    """The first and the last day a partial date may mean (2011 -> 2011-01-01..2011-12-31)."""
    if precision == DatePrecision.YEAR:
        return value.replace(month=1, day=1), value.replace(month=12, day=31)
    if precision == DatePrecision.MONTH:
        first = value.replace(day=1)
        following = (first + datetime.timedelta(days=32)).replace(day=1)
        return first, following - datetime.timedelta(days=1)
    return value, value


class SystemActor:
    """The loader of reference data and the data set: sees everything, is no user."""

    pk = None
    is_authenticated = True
    is_active = True
    is_superuser = True
    clearance = Classification.SECRET

    def __str__(self):
        return "system"


SYSTEM = SystemActor()


def clearance_of(user) -> int | None:
    """The highest classification a user may see; None for a user who may see nothing."""
    if user is None or not user.is_authenticated or not user.is_active:
        return None
    if user.is_superuser:
        return Classification.SECRET
    return user.clearance


class RecordQuerySet(models.QuerySet):
    """The default manager of every record type."""

    def visible_to(self, user):
        """Only the records `user` may see. Every page, API call, search, export and count
        goes through here; it is the single place where access is decided."""
        clearance = clearance_of(user)
        if clearance is None:
            return self.none()
        return self.filter(classification__lte=clearance)


class Record(models.Model):
    """Base of every record the ministry keeps: classification, priorities served, sources,
    and who created and last changed it. Changes are logged by auditlog (see the registry)."""

    classification = models.PositiveSmallIntegerField(
        _("classification"),
        choices=Classification.choices,
        default=Classification.UNCLASSIFIED,
        db_index=True,
    )
    priorities = models.ManyToManyField(
        "strategy.Priority",
        blank=True,
        related_name="%(app_label)s_%(class)s_records",
        verbose_name=_("priorities"),
        help_text=_("The foreign-policy priorities this record serves."),
    )
    sources = models.ManyToManyField(
        "documents.Document",
        blank=True,
        related_name="cited_by_%(app_label)s_%(class)s",
        verbose_name=_("sources"),
        help_text=_("Documents this record's facts are taken from."),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True, db_index=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
        verbose_name=_("created by"),
    )
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
        verbose_name=_("updated by"),
    )

    objects = RecordQuerySet.as_manager()

    class Meta:
        abstract = True

    def get_absolute_url(self):
        return reverse(f"{self._meta.app_label}:{self._meta.model_name}_detail", args=[self.pk])
