"""The second factor: a user cleared for restricted records and above must have passed it."""

from django.conf import settings
from django.http import JsonResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django_otp import user_has_device

from chancery.core.models import Classification, clearance_of


def needs_second_factor(user) -> bool:
    """Whether this signed-in user must pass the second factor before anything else."""
    if not settings.CHANCERY_REQUIRE_2FA:
        return False
    clearance = clearance_of(user)
    if clearance is None or clearance < Classification.RESTRICTED:
        return False
    return not user.is_verified()


class TwoFactorMiddleware:
    """Sends a signed-in user who needs the second factor and has not passed it to the code
    step, or to enrolment if they have no device yet. Log-in, log-out, the two steps themselves
    and static files are open; a call with an API token carries no session, so it is not
    concerned.

    Once the second factor is checked, `request.user` is the user itself rather than Django's
    lazy proxy of it: a page reads it a hundred times, and each read through the proxy cost a
    caught AttributeError."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if needs_second_factor(request.user) and not self._exempt(request.path_info):
            if request.path_info.startswith("/api/"):
                return JsonResponse(
                    {"detail": _("Pass the second factor of your log-in first.")}, status=403
                )
            step = "accounts:code" if user_has_device(request.user) else "accounts:enrol"
            return redirect(f"{reverse(step)}?{urlencode({'next': request.get_full_path()})}")
        user = request.user
        if user.is_authenticated:  # read, so that the proxy now holds the user
            request.user = getattr(user, "_wrapped", user)
        return self.get_response(request)

    @staticmethod
    def _exempt(path):
        open_paths = (
            reverse("login"),
            reverse("logout"),
            reverse("accounts:code"),
            reverse("accounts:enrol"),
            reverse("set_language"),
            reverse("choose_language", args=["-"]).removesuffix("-/"),
            "/" + settings.STATIC_URL.lstrip("/"),
        )
        return path.startswith(open_paths)
