"""A citizen's own registration of a trip abroad: the mission made responsible for it, the limit
on how often one client address may submit or try an update link, and the steps a registration
takes (registered, updated or cancelled by the citizen through their link, confirmed or cancelled
by the mission). Every write goes through core.services: as the public (no user, noted as such in
the change log) or as the officer."""

import datetime
import ipaddress
import logging
import math
import re
import smtplib

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db.models import Q
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from chancery.bilateral.models import Mission
from chancery.core.crypto import lookup_hash, secret_hash
from chancery.core.models import PUBLIC, covering
from chancery.core.services import ensure_visible, record_write, save_changes, stamp
from chancery.reference.models import Country

from .models import Registration, RegistrationAttempt

logger = logging.getLogger(__name__)

Status = Registration.Status
Kind = Mission.Kind
# the missions that register citizens, the preferred first
CONSULAR_KINDS = (Kind.EMBASSY, Kind.CONSULATE_GENERAL, Kind.CONSULATE, Kind.HONORARY_CONSULATE)
# a reference looks like this; anything else (a NUL byte, say) is not even asked of the database
REFERENCE = re.compile(r"[A-Z0-9-]{1,20}")
TOKEN_MAX_LENGTH = 64  # issue_update_token gives 32 characters


def home_state():
    return Country.objects.filter(alpha_2=settings.CHANCERY_HOME_STATE).first()


def responsible_mission(home, country, day=None):
    """The home state's mission open on `day` that answers for citizens in `country`: one in the
    country before one whose jurisdiction covers it, then an embassy before a consulate general,
    a consulate and an honorary consulate. None if there is no such mission."""
    day = day or timezone.localdate()
    candidates = (
        Mission.objects.filter(sending_state=home, kind__in=CONSULAR_KINDS)
        .filter(Q(host_state=country) | Q(jurisdiction=country))
        .filter(covering(day, "opened", "closed"))
        .distinct()
        .order_by()
    )

    def preference(mission):
        return (mission.host_state_id != country.pk, CONSULAR_KINDS.index(mission.kind), mission.pk)

    return min(candidates, key=preference, default=None)


def public_name(mission):
    """The mission's name if the public may know it (it is unclassified), else None."""
    if mission is None or not Mission.objects.visible_to(PUBLIC).filter(pk=mission.pk).exists():
        return None
    return str(mission)


# the limit per client address -----------------------------------------------------------------
def client_address(request) -> str:
    """The client's address: the connection's, or, behind CHANCERY_TRUSTED_PROXIES proxies, the
    one the outermost of them saw (counted from the right of X-Forwarded-For, where a client
    cannot forge it). An IPv6 address stands for its /64 network, which one client often holds
    whole."""
    address = request.META.get("REMOTE_ADDR", "")
    proxies = settings.CHANCERY_TRUSTED_PROXIES
    if proxies > 0:
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
        forwarded = [hop.strip() for hop in forwarded if hop.strip()]
        if len(forwarded) >= proxies:
            address = forwarded[-proxies]
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return address[:100]
    if ip.version == 6 and ip.ipv4_mapped:
        ip = ip.ipv4_mapped
    if ip.version == 6:
        return str(ipaddress.ip_network(f"{ip}/64", strict=False))
    return str(ip)


def _window():
    return datetime.timedelta(seconds=settings.CHANCERY_SELF_REGISTRATION_WINDOW_SECONDS)


def _recent(key, now):
    return RegistrationAttempt.objects.filter(address_hash=key, at__gt=now - _window())


def _wait(times, now):
    """Seconds until fewer than the limit of `times` (sorted) are within the window, or None."""
    excess = len(times) - settings.CHANCERY_SELF_REGISTRATION_LIMIT
    if excess < 0:
        return None
    frees_at = times[excess] + _window()
    return max(1, math.ceil((frees_at - now).total_seconds()))


def retry_after(request):
    """Seconds the client must wait before trying again, or None if it is within the limit.
    Writes nothing."""
    now = timezone.now()
    key = lookup_hash(client_address(request))
    times = list(_recent(key, now).order_by("at").values_list("at", flat=True))
    return _wait(times, now)


def count_attempt(request, kind):
    """Count one try of the client (expired tries are deleted first). Returns None if it is within
    the limit, else the seconds to wait, and then the try is not counted. The try is stored before
    the tries are counted, so that simultaneous requests cannot all slip under the limit (at worst
    they are all refused)."""
    now = timezone.now()
    key = lookup_hash(client_address(request))
    RegistrationAttempt.objects.filter(at__lte=now - _window()).delete()
    attempt = RegistrationAttempt.objects.create(address_hash=key, kind=kind, at=now)
    tries = list(_recent(key, now).order_by("at").values_list("pk", "at"))
    if len(tries) <= settings.CHANCERY_SELF_REGISTRATION_LIMIT:
        return None
    others = [at for pk, at in tries if pk != attempt.pk]
    attempt.delete()
    return _wait(others, now) or 1


# the registration's steps ----------------------------------------------------------------------
def register(form, home):
    """Save the citizen's valid form as a new registration waiting for the mission; returns it
    and the secret of its update link (only the secret's hash is stored)."""
    with record_write(PUBLIC):
        registration = form.save(commit=False)
        registration.citizenship = home
        registration.source = Registration.Source.SELF
        registration.status = Status.PENDING
        registration.consent_at = timezone.now()
        registration.language = translation.get_language()
        registration.mission = responsible_mission(home, registration.country)
        token = registration.issue_update_token()
        stamp(registration, PUBLIC)
        registration.save()
    return registration, token


def _locked_status(registration):
    """The stored status, read under a lock, so that two writers cannot both act on the old one."""
    return (
        Registration.objects.select_for_update()
        .values_list("status", flat=True)
        .get(pk=registration.pk)
    )


def update(form, home):
    """Save the citizen's changes from a valid form: a confirmed registration goes back to the
    mission to be confirmed again, and a new state of stay gets its own mission. Returns False if
    nothing changed. Raises ValidationError if the registration was cancelled meanwhile."""
    if not form.has_changed():
        return False
    with record_write(PUBLIC):
        registration = form.save(commit=False)
        if _locked_status(registration) == Status.CANCELLED:
            raise ValidationError(_("This registration is cancelled and cannot be changed."))
        registration.status = Status.PENDING
        if "country" in form.changed_data:
            registration.mission = responsible_mission(home, registration.country)
        stamp(registration, PUBLIC)
        registration.save()
    return True


def _move(registration, to, user, allowed_from, refusal):
    with record_write(user):
        if _locked_status(registration) not in allowed_from:
            raise ValidationError(refusal)
        save_changes(registration, user, status=to)
        if user is not PUBLIC:  # the public may read no one's data, not even what it wrote
            ensure_visible(registration, user)
    return registration


def confirm(registration, user):
    """The mission confirms a registration waiting for it."""
    return _move(
        registration,
        Status.CONFIRMED,
        user,
        (Status.PENDING,),
        _("Only a registration waiting for the mission can be confirmed; this one is %(status)s.")
        % {"status": registration.get_status_display().lower()},
    )


def cancel(registration, user):
    """The citizen (user PUBLIC) or the mission cancels a registration."""
    return _move(
        registration,
        Status.CANCELLED,
        user,
        (Status.PENDING, Status.CONFIRMED),
        _("This registration is already cancelled."),
    )


# the citizen's link ----------------------------------------------------------------------------
def registration_for_link(reference, token):
    """The registration the link names, or None alike for an unknown reference and a wrong token
    (the token's hash is computed either way)."""
    registration = None
    if REFERENCE.fullmatch(reference) and len(token) <= TOKEN_MAX_LENGTH:
        registration = (
            Registration.objects.select_related("mission", "country")
            .filter(reference=reference)
            .first()
        )
    if registration is None:
        secret_hash(token[:TOKEN_MAX_LENGTH])
        return None
    return registration if registration.token_matches(token) else None


def send_link(registration, link):
    """E-mail the citizen their update link, if they gave an address. Returns whether it was sent;
    a mail server that fails is logged (without the link) and the citizen keeps the page."""
    if not registration.email:
        return False
    context = {"registration": registration, "link": link}
    with translation.override(registration.language or settings.LANGUAGE_CODE):
        subject = _("Your trip abroad is registered: %(reference)s") % {
            "reference": registration.reference
        }
        body = render_to_string("consular/public/link_email.txt", context)
    try:
        send_mail(subject, body, None, [registration.email])
    except (smtplib.SMTPException, OSError):
        logger.warning("The update link of %s could not be e-mailed", registration.reference)
        return False
    return True
