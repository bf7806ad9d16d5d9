"""The case workflow: steps the workflow allows, assignment, the journal, and deadline breaches.
Every change is one transaction, logged as its user."""

import datetime

from django.core.exceptions import ValidationError
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from chancery.core.services import ensure_visible, record_write, save_changes

from .models import Case, CaseEntry

Status = Case.Status


def move(case, to, user, reason="", **values):
    """Take `case` one step to status `to`, journalling the step (and the reason, if any).
    Raises ValidationError, writing nothing, for a step the workflow does not allow."""
    with record_write(user):
        # read the status again under a lock, so that two officers cannot both take a step
        case.status = (
            Case.objects.select_for_update().values_list("status", flat=True).get(pk=case.pk)
        )
        case.check_step(to, reason)
        from_status = case.status
        if to == Status.CLOSED:
            values["closed_at"] = timezone.now()
        elif (from_status, to) in Case.REOPENING:
            values["closed_at"] = None
        save_changes(case, user, status=to, **values)
        ensure_visible(case, user)
        CaseEntry.objects.create(
            case=case,
            author=user,
            kind=CaseEntry.Kind.STEP,
            from_status=from_status,
            to_status=to,
            text=reason.strip(),
        )
    return case


def assign(case, officer, user, reason=""):
    """Give a new case to `officer` (who must be able to see it); the step new -> assigned."""
    if not Case.objects.visible_to(officer).filter(pk=case.pk).exists():
        raise ValidationError(
            _("%(officer)s may not see this case and cannot be given it.") % {"officer": officer}
        )
    return move(case, Status.ASSIGNED, user, reason, officer=officer)


def add_entry(case, kind, text, user, at=None):
    """Add a note or a contact to the journal; the first contact also sets `first_contact_at`
    (to `at`, when the contact was made earlier than it is recorded)."""
    if kind not in (CaseEntry.Kind.NOTE, CaseEntry.Kind.CONTACT):
        raise ValidationError(_("Only notes and contacts are added to the journal by hand."))
    if not text.strip():
        raise ValidationError(_("Write what the entry says."))
    now = timezone.now()
    at = at or now
    if at > now:
        raise ValidationError(_("A contact cannot be recorded in the future."))
    with record_write(user):
        if kind == CaseEntry.Kind.CONTACT and case.first_contact_at is None:
            save_changes(case, user, first_contact_at=at)
        return CaseEntry.objects.create(case=case, author=user, kind=kind, text=text.strip())


def breach_condition(now):
    """The condition on a case whose first contact came, or is still due, after its deadline as
    of `now`: opened_at + the kind's hours, computed by the database (one Q per kind)."""
    condition = Q(pk__in=[])
    for kind, hours in Case.FIRST_CONTACT_HOURS.items():
        delta = datetime.timedelta(hours=hours)
        condition |= Q(kind=kind, first_contact_at__gt=F("opened_at") + delta)
        condition |= Q(kind=kind, first_contact_at__isnull=True, opened_at__lt=now - delta)
    return condition


def breaches(queryset, now=None):
    """The cases of `queryset` whose first contact came, or is still due, after the deadline."""
    return queryset.filter(breach_condition(now or timezone.now()))
