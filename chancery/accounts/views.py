"""Log-in's second step, enrolment in it, API tokens and the password change: the pages of a
user's own account."""

import time
from base64 import b32encode

import segno
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse, reverse_lazy
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django_otp import devices_for_user, user_has_device
from django_otp import login as otp_login
from django_otp.oath import TOTP
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice
from django_otp.util import random_hex

from .forms import ApiTokenForm, CodeForm, PasswordChangeForm
from .models import ApiToken
from .tokens import issue_token

ENROL_KEY = "chancery_enrol_key"


class LoginView(auth_views.LoginView):
    """Django's log-in; the page says when the second factor is off (the local demo)."""

    def get_context_data(self, **kwargs):
        return super().get_context_data(two_factor_off=not settings.CHANCERY_REQUIRE_2FA, **kwargs)


def _next(request):
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return reverse(settings.LOGIN_REDIRECT_URL)


@login_required
def enrol(request):
    """Shows a new TOTP secret (text and QR code); a right code from the authenticator confirms
    it, and the recovery codes are shown, once. A user who already has a device cannot enrol
    another here: an administrator resets it (`chancery reset-two-factor`)."""
    user = request.user
    if user_has_device(user):
        if not user.is_verified():
            return redirect(f"{reverse('accounts:code')}?{urlencode({'next': _next(request)})}")
        return render(request, "accounts/two_factor_on.html")
    key = request.session.get(ENROL_KEY) or random_hex(20)
    request.session[ENROL_KEY] = key
    device = TOTPDevice(user=user, name=_("Authenticator"), key=key, confirmed=True)
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
        totp.time = time.time()
        code = form.cleaned_data["code"]
        if code.isdigit() and totp.verify(int(code), device.tolerance):
            device.last_t = totp.t()
            codes = _confirm(user, device)
            del request.session[ENROL_KEY]
            otp_login(request, device)
            return render(
                request, "accounts/recovery_codes.html", {"codes": codes, "next": _next(request)}
            )
        form.add_error("code", _("That code is not right. Check the clock of your device."))
    secret = b32encode(device.bin_key).decode()
    return render(
        request,
        "accounts/enrol.html",
        {
            "form": form,
            "secret": " ".join(secret[i : i + 4] for i in range(0, len(secret), 4)),
            "qr": segno.make(device.config_url, error="m").svg_inline(scale=4, border=2),
            "next": _next(request),
        },
    )


@transaction.atomic
def _confirm(user, device):
    """Saves the confirmed device and gives the user new recovery codes."""
    device.save()
    StaticDevice.objects.filter(user=user).delete()
    recovery = StaticDevice.objects.create(user=user, name=_("Recovery codes"))
    codes = [StaticToken.random_token() for __ in range(settings.CHANCERY_RECOVERY_CODES)]
    for code in codes:
        recovery.token_set.create(token=code)
    return codes


def verify_code(user, code):
    """The device that accepts `code` (six digits: the authenticator's; else a recovery code,
    which is used up), or None; and whether a device refused to try for too many wrong codes."""
    kind = TOTPDevice if len(code) == 6 and code.isdigit() else StaticDevice
    throttled = False
    with transaction.atomic():
        for device in devices_for_user(user, for_verify=True):
            if not isinstance(device, kind):
                continue
            if not device.verify_is_allowed()[0]:
                throttled = True
                continue
            if device.verify_token(code):
                return device, False
    return None, throttled


@login_required
def code_step(request):
    """The second step of log-in: a code from the authenticator, or a recovery code."""
    user = request.user
    if user.is_verified():
        return redirect(_next(request))
    if not user_has_device(user):
        return redirect(f"{reverse('accounts:enrol')}?{urlencode({'next': _next(request)})}")
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        device, throttled = verify_code(user, form.cleaned_data["code"])
        if device is not None:
            otp_login(request, device)
            if isinstance(device, StaticDevice):
                left = device.token_set.count()
                messages.warning(
                    request,
                    _("You used a recovery code; %(left)s are left.") % {"left": left},
                )
            return redirect(_next(request))
        if throttled:
            form.add_error("code", _("Too many wrong codes: wait a minute and try again."))
        else:
            form.add_error("code", _("That code is not right."))
    return render(request, "accounts/code.html", {"form": form, "next": _next(request)})


@login_required
def tokens(request):
    """The user's own API tokens; a new one's key is shown once, on the page that creates it."""
    form = ApiTokenForm(request.POST or None)
    key = None
    if request.method == "POST" and form.is_valid():
        key = issue_token(request.user, form.cleaned_data["name"], form.expiry_moment())[1]
        form = ApiTokenForm()
    return render(
        request,
        "accounts/tokens.html",
        {
            "form": form,
            "key": key,
            "tokens": ApiToken.objects.filter(user=request.user),
            "now": timezone.now(),
        },
    )


@login_required
@require_POST
def revoke_token(request, pk):
    token = get_object_or_404(ApiToken, pk=pk, user=request.user, revoked_at__isnull=True)
    token.revoked_at = timezone.now()
    token.save(update_fields=["revoked_at"])
    messages.success(request, _("The token “%(name)s” is revoked.") % {"name": token.name})
    return redirect("accounts:tokens")


class PasswordChangeView(auth_views.PasswordChangeView):
    form_class = PasswordChangeForm
    template_name = "accounts/password_change.html"
    success_url = reverse_lazy("accounts:password_change_done")


class PasswordChangeDoneView(auth_views.PasswordChangeDoneView):
    template_name = "accounts/password_change_done.html"
