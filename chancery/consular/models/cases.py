"""Assistance cases: a workflow with allowed steps only, a response deadline by kind, the persons
concerned and a journal."""

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from chancery.core.crypto import EncryptedCharField
from chancery.core.models import Record

from .registrations import new_reference


class Case(Record):
    """A request for consular assistance, followed from first contact to closure."""

    class Kind(models.TextChoices):
        LOST_PASSPORT = "lost_passport", _("Lost or stolen passport")
        EMERGENCY_DOCUMENT = "emergency_document", _("Emergency travel document")
        DETENTION = "detention", _("Arrest or detention")
        HOSPITALISATION = "hospitalisation", _("Hospitalisation")
        DEATH = "death", _("Death abroad")
        VICTIM = "victim", _("Victim of crime")
        MISSING = "missing", _("Missing person")
        WELFARE = "welfare", _("Welfare check")
        EVACUATION = "evacuation", _("Evacuation")
        LEGAL = "legal", _("Legal assistance")
        NOTARIAL = "notarial", _("Notarial service")

    class Status(models.TextChoices):
        NEW = "new", _("New")
        ASSIGNED = "assigned", _("Assigned")
        IN_PROGRESS = "in_progress", _("In progress")
        WAITING = "waiting", _("Waiting on a third party")
        RESOLVED = "resolved", _("Resolved")
        CLOSED = "closed", _("Closed")

    # hours from opening within which the citizen must first be contacted
    FIRST_CONTACT_HOURS = {
        Kind.DETENTION: 24,
        Kind.DEATH: 24,
        Kind.MISSING: 24,
        Kind.EVACUATION: 12,
        Kind.HOSPITALISATION: 48,
        Kind.VICTIM: 48,
        Kind.EMERGENCY_DOCUMENT: 48,
        Kind.LOST_PASSPORT: 72,
        Kind.WELFARE: 72,
        Kind.LEGAL: 120,
        Kind.NOTARIAL: 240,
    }
    # the steps a case may take; reopening a resolved or closed case needs a reason
    TRANSITIONS = {
        Status.NEW: (Status.ASSIGNED,),
        Status.ASSIGNED: (Status.IN_PROGRESS, Status.WAITING, Status.RESOLVED),
        Status.IN_PROGRESS: (Status.WAITING, Status.RESOLVED),
        Status.WAITING: (Status.IN_PROGRESS, Status.RESOLVED),
        Status.RESOLVED: (Status.CLOSED, Status.IN_PROGRESS),
        Status.CLOSED: (Status.IN_PROGRESS,),
    }
    REOPENING = {(Status.RESOLVED, Status.IN_PROGRESS), (Status.CLOSED, Status.IN_PROGRESS)}
    OPEN = (Status.NEW, Status.ASSIGNED, Status.IN_PROGRESS, Status.WAITING)

    personal_data_mission = "mission"

    reference = models.CharField(_("reference"), max_length=20, unique=True, editable=False)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.NEW, editable=False
    )
    mission = models.ForeignKey(
        "bilateral.Mission",
        on_delete=models.PROTECT,
        related_name="consular_cases",
        verbose_name=_("responsible mission"),
    )
    country = models.ForeignKey(
        "reference.Country",
        on_delete=models.PROTECT,
        related_name="consular_cases",
        verbose_name=_("state where it happens"),
    )
    officer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="consular_cases",
        verbose_name=_("officer"),
    )
    summary = models.TextField(_("summary"))
    opened_at = models.DateTimeField(_("opened at"), default=timezone.now)
    first_contact_at = models.DateTimeField(
        _("first contact at"),
        null=True,
        blank=True,
        help_text=_("When the officer first reached the citizen."),
    )
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True, editable=False)
    documents = models.ManyToManyField(
        "documents.Document", blank=True, related_name="consular_cases", verbose_name=_("documents")
    )

    class Meta:
        ordering = ["-opened_at"]
        verbose_name = _("assistance case")
        verbose_name_plural = _("assistance cases")
        # the open cases are a few hundred among the years' closed ones
        indexes = [models.Index(fields=["status"], name="case_status")]

    def __str__(self):
        return f"{self.reference} · {self.get_kind_display()}"

    def save(self, *args, **kwargs):
        if not self.reference:
            self.reference = new_reference("C")
        super().save(*args, **kwargs)

    @property
    def deadline(self) -> datetime.datetime | None:
        """By when the citizen must first be contacted."""
        hours = self.FIRST_CONTACT_HOURS.get(self.kind)
        if hours is None or self.opened_at is None:
            return None
        return self.opened_at + datetime.timedelta(hours=hours)

    deadline.fget.short_description = _("first contact due")

    def breaches_deadline(self, now=None) -> bool:
        """Whether the first contact came, or is still to come, after the deadline."""
        deadline = self.deadline
        if deadline is None:
            return False
        contact = self.first_contact_at or (now or timezone.now())
        return contact > deadline

    def allowed_steps(self):
        return self.TRANSITIONS.get(self.status, ())

    def check_step(self, to, reason=""):
        """Refuse a step the workflow does not allow, or a reopening without a reason."""
        if to not in self.allowed_steps():
            raise ValidationError(
                _("A case cannot go from %(from)s to %(to)s.")
                % {
                    "from": self.Status(self.status).label,
                    "to": self.Status(to).label if to in self.Status.values else to,
                }
            )
        if (self.status, to) in self.REOPENING and not reason.strip():
            raise ValidationError(_("Give the reason for reopening the case."))


class CasePerson(Record):
    """A person a case concerns: the citizen helped, a relative, a fellow traveller."""

    personal_data_mission = "case__mission"

    case = models.ForeignKey(
        Case, on_delete=models.CASCADE, related_name="persons", verbose_name=_("case")
    )
    registration = models.ForeignKey(
        "consular.Registration",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="cases",
        verbose_name=_("registration abroad"),
    )
    name = models.CharField(_("name"), max_length=250)
    date_of_birth = models.DateField(_("date of birth"), null=True, blank=True)
    travel_document = EncryptedCharField(_("travel document number"), max_length=30, blank=True)
    role = models.CharField(
        _("role in the case"), max_length=100, blank=True, help_text=_("e.g. detained, next of kin")
    )
    contact = models.CharField(_("contact"), max_length=300, blank=True)

    class Meta:
        ordering = ["case", "name"]
        verbose_name = _("person in a case")
        verbose_name_plural = _("persons in cases")

    def __str__(self):
        return f"{self.name} · {self.case}"


class CaseEntry(models.Model):
    """An entry in a case's journal: a note, a contact made, or a step of the workflow. Read
    through its case's `visible_to`."""

    class Kind(models.TextChoices):
        NOTE = "note", _("Note")
        CONTACT = "contact", _("Contact")
        STEP = "step", _("Status change")

    case = models.ForeignKey(
        Case, on_delete=models.CASCADE, related_name="journal", verbose_name=_("case")
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("author"),
    )
    at = models.DateTimeField(_("at"), auto_now_add=True)
    kind = models.CharField(_("kind"), max_length=8, choices=Kind.choices)
    from_status = models.CharField(_("from"), max_length=12, blank=True)
    to_status = models.CharField(_("to"), max_length=12, blank=True)
    text = models.TextField(_("text"), blank=True)

    class Meta:
        ordering = ["-at", "-pk"]
        verbose_name = _("case journal entry")
        verbose_name_plural = _("case journal entries")

    def __str__(self):
        return f"{self.case} · {self.get_kind_display()}"
