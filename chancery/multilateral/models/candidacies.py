"""Candidacies for seats and offices in organs, their ballots, and the vote campaign's pledges."""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from chancery.core.models import (
    Record,
    check_date_order,
    date_precision_field,
    show_partial_period,
)
from chancery.core.uniqueness import UniqueInSight

from .organs import Organ


class Candidacy(Record):
    """A state's bid for a seat or an office in an organ, and how the election went."""

    class Result(models.TextChoices):
        PENDING = "pending", _("Pending")
        ELECTED = "elected", _("Elected")
        NOT_ELECTED = "not_elected", _("Not elected")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    state = models.ForeignKey(
        "reference.Country",
        on_delete=models.PROTECT,
        related_name="candidacies",
        verbose_name=_("candidate state"),
    )
    organ = models.ForeignKey(
        Organ, on_delete=models.PROTECT, related_name="candidacies", verbose_name=_("organ")
    )
    seat = models.CharField(
        _("seat or office"),
        max_length=300,
        help_text=_("e.g. non-permanent seat, Eastern European Group"),
    )
    term_from = models.DateField(_("term from"), null=True, blank=True)
    term_from_precision = date_precision_field(_("term from precision"))
    term_to = models.DateField(_("term to"), null=True, blank=True)
    term_to_precision = date_precision_field(_("term to precision"))
    election_date = models.DateField(_("election date"), null=True, blank=True)
    election_date_precision = date_precision_field(_("election date precision"))
    majority_needed = models.PositiveSmallIntegerField(
        _("majority needed"),
        null=True,
        blank=True,
        help_text=_("Votes needed to be elected, when known."),
    )
    result = models.CharField(
        _("result"), max_length=12, choices=Result.choices, default=Result.PENDING
    )
    notes = models.TextField(_("notes"), blank=True)

    class Meta:
        ordering = ["-election_date", "organ__name"]
        verbose_name = _("candidacy")
        verbose_name_plural = _("candidacies")

    def __str__(self):
        term = self.term_display
        return f"{self.state} · {self.organ.acronym or self.organ.name}" + (
            f" {term}" if term else ""
        )

    @property
    def term_display(self):
        return show_partial_period(self, "term_from", "term_to")

    term_display.fget.short_description = _("term")

    def clean(self):
        errors = {}
        check_date_order(
            errors, self, "term_from", "term_to", _("the start of the term"), _("The end")
        )
        if errors:
            raise ValidationError(errors)


class Ballot(Record):
    """One round of voting in an election: the votes the candidate received of those cast."""

    candidacy = models.ForeignKey(
        Candidacy, on_delete=models.CASCADE, related_name="ballots", verbose_name=_("candidacy")
    )
    round = models.PositiveSmallIntegerField(_("round"), default=1)
    date = models.DateField(_("date"), null=True, blank=True)
    votes_received = models.PositiveSmallIntegerField(_("votes received"), null=True, blank=True)
    votes_cast = models.PositiveSmallIntegerField(
        _("votes cast"),
        null=True,
        blank=True,
        help_text=_("The states that took part in the vote (valid ballots)."),
    )

    unique_in_sight = (UniqueInSight(("candidacy", "round")),)

    class Meta:
        ordering = ["candidacy", "round"]
        verbose_name = _("ballot")
        verbose_name_plural = _("ballots")

    def __str__(self):
        return _("Round %(round)s · %(candidacy)s") % {
            "round": self.round,
            "candidacy": self.candidacy,
        }

    def clean(self):
        if (
            self.votes_received is not None
            and self.votes_cast is not None
            and self.votes_received > self.votes_cast
        ):
            raise ValidationError(
                {
                    "votes_received": _(
                        "%(received)s votes received is more than the %(cast)s votes cast."
                    )
                    % {"received": self.votes_received, "cast": self.votes_cast}
                }
            )


class Pledge(Record):
    """Where a state stands on supporting our candidacy: who asked it, when, its answer, and
    what we promised in return."""

    class Status(models.TextChoices):
        ASKED = "asked", _("Asked")
        PLEDGED = "pledged", _("Pledged")
        CONFIRMED = "confirmed", _("Confirmed in writing")
        DECLINED = "declined", _("Declined")
        NO_ANSWER = "no_answer", _("No answer")

    SUPPORTING = (Status.PLEDGED, Status.CONFIRMED)

    candidacy = models.ForeignKey(
        Candidacy, on_delete=models.CASCADE, related_name="pledges", verbose_name=_("candidacy")
    )
    state = models.ForeignKey(
        "reference.Country",
        on_delete=models.PROTECT,
        related_name="pledges",
        verbose_name=_("state"),
    )
    status = models.CharField(_("status"), max_length=12, choices=Status.choices)
    asked_by = models.CharField(
        _("asked by"), max_length=200, blank=True, help_text=_("e.g. the minister, at UNGA 66")
    )
    asked_on = models.DateField(_("asked on"), null=True, blank=True)
    reciprocal = models.TextField(
        _("support promised in return"),
        blank=True,
        help_text=_("The candidacy of theirs we promised to support, if any."),
    )
    notes = models.TextField(_("notes"), blank=True)

    unique_in_sight = (UniqueInSight(("candidacy", "state")),)

    class Meta:
        ordering = ["candidacy", "state__name"]
        verbose_name = _("pledge")
        verbose_name_plural = _("pledges")

    def __str__(self):
        return f"{self.state} · {self.get_status_display()}"
