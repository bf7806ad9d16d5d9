"""The gazetteer: cities, towns and villages where incidents happen and talks are held."""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from chancery.core.models import Record, in_language, translated_names
from chancery.core.uniqueness import UniqueInSight


class Settlement(Record):
    """A populated place, named by its name and its country (two towns called Astara, one in
    Azerbaijan and one in Iran, are two settlements)."""

    class Kind(models.TextChoices):
        CITY = "city", _("City")
        TOWN = "town", _("Town")
        VILLAGE = "village", _("Village")
        SETTLEMENT = "settlement", _("Settlement")

    name = models.CharField(_("name"), max_length=200)
    name_az, name_ru = translated_names(_("name"), 200)
    alternative_names = models.TextField(
        _("alternative names"),
        blank=True,
        help_text=_("Other names and spellings, one a line (the search finds them)."),
    )
    country = models.ForeignKey(
        "reference.Country",
        on_delete=models.PROTECT,
        related_name="settlements",
        verbose_name=_("country"),
    )
    district = models.CharField(_("district or region"), max_length=200, blank=True)
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    latitude = models.DecimalField(
        _("latitude"), max_digits=8, decimal_places=6, null=True, blank=True
    )
    longitude = models.DecimalField(
        _("longitude"), max_digits=9, decimal_places=6, null=True, blank=True
    )
    notes = models.TextField(_("notes"), blank=True)

    unique_in_sight = (
        UniqueInSight(
            ("name", "country"),
            _("This country already has a settlement of this name: %(record)s."),
        ),
    )

    class Meta:
        ordering = ["name", "country__name"]
        verbose_name = _("settlement")
        verbose_name_plural = _("settlements")

    def __str__(self):
        return in_language(self)

    def clean(self):
        errors = {}
        if (self.latitude is None) != (self.longitude is None):
            both = _("Give both the latitude and the longitude, or neither.")
            errors.update(latitude=both, longitude=both)
        if self.latitude is not None and not -90 <= self.latitude <= 90:
            errors["latitude"] = _("A latitude lies between -90 and 90 degrees.")
        if self.longitude is not None and not -180 <= self.longitude <= 180:
            errors["longitude"] = _("A longitude lies between -180 and 180 degrees.")
        if errors:
            raise ValidationError(errors)
