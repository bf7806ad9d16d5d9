"""Intergovernmental commissions and the commitments their sessions produce."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _

from chancery.core.models import (
    Record,
    RecordManager,
    RecordQuerySet,
)
from chancery.core.uniqueness import UniqueInSight

from .engagements import Engagement


class Commission(Record):
    """An intergovernmental or joint economic commission with a state."""

    class Kind(models.TextChoices):
        INTERGOVERNMENTAL = "intergovernmental", _("Intergovernmental commission")
        JOINT_ECONOMIC = "joint_economic", _("Joint economic commission")

    name = models.CharField(_("name"), max_length=300, db_index=True)
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

    unique_in_sight = (UniqueInSight(("name",)),)

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

    objects = RecordManager.from_queryset(CommitmentQuerySet)()

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
