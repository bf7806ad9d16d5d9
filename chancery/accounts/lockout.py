"""Log-in throttling (django-axes): the client's address it counts by, and the page it answers
with while a user name is locked out from an address."""

from django.conf import settings
from django.shortcuts import render
from django.utils import timezone

from chancery.consular.self_registration import client_address


def client_ip(request) -> str:
    """The address axes counts failures by: the same one as the public registration limit's,
    which honours CHANCERY_TRUSTED_PROXIES."""
    return client_address(request)


def lockout_response(request, original_response=None, credentials=None):
    """429, saying that the account is locked and when to try again."""
    cool_off = settings.AXES_COOLOFF_TIME
    context = {
        "minutes": int(cool_off.total_seconds() // 60),
        "retry_at": timezone.now() + cool_off,
        "failure_limit": settings.AXES_FAILURE_LIMIT,
    }
    return render(request, "registration/locked_out.html", context, status=429)
