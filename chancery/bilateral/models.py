"""Bilateral relations: diplomatic relations, missions, engagements and agreements with their
parties."""

import datetime

from dateutil.relativedelta import relativedelta
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _

from chancery.core.models import (
    Record,
    RecordQuerySet,
    check_date_order,
    date_precision_field,
    format_partial_date,
)


class DiplomaticRelation(Record):
    """The home state's diplomatic relations with a state, and their status now."""

    class Status(models.TextChoices):
        ACTIVE = "active", _("Active")
        SUSPENDED = "suspended", _("Suspended")
        SEVERED = "severed", _("Severed")
        NONE = "none", _("None")

    state = models.OneToOneField(
        "reference.Country",
        on_delete=models.PROTECT,
        related_name="diplomatic_relation",
        verbose_name=_("state"),
    )
    status = models.CharField(_("status"), max_length=10, choices=Status.choices)
    established_on = models.DateField(_("established on"), null=True, blank=True)
    established_on_precision = date_precision_field(_("established on precision"))
    notes = models.TextField(_("notes"), blank=True)

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
        return format_partial_date(self.date, self.date_precision)


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
    head = models.ForeignKey(
        "reference.Person",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="missions_headed",
        verbose_name=_("head of mission"),
    )
    head_since = models.DateField(_("head since"), null=True, blank=True)
    head_until = models.DateField(_("head until"), null=True, blank=True)
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
        check_date_order(
            errors,
            self,
            "head_since",
            "head_until",
            _("the start of the head's term"),
            _("The end of the head's term"),
        )
        if errors:
            raise ValidationError(errors)

    @property
    def is_ours(self):
        return self.sending_state.alpha_2 == settings.CHANCERY_HOME_STATE


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

    def __str__(self):
        return self.title

    def clean(self):
        errors = {}
        check_date_order(errors, self, "start", "end", _("the start"), _("The end"))
        if errors:
            raise ValidationError(errors)

    @property
    def dates_display(self):
        start = format_partial_date(self.start, self.start_precision)
        end = format_partial_date(self.end, self.end_precision)
        return f"{start} to {end}" if end and end != start else start


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

    title = models.CharField(_("title"), max_length=500)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    scope = models.CharField(_("scope"), max_length=12, choices=Scope.choices)
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
    documents = models.ManyToManyField(
        "documents.Document",
        blank=True,
        related_name="agreements",
        verbose_name=_("texts"),
    )

    class Meta:
        ordering = ["title"]
        verbose_name = _("agreement")
        verbose_name_plural = _("agreements")

    def __str__(self):
        return self.title

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
        related_name="agreement_parties",
        verbose_name=_("state"),
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

    class Meta:
        ordering = ["agreement", "state__name"]
        verbose_name = _("party to an agreement")
        verbose_name_plural = _("parties to agreements")
        constraints = [
            models.UniqueConstraint(fields=["agreement", "state"], name="agreement_party_once")
        ]

    def __str__(self):
        return f"{self.state} · {self.agreement}"

    @property
    def consent(self) -> datetime.date | None:
        """The earliest act by which the party consented to be bound."""
        dates = [getattr(self, act) for act in self.CONSENT_ACTS if getattr(self, act)]
        return min(dates) if dates else None

    @property
    def effective_entry_into_force(self) -> datetime.date | None:
        """The party's own entry into force, or the one the agreement's final clauses give it."""
        return self.entry_into_force or self.agreement.entry_into_force_for(self.consent)

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
        party = str(self.state) if self.state_id else _("the party")
        labels = {f.name: f.verbose_name for f in self._meta.concrete_fields}

        def after(earlier, later):
            first, second = getattr(self, earlier), getattr(self, later)
            if first and second and second < first:
                errors.setdefault(later, []).append(
                    _(
                        "For %(party)s, %(later)s (%(later_date)s) cannot be before "
                        "%(earlier)s (%(earlier_date)s)."
                    )
                    % {
                        "party": party,
                        "later": labels[later],
                        "later_date": second,
                        "earlier": labels[earlier],
                        "earlier_date": first,
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


class Commission(Record):
    """An intergovernmental or joint economic commission with a state."""

    class Kind(models.TextChoices):
        INTERGOVERNMENTAL = "intergovernmental", _("Intergovernmental commission")
        JOINT_ECONOMIC = "joint_economic", _("Joint economic commission")

    name = models.CharField(_("name"), max_length=300, unique=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    state = models.ForeignKey(
        "reference.Country",
        on_delete=models.PROTECT,
        related_name="commissions",
        verbose_name=_("state"),
    )
    our_co_chair = models.ForeignKey(
        "reference.Person",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("our co-chair"),
    )
    their_co_chair = models.ForeignKey(
        "reference.Person",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("their co-chair"),
    )
    secretariat = models.CharField(
        _("our secretariat"),
        max_length=200,
        blank=True,
        help_text=_("The department that runs it."),
    )
    notes = models.TextField(_("notes"), blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("commission")
        verbose_name_plural = _("commissions")

    def __str__(self):
        return self.name


class CommitmentQuerySet(RecordQuerySet):
    def pending(self):
        return self.filter(status__in=Commitment.PENDING)

    def overdue(self, day=None):
        """Pending commitments whose due date has passed."""
        return self.pending().filter(due_on__lt=day or timezone.localdate())


class Commitment(Record):
    """A decision taken at a commission's session, followed until it is done or dropped."""

    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        IN_PROGRESS = "in_progress", _("In progress")
        DONE = "done", _("Done")
        DROPPED = "dropped", _("Dropped")

    PENDING = (Status.OPEN, Status.IN_PROGRESS)

    commission = models.ForeignKey(
        Commission,
        on_delete=models.PROTECT,
        related_name="commitments",
        verbose_name=_("commission"),
    )
    session = models.ForeignKey(
        Engagement,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="commitments",
        verbose_name=_("session"),
        help_text=_("The commission session (an engagement) that took the decision."),
    )
    text = models.TextField(_("decision"))
    responsible = models.CharField(_("responsible agency or department"), max_length=200)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="commitments",
        verbose_name=_("owner"),
    )
    due_on = models.DateField(_("due on"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.OPEN
    )

    objects = CommitmentQuerySet.as_manager()

    class Meta:
        ordering = ["due_on", "pk"]
        verbose_name = _("commitment")
        verbose_name_plural = _("commitments")

    def __str__(self):
        return Truncator(self.text).chars(80)

    @property
    def is_overdue(self):
        return (
            self.status in self.PENDING
            and self.due_on is not None
            and self.due_on < timezone.localdate()
        )

    is_overdue.fget.short_description = _("overdue")


class CommitmentUpdate(models.Model):
    """An entry in a commitment's journal: what was done, and the status it left."""

    commitment = models.ForeignKey(
        Commitment, on_delete=models.CASCADE, related_name="updates", verbose_name=_("commitment")
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("author"),
    )
    at = models.DateTimeField(_("at"), auto_now_add=True)
    status = models.CharField(_("status"), max_length=12, choices=Commitment.Status.choices)
    note = models.TextField(_("note"))

    class Meta:
        ordering = ["-at", "-pk"]
        verbose_name = _("commitment update")
        verbose_name_plural = _("commitment updates")

    def __str__(self):
        return f"{self.commitment} · {self.get_status_display()}"
