"""Engagements: any dated diplomatic activity, from a phone call to a summit."""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from chancery.core.models import (
    Record,
    check_date_order,
    date_precision_field,
    show_partial_period,
)


class Engagement(Record):
    """Any dated diplomatic activity: a visit, a meeting, a call, a summit, a forum..."""

    class Kind(models.TextChoices):
        STATE_VISIT = "state_visit", _("State visit")
        OFFICIAL_VISIT = "official_visit", _("Official visit")
        WORKING_VISIT = "working_visit", _("Working visit")
        MARGINS_MEETING = "margins_meeting", _("Meeting on the margins")
        MEETING = "meeting", _("Meeting")
        PHONE_CALL = "phone_call", _("Phone call")
        SUMMIT = "summit", _("Summit")
        CONFERENCE = "conference", _("Conference")
        FORUM = "forum", _("Forum")
        BUSINESS_FORUM = "business_forum", _("Business forum")
        COMMISSION_SESSION = "commission_session", _("Commission session")
        CULTURAL_EVENT = "cultural_event", _("Hosted cultural event")
        SPORTS_EVENT = "sports_event", _("Hosted sports event")
        CONGRESS = "congress", _("Congress")
        PASTORAL_VISIT = "pastoral_visit", _("Pastoral visit")

    class Level(models.TextChoices):
        HEAD_OF_STATE = "head_of_state", _("Head of state")
        HEAD_OF_GOVERNMENT = "head_of_government", _("Head of government")
        FOREIGN_MINISTER = "foreign_minister", _("Foreign minister")
        MINISTER = "minister", _("Minister")
        DEPUTY = "deputy", _("Deputy minister")
        AMBASSADOR = "ambassador", _("Ambassador")
        EXPERT = "expert", _("Expert")

    class Direction(models.TextChoices):
        INCOMING = "incoming", _("Incoming")
        OUTGOING = "outgoing", _("Outgoing")
        HOSTED = "hosted", _("Hosted")
        MULTILATERAL = "multilateral", _("Multilateral")

    title = models.CharField(_("title"), max_length=300)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    level = models.CharField(_("level"), max_length=20, choices=Level.choices, blank=True)
    direction = models.CharField(_("direction"), max_length=12, choices=Direction.choices)
    start = models.DateField(_("start"))
    start_precision = date_precision_field(_("start precision"))
    end = models.DateField(_("end"), null=True, blank=True)
    end_precision = date_precision_field(_("end precision"))
    place = models.CharField(_("place"), max_length=200, blank=True)
    place_country = models.ForeignKey(
        "reference.Country",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="engagements_hosted",
        verbose_name=_("country of the place"),
    )
    countries = models.ManyToManyField(
        "reference.Country",
        blank=True,
        related_name="engagements",
        verbose_name=_("counterpart states"),
    )
    organizations = models.ManyToManyField(
        "reference.Organization",
        blank=True,
        related_name="engagements",
        verbose_name=_("counterpart organisations"),
    )
    organs = models.ManyToManyField(
        "multilateral.Organ",
        blank=True,
        related_name="engagements",
        verbose_name=_("organs"),
        help_text=_("The organs that met or took part (the Security Council)."),
    )
    people = models.ManyToManyField(
        "reference.Person",
        blank=True,
        related_name="engagements",
        verbose_name=_("counterpart persons"),
    )
    delegation = models.TextField(_("delegation"), blank=True)
    outcome = models.TextField(_("outcome"), blank=True)
    talking_points = models.TextField(
        _("talking points"), blank=True, help_text=_("Kept with the briefing for the engagement.")
    )
    documents = models.ManyToManyField(
        "documents.Document",
        blank=True,
        related_name="engagements",
        verbose_name=_("documents"),
    )

    class Meta:
        ordering = ["-start", "title"]
        verbose_name = _("engagement")
        verbose_name_plural = _("engagements")
        # the list's own order (then by key): its first page is read off the index, not sorted
        indexes = [models.Index(fields=["-start", "title", "id"], name="engagement_newest")]

    def __str__(self):
        return self.title

    def clean(self):
        errors = {}
        check_date_order(errors, self, "start", "end", _("the start"), _("The end"))
        if errors:
            raise ValidationError(errors)

    @property
    def dates_display(self):
        return show_partial_period(self, "start", "end")
