"""Organs of an organisation: the bodies in which states sit, vote and are elected."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from chancery.core.models import Record, in_language, translated_names
from chancery.core.uniqueness import UniqueInSight


class Organ(Record):
    """A body of an organisation: the UN Security Council, the General Assembly, ECOSOC, a summit
    of heads of state, a council of ministers."""

    class Kind(models.TextChoices):
        PLENARY = "plenary", _("Plenary assembly")
        COUNCIL = "council", _("Council")
        SUMMIT = "summit", _("Summit of heads of state or government")
        MINISTERIAL = "ministerial", _("Council of ministers")
        COMMITTEE = "committee", _("Committee or commission")
        COURT = "court", _("Court or tribunal")
        SECRETARIAT = "secretariat", _("Secretariat")
        OTHER = "other", _("Other")

    organization = models.ForeignKey(
        "reference.Organization",
        on_delete=models.PROTECT,
        related_name="organs",
        verbose_name=_("organisation"),
    )
    name = models.CharField(_("name"), max_length=300, db_index=True)
    name_az, name_ru = translated_names(_("name"), 300)
    acronym = models.CharField(_("acronym"), max_length=40, blank=True, db_index=True)
    acronym_az, acronym_ru = translated_names(_("acronym"), 40)
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    seats = models.PositiveSmallIntegerField(
        _("seats"),
        null=True,
        blank=True,
        help_text=_("How many states sit in it, where limited (15 in the Security Council)."),
    )
    term_years = models.PositiveSmallIntegerField(
        _("term (years)"), null=True, blank=True, help_text=_("The term of an elected seat.")
    )
    notes = models.TextField(_("notes"), blank=True)

    unique_in_sight = (UniqueInSight(("name",)),)

    class Meta:
        ordering = ["organization__name", "name"]
        verbose_name = _("organ")
        verbose_name_plural = _("organs")

    def __str__(self):
        name, acronym = in_language(self), in_language(self, "acronym")
        return f"{name} ({acronym})" if acronym else name


def check_organ_of(errors, record):
    """Add an error if the record's organ is not one of its organisation's."""
    organ, organization = record.organ, record.organization if record.organization_id else None
    if organ is not None and organization is not None and organ.organization_id != organization.pk:
        errors.setdefault("organ", []).append(
            _("%(organ)s is an organ of %(owner)s, not of %(organization)s.")
            % {"organ": organ, "owner": organ.organization, "organization": organization}
        )
