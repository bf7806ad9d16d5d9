"""Consular pages for the public, without log-in: a citizen registers a trip abroad, and through
the secret link they are given (shown once, and e-mailed) updates or cancels it.

Nothing registered is shown without the link; a wrong link answers exactly like an unknown
reference. Each client address may submit a limited number of registrations, and try a limited
number of wrong links, per window (`self_registration.count_attempt`): a wrong link is counted
even when opened with GET, since guessing is done that way. Pages that carry the link or a
citizen's data are never cached and never sent on as a referrer."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from chancery.core.models import PUBLIC

from .. import self_registration as service
from ..forms.public import RegistrationForm
from ..models import Registration, RegistrationAttempt

TEMPLATES = "consular/public/"


def _private(response):
    """A response carrying the secret link or a citizen's data."""
    response["Cache-Control"] = "no-store"
    response["Referrer-Policy"] = "no-referrer"
    return response


def _limited(request, wait):
    minutes = max(1, -(-wait // 60))
    response = render(request, TEMPLATES + "limited.html", {"minutes": minutes}, status=429)
    response["Retry-After"] = str(wait)
    return response


def _unavailable(request):
    return render(request, TEMPLATES + "unavailable.html", status=503)


@require_http_methods(["GET", "POST"])
def register(request):
    """The public form; a valid one is registered and answered, in the same response, with the
    reference and the secret link (no redirect, so the link is in no URL but its own)."""
    home = service.home_state()
    if home is None:
        return _unavailable(request)
    wait = service.retry_after(request)
    if wait:
        return _limited(request, wait)
    if request.method == "GET":
        form = RegistrationForm(home=home)
        return render(request, TEMPLATES + "register.html", {"form": form})
    form = RegistrationForm(request.POST, home=home)
    if not form.is_valid():
        return render(request, TEMPLATES + "register.html", {"form": form}, status=400)
    wait = service.count_attempt(request, RegistrationAttempt.Kind.SUBMISSION)
    if wait:
        return _limited(request, wait)
    registration, token = service.register(form, home)
    link = request.build_absolute_uri(
        reverse("consular:registration_link", args=[registration.reference, token])
    )
    context = {
        "registration": registration,
        "link": link,
        "mailed": service.send_link(registration, link),
        "mission_name": service.public_name(registration.mission),
    }
    return _private(render(request, TEMPLATES + "registered.html", context))


def _wrong_link(request):
    """The one answer to a link that names no registration or the wrong secret; the try counts."""
    wait = service.count_attempt(request, RegistrationAttempt.Kind.WRONG_LINK)
    if wait:
        return _limited(request, wait)
    return _private(render(request, TEMPLATES + "link_not_found.html", status=404))


def _cancelled(request, registration, status=200):
    context = {"registration": registration}
    return _private(render(request, TEMPLATES + "cancelled.html", context, status=status))


def _opened(request, reference, token):
    """The registration the link opens, or the response to give instead (429, 404, 503)."""
    home = service.home_state()
    if home is None:
        return None, None, _unavailable(request)
    wait = service.retry_after(request)
    if wait:
        return None, None, _limited(request, wait)
    registration = service.registration_for_link(reference, token)
    if registration is None:
        return None, None, _wrong_link(request)
    return registration, home, None


@require_http_methods(["GET", "POST"])
def registration_link(request, reference, token):
    """The citizen's registration, opened by their link, to read and update."""
    registration, home, refused = _opened(request, reference, token)
    if refused:
        return refused
    if registration.status == Registration.Status.CANCELLED:
        return _cancelled(request, registration, 400 if request.method == "POST" else 200)
    status = 200
    if request.method == "POST":
        form = RegistrationForm(request.POST, instance=registration, home=home)
        if form.is_valid():
            try:
                changed = service.update(form, home)
            except ValidationError:
                return _cancelled(request, registration, 400)
            if changed:
                messages.success(
                    request,
                    _("Your registration was updated; the mission will confirm it again."),
                )
            else:
                messages.info(request, _("Nothing was changed."))
            return redirect(request.path)  # the link itself
        status = 400
        registration.refresh_from_db()  # the page shows what is stored, beside the form
    else:
        form = RegistrationForm(instance=registration, home=home)
    context = {
        "registration": registration,
        "form": form,
        "mission_name": service.public_name(registration.mission),
        "cancel_url": reverse("consular:registration_link_cancel", args=[reference, token]),
    }
    return _private(render(request, TEMPLATES + "link.html", context, status=status))


@require_POST
def registration_link_cancel(request, reference, token):
    """The citizen cancels their registration through their link."""
    registration, _home, refused = _opened(request, reference, token)
    if refused:
        return refused
    try:
        service.cancel(registration, PUBLIC)
    except ValidationError:
        return _cancelled(request, registration, 400)
    messages.success(request, _("Your registration is cancelled."))
    return redirect("consular:registration_link", reference, token)


urlpatterns = [
    path("register/", register, name="register"),
    path("register/<str:reference>/<str:token>/", registration_link, name="registration_link"),
    path(
        "register/<str:reference>/<str:token>/cancel/",
        registration_link_cancel,
        name="registration_link_cancel",
    ),
]
