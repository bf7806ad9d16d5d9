"""Agreements through their whole life, and each party's dates and actions."""

import datetime

from dateutil.relativedelta import relativedelta
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from chancery.core.models import (
    DatePrecision,
    Record,
    fields_in_error,
    in_language,
    show_partial_date,
    translated_names,
)
from chancery.core.uniqueness import UniqueInSight

from ..succession import entry_into_force_by_succession
from .engagements import Engagement


class Agreement(Record):
    """A treaty, convention, agreement, protocol, memorandum or joint declaration."""

    class Kind(models.TextChoices):
        TREATY = "treaty", _("Treaty")
        CONVENTION = "convention", _("Convention")
        AGREEMENT = "agreement", _("Agreement")
        PROTOCOL = "protocol", _("Protocol")
        MEMORANDUM = "memorandum", _("Memorandum of understanding")
        JOINT_DECLARATION = "joint_declaration", _("Joint declaration")

    class Scope(models.TextChoices):
        BILATERAL = "bilateral", _("Bilateral")
        MULTILATERAL = "multilateral", _("Multilateral")

    class Stage(models.TextChoices):
        PROPOSED = "proposed", _("Proposed")
        NEGOTIATING = "negotiating", _("Under negotiation")
        INITIALLED = "initialled", _("Initialled")
        CONCLUDED = "concluded", _("Concluded (text adopted or signed)")
        ABANDONED = "abandoned", _("Abandoned")

    IN_NEGOTIATION = (Stage.PROPOSED, Stage.NEGOTIATING, Stage.INITIALLED)

    title = models.CharField(_("title"), max_length=500)
    title_az, title_ru = translated_names(_("title"), 500)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    scope = models.CharField(_("scope"), max_length=12, choices=Scope.choices)
    stage = models.CharField(
        _("stage"),
        max_length=12,
        choices=Stage.choices,
        default=Stage.CONCLUDED,
        help_text=_("Where the text stands before the parties act on it."),
    )
    reference = models.CharField(
        _("reference"),
        max_length=40,
        blank=True,
        db_index=True,
        help_text=_("e.g. the UN Treaty Collection number, IV-4"),
    )
    subject_areas = models.CharField(_("subject areas"), max_length=300, blank=True)
    depositary = models.CharField(_("depositary"), max_length=200, blank=True)
    concluded_at = models.ForeignKey(
        Engagement,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="agreements_signed",
        verbose_name=_("signed at"),
        help_text=_("The engagement at which it was signed."),
    )
    entry_into_force = models.DateField(
        _("entry into force"),
        null=True,
        blank=True,
        help_text=_("When the agreement itself entered into force."),
    )
    party_delay_months = models.PositiveSmallIntegerField(
        _("in force for a later party after (months)"),
        null=True,
        blank=True,
        help_text=_("For a party that consents later: months after its consent, e.g. 3."),
    )
    party_delay_days = models.PositiveSmallIntegerField(
        _("in force for a later party after (days)"),
        null=True,
        blank=True,
        help_text=_("For a party that consents later: days after its consent, e.g. 30."),
    )
    expires_on = models.DateField(_("expires on"), null=True, blank=True)
    renewal = models.CharField(_("renewal"), max_length=200, blank=True)
    notes = models.TextField(_("notes"), blank=True)
    documents = models.ManyToManyField(
        "documents.Document",
        blank=True,
        related_name="agreements",
        verbose_name=_("texts"),
    )

    desk_links = ("parties__state", "parties__organization")

    class Meta:
        ordering = ["title"]
        verbose_name = _("agreement")
        verbose_name_plural = _("agreements")

    def __str__(self):
        return in_language(self, "title")

    def entry_into_force_for(self, consent: datetime.date | None) -> datetime.date | None:
        """When the agreement enters into force for a party that consented on `consent`, by its
        final clauses: on its own entry into force, or the delay after the consent if later."""
        if consent is None or self.entry_into_force is None:
            return None
        if self.party_delay_months is None and self.party_delay_days is None:
            return max(consent, self.entry_into_force)
        later = consent + relativedelta(
            months=self.party_delay_months or 0, days=self.party_delay_days or 0
        )
        return max(later, self.entry_into_force)


class PartyStatus(models.TextChoices):
    """Where a party stands with an agreement on a given day."""

    NOT_PARTY = "not_party", _("Not a party")
    SIGNED = "signed", _("Signed")
    CONSENTED = "consented", _("Bound, awaiting entry into force")
    PROVISIONAL = "provisional", _("Applied provisionally")
    IN_FORCE = "in_force", _("In force")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class AgreementParty(Record):
    """One party's dates and actions in an agreement; its status on any day derives from them."""

    # the acts by which a state consents to be bound, in the order a form shows them
    CONSENT_ACTS = ("ratification", "acceptance", "approval", "accession", "succession")

    agreement = models.ForeignKey(
        Agreement, on_delete=models.CASCADE, related_name="parties", verbose_name=_("agreement")
    )
    state = models.ForeignKey(
        "reference.Country",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="agreement_parties",
        verbose_name=_("state"),
    )
    organization = models.ForeignKey(
        "reference.Organization",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="agreement_parties",
        verbose_name=_("organisation"),
        help_text=_("For a party that is not a state, such as the European Union."),
    )
    signature = models.DateField(_("signature"), null=True, blank=True)
    ratification = models.DateField(_("ratification"), null=True, blank=True)
    acceptance = models.DateField(_("acceptance"), null=True, blank=True)
    approval = models.DateField(_("approval"), null=True, blank=True)
    accession = models.DateField(_("accession"), null=True, blank=True)
    succession = models.DateField(_("succession"), null=True, blank=True)
    provisional_application = models.DateField(
        _("provisional application from"), null=True, blank=True
    )
    entry_into_force = models.DateField(_("entry into force"), null=True, blank=True)
    withdrawal = models.DateField(_("withdrawal or denunciation"), null=True, blank=True)
    reservations = models.TextField(_("reservations"), blank=True)
    declarations = models.TextField(_("declarations"), blank=True)

    unique_in_sight = (
        UniqueInSight(("agreement", "state")),
        UniqueInSight(("agreement", "organization")),
    )

    class Meta:
        ordering = ["agreement", "state__name", "organization__name"]
        verbose_name = _("party to an agreement")
        verbose_name_plural = _("parties to agreements")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(state__isnull=False, organization__isnull=True)
                | models.Q(state__isnull=True, organization__isnull=False),
                name="agreement_party_is_state_or_organization",
            ),
        ]
        indexes = [
            # a state's parties newest signature first (the dossier's newest agreements in
            # common), read backwards; with the unsigned apart, the same on SQLite and PostgreSQL
            models.Index(fields=["state", "signature"], name="party_state_signature"),
            # whether a state is party to an agreement, asked per agreement: without it SQLite
            # may read all of a state's parties for each (9 s for the dossier, leadership's rule)
            models.Index(fields=["agreement", "state"], name="party_agreement_state"),
        ]

    required_links = ("state", "organization")

    def __str__(self):
        return f"{self.party} · {self.agreement}"

    @property
    def party(self):
        """The state or the organisation that is party."""
        return self.state or self.organization

    party.fget.short_description = _("party")

    @property
    def consent(self) -> datetime.date | None:
        """The earliest act by which the party consented to be bound."""
        dates = [getattr(self, act) for act in self.CONSENT_ACTS if getattr(self, act)]
        return min(dates) if dates else None

    @property
    def effective_entry_into_force(self) -> datetime.date | None:
        """The party's own entry into force, or the one the agreement's final clauses give it; a
        successor state's notification of succession binds it from its date of succession."""
        if self.entry_into_force:
            return self.entry_into_force
        if self.succession is not None and self.consent == self.succession:
            return entry_into_force_by_succession(self)
        return self.agreement.entry_into_force_for(self.consent)

    def status_on(self, day: datetime.date) -> str:
        """The party's status on `day`, derived from its dates."""

        def by(value):
            return value is not None and value <= day

        if by(self.withdrawal):
            return PartyStatus.WITHDRAWN
        if by(self.effective_entry_into_force):
            return PartyStatus.IN_FORCE
        if by(self.provisional_application):
            return PartyStatus.PROVISIONAL
        if by(self.consent):
            return PartyStatus.CONSENTED
        if by(self.signature):
            return PartyStatus.SIGNED
        return PartyStatus.NOT_PARTY

    def clean(self):
        errors = {}
        if bool(self.state_id) == bool(self.organization_id):
            errors["state"] = [
                _("Give either the state or the organisation that is party, not both or neither.")
            ]
        party = str(self.party) if self.party else _("the party")
        labels = {f.name: f.verbose_name for f in self._meta.concrete_fields}

        def after(earlier, later):
            first, second = getattr(self, earlier), getattr(self, later)
            if {earlier, later} & fields_in_error(self):
                return
            if first and second and second < first:
                errors.setdefault(later, []).append(
                    _(
                        "For %(party)s, %(later)s (%(later_date)s) cannot be before "
                        "%(earlier)s (%(earlier_date)s)."
                    )
                    % {
                        "party": party,
                        "later": labels[later],
                        "later_date": show_partial_date(second, DatePrecision.DAY),
                        "earlier": labels[earlier],
                        "earlier_date": show_partial_date(first, DatePrecision.DAY),
                    }
                )

        for act in ("ratification", "acceptance", "approval", "entry_into_force"):
            after("signature", act)
        # a succession may take effect from an earlier day (the date of independence)
        for act in ("ratification", "acceptance", "approval", "accession"):
            after(act, "entry_into_force")
        for act in ("signature", "entry_into_force", *self.CONSENT_ACTS):
            after(act, "withdrawal")
        if errors:
            raise ValidationError(errors)
