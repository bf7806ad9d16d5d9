"""Countries, organisations and persons that every other record refers to."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from chancery.core.models import (
    Record,
    date_precision_field,
    fields_in_error,
    in_language,
    show_partial_date,
    translated_names,
)
from chancery.core.uniqueness import UniqueInSight


class Country(Record):
    """A state or territory of ISO 3166-1, with its names in the ministry's languages; or a
    historic state (the Soviet Union, Yugoslavia, the GDR...), which has an `end` and, instead of
    ISO 3166-1 codes, its ISO 3166-3 code (`alpha_4`) or Chancery's own (beginning with X)."""

    alpha_2 = models.CharField(_("ISO alpha-2"), max_length=2, unique=True, null=True, blank=True)
    alpha_3 = models.CharField(_("ISO alpha-3"), max_length=3, unique=True, null=True, blank=True)
    numeric = models.CharField(_("ISO numeric"), max_length=3, unique=True, null=True, blank=True)
    alpha_4 = models.CharField(
        _("ISO 3166-3 code"),
        max_length=4,
        unique=True,
        null=True,
        blank=True,
        help_text=_(
            "A historic state's code of ISO 3166-3 (SUHH, the Soviet Union); for a state ISO "
            "never coded, Chancery's own, beginning with X (XGFR, the Federal Republic of "
            "Germany before 1990)."
        ),
    )
    start = models.DateField(_("state since"), null=True, blank=True)
    end = models.DateField(
        _("state until"),
        null=True,
        blank=True,
        help_text=_("The last day of a historic state; blank for a state that exists today."),
    )
    name = models.CharField(_("name"), max_length=200)
    official_name = models.CharField(_("official name"), max_length=300, blank=True)
    name_az = models.CharField(_("name in Azerbaijani"), max_length=200, blank=True)
    name_ru = models.CharField(_("name in Russian"), max_length=200, blank=True)
    un_member_since = models.DateField(_("UN member since"), null=True, blank=True)
    region = models.CharField(_("region"), max_length=40, blank=True, db_index=True)
    subregion = models.CharField(_("subregion"), max_length=60, blank=True, db_index=True)
    cow_code = models.PositiveSmallIntegerField(
        _("Correlates of War code"),
        null=True,
        blank=True,
        help_text=_(
            "The state's numeric code (ccode) in the Correlates of War state system, which COW "
            "data such as IGO memberships and UN votes use. Blank for a territory that is not a "
            "state, and for a state the COW data does not list. Unique among the states of "
            "today; a historic state may share it (the Soviet Union and Russia, 365)."
        ),
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("country")
        verbose_name_plural = _("countries")
        constraints = [
            models.UniqueConstraint(
                fields=["cow_code"],
                condition=models.Q(end__isnull=True),
                name="reference_country_cow_code_of_today",
            )
        ]

    def __str__(self):
        return self.localized_name

    @property
    def localized_name(self):
        """The name in the language of the page, falling back to English."""
        return in_language(self)

    @property
    def is_home_state(self):
        return self.alpha_2 == settings.CHANCERY_HOME_STATE

    @property
    def code(self):
        """The key of its pages: the ISO alpha-2 code, or a historic state's ISO 3166-3 code."""
        return self.alpha_2 or self.alpha_4

    @property
    def is_historic(self):
        return self.end is not None

    def clean(self):
        if not self.alpha_2 and not self.alpha_4:
            raise ValidationError(
                {
                    "alpha_2": _(
                        "A state needs an ISO alpha-2 code or, if historic, an ISO 3166-3 one."
                    )
                }
            )
        if {"start", "end"} & fields_in_error(self):
            return
        if self.start and self.end and self.end < self.start:
            raise ValidationError({"end": _("The end is before the start.")})


class Succession(Record):
    """One state following another: the Russian Federation continuing the Soviet Union's seat,
    the Czech Republic and Slovakia on Czechoslovakia's dissolution, Yemen on a merger."""

    class Kind(models.TextChoices):
        CONTINUATION = "continuation", _("Continuation (the same seat and obligations)")
        DISSOLUTION = "dissolution", _("Dissolution")
        MERGER = "merger", _("Merger")
        SEPARATION = "separation", _("Separation")
        ABSORPTION = "absorption", _("Absorption")
        INDEPENDENCE = "independence", _("Independence of a territory")

    predecessor = models.ForeignKey(
        Country,
        on_delete=models.PROTECT,
        related_name="successions",
        verbose_name=_("predecessor"),
    )
    successor = models.ForeignKey(
        Country,
        on_delete=models.PROTECT,
        related_name="predecessions",
        verbose_name=_("successor"),
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    date = models.DateField(_("date"))
    notes = models.TextField(_("notes"), blank=True)

    class Meta:
        ordering = ["date", "predecessor__name", "successor__name"]
        verbose_name = _("succession")
        verbose_name_plural = _("successions")

    def __str__(self):
        return f"{self.predecessor} → {self.successor} ({self.get_kind_display()}, {self.date})"


class Organization(Record):
    """An international organisation, movement, process or national body."""

    class Kind(models.TextChoices):
        UNIVERSAL = "universal", _("Universal organisation")
        REGIONAL = "regional", _("Regional organisation")
        MOVEMENT = "movement", _("Movement")
        PROCESS = "process", _("Process or initiative")
        ORGAN = "organ", _("Organ of an organisation")
        FORMAT = "format", _("Negotiation format or group")
        SUPRANATIONAL = "supranational", _("Supranational union")
        NATIONAL_AGENCY = "national_agency", _("National agency")
        FOUNDATION = "foundation", _("Foundation")
        COMPANY = "company", _("Company")
        NGO = "ngo", _("Non-governmental organisation")

    acronym = models.CharField(_("acronym"), max_length=40, blank=True, db_index=True)
    acronym_az, acronym_ru = translated_names(_("acronym"), 40)
    name = models.CharField(_("name"), max_length=300, db_index=True)
    name_az, name_ru = translated_names(_("name"), 300)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("part of"),
    )
    founded = models.DateField(_("founded"), null=True, blank=True)
    founded_precision = date_precision_field(_("founded precision"))
    headquarters = models.CharField(_("headquarters"), max_length=200, blank=True)
    headquarters_country = models.ForeignKey(
        Country,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("headquarters country"),
    )
    website = models.URLField(_("website"), blank=True)
    description = models.TextField(_("description"), blank=True)

    unique_in_sight = (UniqueInSight(("name",)),)

    class Meta:
        ordering = ["name"]
        verbose_name = _("organization")
        verbose_name_plural = _("organizations")

    def __str__(self):
        name, acronym = in_language(self), in_language(self, "acronym")
        return f"{name} ({acronym})" if acronym else name

    @property
    def founded_display(self):
        return show_partial_date(self.founded, self.founded_precision)


class Person(Record):
    """A foreign official, head of mission or other person the ministry deals with."""

    name = models.CharField(_("name"), max_length=200)
    name_az, name_ru = translated_names(_("name"), 200)
    name_original = models.CharField(_("name in original script"), max_length=200, blank=True)
    country = models.ForeignKey(
        Country,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="people",
        verbose_name=_("country"),
    )
    position = models.CharField(_("position"), max_length=300, blank=True)
    organization = models.ForeignKey(
        Organization,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="people",
        verbose_name=_("organization"),
    )
    notes = models.TextField(_("notes"), blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("person")
        verbose_name_plural = _("people")

    def __str__(self):
        return in_language(self)
