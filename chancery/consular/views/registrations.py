"""Consular pages: the mission confirms (or cancels) a registration abroad from its record page."""

from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import path
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from chancery.core.guards import record_to_change
from chancery.core.registry import registry

from .. import self_registration as service
from ..models import Registration

Status = Registration.Status


def waiting_url():
    """The list of the registrations citizens made themselves that wait for their mission."""
    query = {"status": Status.PENDING, "source": Registration.Source.SELF}
    return f"{registry[Registration].list_url}?{urlencode(query)}"


def registration_context(registration, request):
    """What a registration's page shows beyond the generic record page
    (RegistrationType.detail_context)."""
    can_act = registry[Registration].user_can(request.user, "change")
    return {
        "can_confirm": can_act and registration.status == Status.PENDING,
        "can_cancel": can_act and registration.status != Status.CANCELLED,
        "waiting_url": waiting_url(),
    }


def _registration_to_change(request, pk):
    """The registration, if the user may see it (else 404) and change it (else 403)."""
    return record_to_change(request.user, Registration, pk)


def _step(request, pk, step, done):
    registration = _registration_to_change(request, pk)
    try:
        step(registration, request.user)
    except ValidationError as exc:
        context = {"object": registration, "errors": exc.messages}
        return render(request, "consular/refused.html", context, status=400)
    messages.success(request, done)
    return redirect(registration.get_absolute_url())


@login_required
@require_POST
def registration_confirm(request, pk):
    return _step(request, pk, service.confirm, _("The registration is confirmed."))


@login_required
@require_POST
def registration_cancel(request, pk):
    return _step(request, pk, service.cancel, _("The registration is cancelled."))


urlpatterns = [
    path(
        "registrations-abroad/<key:pk>/confirm/",
        registration_confirm,
        name="registration_confirm",
    ),
    path(
        "registrations-abroad/<key:pk>/cancel/",
        registration_cancel,
        name="registration_cancel",
    ),
]
