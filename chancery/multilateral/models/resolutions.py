"""Resolutions of organs and each state's vote on them, in the coding of the public UN General
Assembly voting data (1 yes, 2 abstain, 3 no, 8 absent, 9 not a member), so that agreement
between two votes is arithmetic: 1 - |a - b| / 2 for votes cast (yes, abstain, no)."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from chancery.core.models import Record
from chancery.core.uniqueness import UniqueInSight

from .organs import Organ


class Subject(Record):
    """A subject a resolution deals with (human rights, arms control, the Middle East)."""

    name = models.CharField(_("name"), max_length=200, db_index=True)

    unique_in_sight = (UniqueInSight(("name",)),)

    class Meta:
        ordering = ["name"]
        verbose_name = _("subject")
        verbose_name_plural = _("subjects")

    def __str__(self):
        return self.name


class Resolution(Record):
    """A resolution, decision or other text put to an organ, and voted on by roll call or not."""

    organ = models.ForeignKey(
        Organ, on_delete=models.PROTECT, related_name="resolutions", verbose_name=_("organ")
    )
    symbol = models.CharField(
        _("symbol"), max_length=80, blank=True, db_index=True, help_text=_("e.g. S/RES/822 (1993)")
    )
    roll_call = models.PositiveIntegerField(
        _("roll-call number"),
        null=True,
        blank=True,
        unique=True,
        help_text=_("The roll call's number (rcid) in the public UN General Assembly voting data."),
    )
    session = models.PositiveSmallIntegerField(_("session"), null=True, blank=True)
    date = models.DateField(_("date"), db_index=True)
    title = models.CharField(_("title"), max_length=500)
    description = models.TextField(_("description"), blank=True)
    subjects = models.ManyToManyField(
        Subject, blank=True, related_name="resolutions", verbose_name=_("subjects")
    )
    important = models.BooleanField(
        _("important vote"),
        default=False,
        help_text=_("Flagged as important, as the US State Department does for its voting report."),
    )
    document = models.ForeignKey(
        "documents.Document",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="resolutions",
        verbose_name=_("text"),
    )

    class Meta:
        ordering = ["-date", "symbol"]
        verbose_name = _("resolution")
        verbose_name_plural = _("resolutions")

    def __str__(self):
        return f"{self.symbol} {self.title}".strip() if self.symbol else self.title


class Vote(models.Model):
    """One state's vote on a resolution. Read through the resolution's `visible_to`: a vote is
    seen only with its resolution."""

    class Choice(models.IntegerChoices):
        YES = 1, pgettext_lazy("vote", "Yes")
        ABSTAIN = 2, _("Abstain")
        NO = 3, pgettext_lazy("vote", "No")
        ABSENT = 8, _("Absent")
        NOT_MEMBER = 9, _("Not a member")

    CAST = (Choice.YES, Choice.ABSTAIN, Choice.NO)

    # no index of their own: the unique constraint and `vote_cast_by_state` begin with them,
    # and each index more slows the import of 870,109 votes
    resolution = models.ForeignKey(
        Resolution,
        on_delete=models.CASCADE,
        related_name="votes",
        verbose_name=_("resolution"),
        db_index=False,
    )
    state = models.ForeignKey(
        "reference.Country",
        on_delete=models.PROTECT,
        related_name="votes",
        verbose_name=_("state"),
        db_index=False,
    )
    vote = models.PositiveSmallIntegerField(_("vote"), choices=Choice.choices)

    class Meta:
        ordering = ["resolution", "state__name"]
        verbose_name = _("vote")
        verbose_name_plural = _("votes")
        constraints = [
            models.UniqueConstraint(fields=["resolution", "state"], name="vote_once_per_state")
        ]
        # the alignment's self-join reads both sides from these alone (covering indexes): a
        # state's votes by resolution, and the votes cast on a resolution
        indexes = [
            models.Index(fields=["state", "resolution", "vote"], name="vote_cast_by_state"),
            models.Index(fields=["resolution", "vote", "state"], name="vote_cast_on_resolution"),
        ]

    def __str__(self):
        return f"{self.state} · {self.get_vote_display()}"
