"""Crisis accounting: who of those registered was in the area during the crisis, where each one
stands, the counts, and the messages sent to them with each recipient's delivery."""

import logging
from collections import defaultdict

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import EmailMessage
from django.db.models import Count, Prefetch, Q, Value
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from chancery.core.models import in_language
from chancery.core.services import ensure_visible, record_write, save_changes, stamp

from .models import CrisisCheck, CrisisMessage, Delivery, Registration

logger = logging.getLogger(__name__)

NOT_MARKED = "not_marked"


def area(crisis, prefix=""):
    """The condition on a registration (reached through `prefix`, e.g. "registration__") of a
    stay in the crisis's states (and cities, if it names any) that overlaps its period
    (open-ended crises run to today), not cancelled. The states are read by a subquery."""
    ends_on = crisis.ends_on or timezone.localdate()
    condition = Q(
        **{
            f"{prefix}country__in": crisis.countries.values("pk"),
            f"{prefix}arrives_on__lte": ends_on,
            f"{prefix}leaves_on__gte": crisis.starts_on,
        }
    ) & ~Q(**{f"{prefix}status": Registration.Status.CANCELLED})
    cities = crisis.city_names
    if cities:
        in_cities = Q(pk__in=[])
        for city in cities:
            in_cities |= Q(**{f"{prefix}city__iexact": city})
        condition &= in_cities
    return condition


def in_area(crisis, registrations):
    """The stays of `registrations` in the crisis area (see `area`)."""
    return registrations.filter(area(crisis))


def present(crisis, user):
    """The registrations `user` may read of the people present in the crisis area."""
    return in_area(crisis, Registration.objects.visible_to(user))


def with_checks(registrations, crisis, user):
    """`registrations` with `checks` (the crisis's check of each, as a list of 0 or 1) and what
    their rows show, in a constant number of queries."""
    checks = CrisisCheck.objects.visible_to(user).filter(crisis=crisis).select_related("marked_by")
    return registrations.select_related("mission").prefetch_related(
        Prefetch("crisis_checks", queryset=checks, to_attr="checks")
    )


def counts(crisis, user):
    """How many people are in the area, per status and not yet marked, over the registrations
    `user` may count (numbers only: no one is named)."""
    return counts_of([crisis], user)[crisis.pk]


def counts_of(crises, user):
    """`counts` of each of `crises`, by key, in two queries whatever the number of people."""
    crises = list(crises)
    if not crises:
        return {}
    registrations = Registration.objects.countable_by(user)
    checks = CrisisCheck.objects.countable_by(user)
    # per crisis, joined in one query each: every part is answered by an index (stays by state
    # and dates, a crisis's checks), where one pass testing each row against every crisis reads
    # every registration and every check
    stays = [(crisis, registrations.filter(area(crisis)).order_by()) for crisis in crises]
    counted = [
        found.annotate(key=Value(crisis.pk)).values_list("key").annotate(n=Count("pk"))
        for crisis, found in stays
    ]
    totals = dict(counted[0].union(*counted[1:], all=True))
    by_status = [
        checks.filter(crisis=crisis, registration__in=found.values("pk"))
        .order_by()
        .values_list("crisis", "status")
        .annotate(n=Count("pk"))
        for crisis, found in stays
    ]
    marked = defaultdict(dict)
    for key, status, n in by_status[0].union(*by_status[1:], all=True):
        marked[key][status] = n
    return {crisis.pk: _summary(totals.get(crisis.pk, 0), marked[crisis.pk]) for crisis in crises}


def _summary(total, marked):
    rows = [
        {"status": value, "label": label, "count": marked.get(value, 0)}
        for value, label in CrisisCheck.Status.choices
    ]
    not_marked = total - sum(marked.values())
    rows.append({"status": NOT_MARKED, "label": _("Not yet marked"), "count": not_marked})
    return {"total": total, "rows": rows}


def mark(crisis, registration, status, user):
    """Record where `registration` stands in `crisis`, and that `user` said so now."""
    if status not in CrisisCheck.Status.values:
        raise ValidationError(_("Choose one of the statuses of a crisis check."))
    with record_write(user):
        check = (
            CrisisCheck.objects.select_for_update()
            .filter(crisis=crisis, registration=registration)
            .first()
        )
        if check is None:
            check = CrisisCheck(crisis=crisis, registration=registration)
        save_changes(check, user, status=status, marked_by=user)
        ensure_visible(check, user)
    return check


def send(message, user):
    """Send `message` once, by e-mail, to every person present whom `user` may read and who
    gave an address; record each one's delivery. Returns the deliveries."""
    with record_write(user):
        # claim the message under a lock first, so that it is never sent twice
        sent_at = (
            CrisisMessage.objects.select_for_update()
            .values_list("sent_at", flat=True)
            .get(pk=message.pk)
        )
        if sent_at is not None:
            raise ValidationError(_("This message was already sent."))
        save_changes(message, user, sent_by=user, sent_at=timezone.now())
    deliveries = []
    for registration in present(message.crisis, user).order_by("pk"):
        status, error = _deliver(message, registration)
        with record_write(user):
            delivery = Delivery(
                message=message, registration=registration, status=status, error=error
            )
            stamp(delivery, user)
            delivery.save()
        deliveries.append(delivery)
    return deliveries


def _deliver(message, registration):
    if not registration.email:
        return Delivery.Status.NO_ADDRESS, ""
    with translation.override(registration.language or settings.LANGUAGE_CODE):
        subject, body = in_language(message, "subject"), in_language(message, "body")
    email = EmailMessage(subject, body, settings.DEFAULT_FROM_EMAIL, [registration.email])
    try:
        email.send(fail_silently=False)
    except Exception as exc:  # any backend's failure is this recipient's, recorded, not raised
        logger.warning("crisis message %s to registration %s failed", message.pk, registration.pk)
        return Delivery.Status.FAILED, f"{type(exc).__name__}: {exc}"[:300]
    return Delivery.Status.SENT, ""
