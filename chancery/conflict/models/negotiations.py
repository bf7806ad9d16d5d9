"""Negotiations: a track (a format with its mediators and participants), its rounds, and the
successive versions of the texts it drafts."""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from chancery.core.models import (
    Record,
    check_date_order,
    date_precision_field,
    show_partial_date,
    show_partial_period,
)
from chancery.core.uniqueness import UniqueInSight


class NegotiationTrack(Record):
    """A negotiation process: the OSCE Minsk Group's mediation, the talks of the Caspian littoral
    states on the legal status of the sea."""

    class Status(models.TextChoices):
        PLANNED = "planned", _("Planned")
        ACTIVE = "active", _("Active")
        SUSPENDED = "suspended", _("Suspended")
        CONCLUDED = "concluded", _("Concluded")

    name = models.CharField(_("name"), max_length=300, db_index=True)
    format = models.CharField(
        _("format"),
        max_length=300,
        help_text=_("How the talks are held: a mediation group, the littoral states' summits..."),
    )
    format_organization = models.ForeignKey(
        "reference.Organization",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="negotiation_tracks",
        verbose_name=_("format as an organisation"),
    )
    subject = models.TextField(_("subject"))
    mediator_organizations = models.ManyToManyField(
        "reference.Organization",
        blank=True,
        related_name="mediated_tracks",
        verbose_name=_("mediating organisations"),
    )
    mediator_states = models.ManyToManyField(
        "reference.Country",
        blank=True,
        related_name="mediated_tracks",
        verbose_name=_("mediating states"),
    )
    participants = models.ManyToManyField(
        "reference.Country",
        blank=True,
        related_name="negotiation_tracks",
        verbose_name=_("participating states"),
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.ACTIVE
    )
    since = models.DateField(_("since"), null=True, blank=True)
    since_precision = date_precision_field(_("since precision"))
    until = models.DateField(_("until"), null=True, blank=True)
    until_precision = date_precision_field(_("until precision"))
    objectives = models.TextField(
        _("our objectives"), blank=True, help_text=_("What the ministry seeks in these talks.")
    )
    resolutions = models.ManyToManyField(
        "multilateral.Resolution",
        blank=True,
        related_name="negotiation_tracks",
        verbose_name=_("resolutions"),
        help_text=_("The resolutions the talks rest on."),
    )
    notes = models.TextField(_("notes"), blank=True)

    unique_in_sight = (UniqueInSight(("name",)),)

    class Meta:
        ordering = ["name"]
        verbose_name = _("negotiation track")
        verbose_name_plural = _("negotiation tracks")

    def __str__(self):
        return self.name

    def clean(self):
        errors = {}
        check_date_order(errors, self, "since", "until", _("the start"), _("The end"))
        if errors:
            raise ValidationError(errors)

    @property
    def period_display(self):
        return show_partial_period(self, "since", "until", open_end="…")

    period_display.fget.short_description = _("period")


class NegotiationRound(Record):
    """A round of a track: a meeting, a summit, a mediators' visit or mission."""

    class Kind(models.TextChoices):
        ROUND = "round", _("Round of talks")
        SUMMIT = "summit", _("Summit")
        MINISTERIAL = "ministerial", _("Ministerial meeting")
        MEDIATORS_VISIT = "mediators_visit", _("Mediators' visit")
        MISSION = "mission", _("Fact-finding or assessment mission")
        OTHER = "other", _("Other")

    track = models.ForeignKey(
        NegotiationTrack,
        on_delete=models.PROTECT,
        related_name="rounds",
        verbose_name=_("track"),
    )
    title = models.CharField(_("title"), max_length=300)
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    date = models.DateField(_("date"))
    date_precision = date_precision_field(_("date precision"))
    end = models.DateField(_("end"), null=True, blank=True)
    end_precision = date_precision_field(_("end precision"))
    place = models.CharField(_("place"), max_length=200, blank=True)
    place_country = models.ForeignKey(
        "reference.Country",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("country of the place"),
    )
    mediator_organizations = models.ManyToManyField(
        "reference.Organization",
        blank=True,
        related_name="mediated_rounds",
        verbose_name=_("mediating organisations"),
    )
    mediator_states = models.ManyToManyField(
        "reference.Country",
        blank=True,
        related_name="mediated_rounds",
        verbose_name=_("mediating states"),
    )
    participants = models.ManyToManyField(
        "reference.Country",
        blank=True,
        related_name="negotiation_rounds",
        verbose_name=_("participating states"),
    )
    outcome = models.TextField(_("outcome"), blank=True)
    documents = models.ManyToManyField(
        "documents.Document",
        blank=True,
        related_name="negotiation_rounds",
        verbose_name=_("documents"),
        help_text=_("What the round adopted or exchanged (the sources of its facts are apart)."),
    )

    unique_in_sight = (
        UniqueInSight(
            ("track", "title"), _("The track already has a round of this title: %(record)s.")
        ),
    )

    class Meta:
        ordering = ["track", "date", "title"]
        verbose_name = _("negotiation round")
        verbose_name_plural = _("negotiation rounds")

    def __str__(self):
        return self.title

    def clean(self):
        errors = {}
        check_date_order(errors, self, "date", "end", _("the date"), _("The end"))
        if errors:
            raise ValidationError(errors)

    @property
    def dates_display(self):
        return show_partial_period(self, "date", "end")

    dates_display.fget.short_description = _("dates")


class DraftVersion(Record):
    """One version of a text a track drafts (a draft convention), with its full text, so that
    each version can be compared with the one before it."""

    track = models.ForeignKey(
        NegotiationTrack,
        on_delete=models.PROTECT,
        related_name="draft_versions",
        verbose_name=_("track"),
    )
    instrument = models.CharField(
        _("instrument"),
        max_length=300,
        help_text=_("The text being drafted; its versions are compared with each other."),
    )
    label = models.CharField(_("version"), max_length=200)
    date = models.DateField(_("date"))
    date_precision = date_precision_field(_("date precision"))
    text = models.TextField(_("text"), blank=True)
    note = models.TextField(_("note"), blank=True)

    unique_in_sight = (
        UniqueInSight(
            ("track", "instrument", "label"),
            _("This text already has a version of this label: %(record)s."),
        ),
    )

    class Meta:
        ordering = ["track", "instrument", "date", "pk"]
        verbose_name = _("draft version")
        verbose_name_plural = _("draft versions")

    def __str__(self):
        return f"{self.instrument}: {self.label}"

    @property
    def date_display(self):
        return show_partial_date(self.date, self.date_precision)

    date_display.fget.short_description = _("date")
