"""The daily digest of overdue commitments, one e-mail per owner."""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import ngettext

from .models import Commitment


def overdue_for(user, day=None):
    """The overdue commitments `user` owns and may see."""
    return (
        Commitment.objects.visible_to(user)
        .overdue(day)
        .filter(owner=user)
        .select_related("commission")
        .order_by("due_on", "pk")
    )


def send_commitment_digests(day=None) -> int:
    """E-mail every owner with overdue commitments the list of them; returns the number sent."""
    day = day or timezone.localdate()
    owners = (
        get_user_model()
        .objects.filter(is_active=True, commitments__in=Commitment.objects.overdue(day))
        .distinct()
    )
    sent = 0
    for owner in owners:
        commitments = list(overdue_for(owner, day))
        if not commitments or not owner.email:
            continue
        with translation.override(owner.language or settings.LANGUAGE_CODE):
            body = render_to_string(
                "bilateral/commitment_digest.txt",
                {"owner": owner, "commitments": commitments, "day": day},
            )
            subject = ngettext(
                "Chancery: %(count)s overdue commitment",
                "Chancery: %(count)s overdue commitments",
                len(commitments),
            ) % {"count": len(commitments)}
        sent += send_mail(subject, body, None, [owner.email])
    return sent
