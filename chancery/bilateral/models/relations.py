"""Diplomatic relations with their history, and missions in both directions."""

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from chancery.core.models import (
    Record,
    check_date_order,
    date_precision_field,
    period_covers,
    show_partial_date,
    show_partial_period,
)
from chancery.core.uniqueness import UniqueInSight


class DiplomaticRelation(Record):
    """The home state's diplomatic relations with a state, and their status now."""

    class Status(models.TextChoices):
        ACTIVE = "active", _("Active")
        SUSPENDED = "suspended", _("Suspended")
        SEVERED = "severed", _("Severed")
        NONE = "none", _("None")

    state = models.ForeignKey(
        "reference.Country",
        on_delete=models.PROTECT,
        related_name="diplomatic_relations",
        verbose_name=_("state"),
    )
    status = models.CharField(_("status"), max_length=10, choices=Status.choices)
    established_on = models.DateField(_("established on"), null=True, blank=True)
    established_on_precision = date_precision_field(_("established on precision"))
    notes = models.TextField(_("notes"), blank=True)

    unique_in_sight = (
        UniqueInSight(
            ("state",), _("The relations with this state are already recorded: %(record)s.")
        ),
    )

    class Meta:
        ordering = ["state__name"]
        verbose_name = _("diplomatic relation")
        verbose_name_plural = _("diplomatic relations")

    def __str__(self):
        return _("Relations with %(state)s") % {"state": self.state}


class RelationEvent(Record):
    """A change in a diplomatic relation's status: established, suspended, restored, severed."""

    relation = models.ForeignKey(
        DiplomaticRelation,
        on_delete=models.CASCADE,
        related_name="events",
        verbose_name=_("relation"),
    )
    status = models.CharField(
        _("status from then on"), max_length=10, choices=DiplomaticRelation.Status.choices
    )
    date = models.DateField(_("date"))
    date_precision = date_precision_field(_("date precision"))
    notes = models.TextField(_("notes"), blank=True)

    class Meta:
        ordering = ["relation", "date"]
        verbose_name = _("relation event")
        verbose_name_plural = _("relation events")

    def __str__(self):
        return f"{self.relation.state} · {self.get_status_display()} · {self.date_display}"

    @property
    def date_display(self):
        return show_partial_date(self.date, self.date_precision)


class Mission(Record):
    """A diplomatic or consular mission, in either direction or between third states."""

    class Kind(models.TextChoices):
        EMBASSY = "embassy", _("Embassy")
        CONSULATE_GENERAL = "consulate_general", _("Consulate general")
        CONSULATE = "consulate", _("Consulate")
        HONORARY_CONSULATE = "honorary_consulate", _("Honorary consulate")
        PERMANENT_MISSION = "permanent_mission", _("Permanent mission to an organisation")
        TRADE_OFFICE = "trade_office", _("Trade office")

    name = models.CharField(_("name"), max_length=300)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    sending_state = models.ForeignKey(
        "reference.Country",
        on_delete=models.PROTECT,
        related_name="missions_sent",
        verbose_name=_("sending state"),
    )
    host_state = models.ForeignKey(
        "reference.Country",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="missions_hosted",
        verbose_name=_("host state"),
    )
    host_organization = models.ForeignKey(
        "reference.Organization",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="missions_accredited",
        verbose_name=_("host organisation"),
    )
    city = models.CharField(_("city"), max_length=120, blank=True)
    jurisdiction = models.ManyToManyField(
        "reference.Country",
        blank=True,
        related_name="missions_covering",
        verbose_name=_("jurisdiction"),
        help_text=_("The states the mission covers besides its host."),
    )
    opened = models.DateField(_("opened"), null=True, blank=True)
    opened_precision = date_precision_field(_("opened precision"))
    closed = models.DateField(_("closed"), null=True, blank=True)
    closed_precision = date_precision_field(_("closed precision"))

    class Meta:
        ordering = ["sending_state__name", "name"]
        verbose_name = _("mission")
        verbose_name_plural = _("missions")

    def __str__(self):
        return self.name

    def clean(self):
        errors = {}
        if bool(self.host_state_id) == bool(self.host_organization_id):
            errors["host_state"] = [
                _("Give either the host state or the host organisation, not both or neither.")
            ]
        check_date_order(errors, self, "opened", "closed", _("the opening"), _("The closing"))
        if errors:
            raise ValidationError(errors)

    @property
    def is_ours(self):
        return self.sending_state.alpha_2 == settings.CHANCERY_HOME_STATE

    def head_on(self, day: datetime.date):
        """The head of mission in office on `day`, from the prefetched or stored terms."""
        for term in self.heads.all():
            if term.holds_office_on(day):
                return term
        return None


class HeadOfMission(Record):
    """One person's term at the head of a mission: an ambassador, a chargé d'affaires, a consul
    general. A mission keeps every head it has had, so who led it on any day can be asked."""

    class Title(models.TextChoices):
        AMBASSADOR = "ambassador", _("Ambassador")
        CHARGE_D_AFFAIRES = "charge_d_affaires", _("Chargé d'affaires")
        CHARGE_D_AFFAIRES_AI = "charge_d_affaires_ai", _("Chargé d'affaires a.i.")
        PERMANENT_REPRESENTATIVE = "permanent_representative", _("Permanent representative")
        CONSUL_GENERAL = "consul_general", _("Consul general")
        CONSUL = "consul", _("Consul")
        HONORARY_CONSUL = "honorary_consul", _("Honorary consul")
        HEAD_OF_OFFICE = "head_of_office", _("Head of office")

    mission = models.ForeignKey(
        Mission, on_delete=models.CASCADE, related_name="heads", verbose_name=_("mission")
    )
    person = models.ForeignKey(
        "reference.Person",
        on_delete=models.PROTECT,
        related_name="missions_headed",
        verbose_name=_("person"),
    )
    title = models.CharField(
        pgettext_lazy("head of mission", "title"), max_length=30, choices=Title.choices
    )
    since = models.DateField(_("since"), null=True, blank=True)
    since_precision = date_precision_field(_("since precision"))
    until = models.DateField(_("until"), null=True, blank=True)
    until_precision = date_precision_field(_("until precision"))
    credentials_presented = models.DateField(
        _("credentials presented"),
        null=True,
        blank=True,
        help_text=_("When the head presented credentials (or the consular exequatur arrived)."),
    )

    class Meta:
        ordering = ["mission", "-since", "pk"]
        verbose_name = _("head of mission")
        verbose_name_plural = _("heads of mission")

    def __str__(self):
        return f"{self.person} · {self.mission}"

    @property
    def term_display(self):
        return show_partial_period(self, "since", "until", open_end="…")

    term_display.fget.short_description = _("term")

    def holds_office_on(self, day: datetime.date) -> bool:
        """Whether the term covers `day`; a partial date covers its whole year or month."""
        return period_covers(self, day)

    def clean(self):
        errors = {}
        check_date_order(errors, self, "since", "until", _("the start of the term"), _("The end"))
        if errors:
            raise ValidationError(errors)
