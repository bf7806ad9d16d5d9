"""Incidents: when and where, what happened, the casualties and damage reported, to whom it was
reported, and how far it has been verified.

Casualties and damage are child rows (one figure each), not columns of the incident: a report
groups them with one `values(...).annotate(Sum(...))` whatever the breakdown, a figure the source
does not give is no row at all, and a figure the source says exists but does not count ("many
civilians were killed") is a row whose count is empty, told apart from a zero.
"""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from chancery.core.models import (
    DatePrecision,
    Record,
    check_date_order,
    date_precision_field,
    show_partial_date,
    show_partial_period,
)
from chancery.core.uniqueness import UniqueInSight


class Incident(Record):
    """Something that happened on a day (or in a month or year, as far as it is known), at a
    settlement or a place described in words."""

    class Kind(models.TextChoices):
        SHELLING = "shelling", _("Shelling")
        CEASEFIRE_VIOLATION = "ceasefire_violation", _("Ceasefire violation")
        ATTACK_ON_CIVILIANS = "attack_on_civilians", _("Attack on civilian objects")
        LANDMINE = "landmine", _("Landmine")
        OTHER = "other", _("Other")

    class Verification(models.TextChoices):
        REPORTED = "reported", _("Reported")
        UNDER_VERIFICATION = "under_verification", _("Under verification")
        VERIFIED = "verified", _("Verified")
        DISPUTED = "disputed", _("Disputed")

    title = models.CharField(_("title"), max_length=300, db_index=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    occurred_on = models.DateField(_("occurred on"), db_index=True)
    occurred_on_precision = date_precision_field(_("occurred on precision"))
    occurred_time = models.TimeField(
        _("time of day"),
        null=True,
        blank=True,
        help_text=_("Local time at the place, when the exact day and time are known."),
    )
    ended_on = models.DateField(
        _("ended on"), null=True, blank=True, help_text=_("For an incident of several days.")
    )
    ended_on_precision = date_precision_field(_("ended on precision"))
    settlement = models.ForeignKey(
        "conflict.Settlement",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="incidents",
        verbose_name=_("settlement"),
    )
    place = models.CharField(
        _("place"),
        max_length=300,
        blank=True,
        help_text=_("The place in words: a street, a road, an area, or many places at once."),
    )
    responsible_side = models.ForeignKey(
        "reference.Country",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("side reported responsible"),
    )
    verification = models.CharField(
        _("verification"),
        max_length=20,
        choices=Verification.choices,
        default=Verification.REPORTED,
        db_index=True,
    )
    description = models.TextField(_("description"), blank=True)
    notes = models.TextField(_("notes"), blank=True)

    # an incident at a settlement the reader may not see is not shown: its place is its substance
    required_links = ("settlement",)

    desk_links = ("settlement__country", "responsible_side")

    unique_in_sight = (UniqueInSight(("title",)),)

    class Meta:
        ordering = ["-occurred_on", "title"]
        verbose_name = _("incident")
        verbose_name_plural = _("incidents")

    def __str__(self):
        return self.title

    def clean(self):
        errors = {}
        check_date_order(errors, self, "occurred_on", "ended_on", _("the start"), _("The end"))
        if self.occurred_time is not None and self.occurred_on_precision != DatePrecision.DAY:
            errors["occurred_time"] = _("A time of day needs the exact day.")
        if self.settlement_id is None and not self.place.strip():
            errors["place"] = _("Give the settlement, or describe the place in words.")
        if errors:
            raise ValidationError(errors)

    @property
    def occurred_display(self):
        when = show_partial_period(self, "occurred_on", "ended_on")
        if self.occurred_time is not None:
            when = f"{when}, {self.occurred_time:%H:%M}"
        return when

    occurred_display.fget.short_description = _("when")


def _of_incident(figure_record, figure):
    """A figure named with its incident (fetched with it, through `visible_to`, on every page)."""
    incident = figure_record.incident if figure_record.incident_id else None
    return f"{incident}: {figure}" if incident is not None else figure


class IncidentCasualty(Record):
    """One casualty figure of an incident: civilians or military, killed or wounded, everyone or
    only the children, women or elderly among them. Each of those is counted within everyone of
    its category and outcome, never added to it."""

    class Category(models.TextChoices):
        CIVILIAN = "civilian", _("Civilians")
        MILITARY = "military", _("Military")

    class Outcome(models.TextChoices):
        KILLED = "killed", _("Killed")
        WOUNDED = "wounded", _("Wounded")

    class Among(models.TextChoices):
        ALL = "all", _("Everyone")
        CHILDREN = "children", _("Children")
        WOMEN = "women", _("Women")
        ELDERLY = "elderly", _("Elderly")

    incident = models.ForeignKey(
        Incident, on_delete=models.CASCADE, related_name="casualties", verbose_name=_("incident")
    )
    category = models.CharField(_("category"), max_length=10, choices=Category.choices)
    outcome = models.CharField(
        pgettext_lazy("casualty", "outcome"), max_length=10, choices=Outcome.choices
    )
    among = models.CharField(
        _("among them"), max_length=10, choices=Among.choices, default=Among.ALL
    )
    count = models.PositiveIntegerField(
        _("count"),
        null=True,
        blank=True,
        help_text=_("Empty when the source says there were such casualties but gives no number."),
    )
    note = models.CharField(_("note"), max_length=300, blank=True)

    unique_in_sight = (
        UniqueInSight(
            ("incident", "category", "outcome", "among"),
            _("The incident already has this figure: %(record)s."),
        ),
    )

    class Meta:
        ordering = ["incident", "category", "outcome", "among"]
        verbose_name = _("casualty figure")
        verbose_name_plural = _("casualty figures")

    def __str__(self):
        figure = f"{self.get_category_display()} {self.get_outcome_display().lower()}" + (
            f" ({self.get_among_display().lower()})" if self.among != self.Among.ALL else ""
        )
        return _of_incident(self, figure)

    def clean(self):
        if self.incident_id is None or self.count is None or self.among == self.Among.ALL:
            return
        everyone = (
            IncidentCasualty.objects.filter(
                incident=self.incident_id,
                category=self.category,
                outcome=self.outcome,
                among=self.Among.ALL,
            )
            .values_list("count", flat=True)
            .first()
        )
        if everyone is not None and self.count > everyone:
            raise ValidationError(
                {
                    "count": _(
                        "%(count)s is more than all %(category)s %(outcome)s (%(everyone)s): "
                        "the %(among)s are counted among them."
                    )
                    % {
                        "count": self.count,
                        "category": self.get_category_display().lower(),
                        "outcome": self.get_outcome_display().lower(),
                        "everyone": everyone,
                        "among": self.get_among_display().lower(),
                    }
                }
            )


class IncidentDamage(Record):
    """One damage figure of an incident: how many objects of a type were hit, damaged or
    destroyed."""

    class ObjectType(models.TextChoices):
        HOMES = "homes", _("Homes")
        SCHOOLS = "schools", _("Schools")
        KINDERGARTENS = "kindergartens", _("Kindergartens")
        HOSPITALS = "hospitals", _("Hospitals")
        RELIGIOUS_SITES = "religious_sites", _("Religious sites")
        CULTURAL_CENTRES = "cultural_centres", _("Cultural centres")
        INFRASTRUCTURE = "infrastructure", _("Infrastructure")
        CIVILIAN_BUILDINGS = "civilian_buildings", _("Civilian buildings of any kind")
        POPULATED_PLACES = "populated_places", _("Cities and villages")
        OTHER = "other", _("Other")

    class Extent(models.TextChoices):
        FIRED_UPON = "fired_upon", _("Fired upon")
        DAMAGED = "damaged", _("Damaged")
        HEAVILY_DAMAGED = "heavily_damaged", _("Heavily damaged")
        DESTROYED = "destroyed", _("Destroyed")

    incident = models.ForeignKey(
        Incident, on_delete=models.CASCADE, related_name="damage", verbose_name=_("incident")
    )
    object_type = models.CharField(_("object type"), max_length=20, choices=ObjectType.choices)
    extent = models.CharField(
        _("extent"), max_length=16, choices=Extent.choices, default=Extent.DAMAGED
    )
    count = models.PositiveIntegerField(
        _("count"),
        null=True,
        blank=True,
        help_text=_("Empty when the source names such damage but gives no number."),
    )
    note = models.CharField(_("note"), max_length=300, blank=True)

    unique_in_sight = (
        UniqueInSight(
            ("incident", "object_type", "extent"),
            _("The incident already has this figure: %(record)s."),
        ),
    )

    class Meta:
        ordering = ["incident", "object_type", "extent"]
        verbose_name = _("damage figure")
        verbose_name_plural = _("damage figures")

    def __str__(self):
        figure = f"{self.get_object_type_display()}: {self.get_extent_display().lower()}"
        return _of_incident(self, figure)


class IncidentReport(Record):
    """An incident reported to an organisation: when, under which reference, with which
    document."""

    incident = models.ForeignKey(
        Incident, on_delete=models.CASCADE, related_name="reports", verbose_name=_("incident")
    )
    organization = models.ForeignKey(
        "reference.Organization",
        on_delete=models.PROTECT,
        related_name="incident_reports",
        verbose_name=_("reported to"),
    )
    reported_on = models.DateField(_("reported on"))
    reported_on_precision = date_precision_field(_("reported on precision"))
    reference = models.CharField(
        _("reference"), max_length=200, blank=True, help_text=_("e.g. a letter's symbol")
    )
    document = models.ForeignKey(
        "documents.Document",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="incident_reports",
        verbose_name=_("document"),
    )
    notes = models.TextField(_("notes"), blank=True)

    class Meta:
        ordering = ["incident", "reported_on"]
        verbose_name = _("incident report")
        verbose_name_plural = _("incident reports")

    def __str__(self):
        return f"{self.organization} {self.reported_on_display}"

    @property
    def reported_on_display(self):
        return show_partial_date(self.reported_on, self.reported_on_precision)
