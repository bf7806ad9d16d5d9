"""Tries on the public registration pages (a registration submitted, an update link that did not
match), counted per client address to limit them. The address is kept only as a keyed hash; a try
is no record and is deleted once it is older than the window it counts in."""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class RegistrationAttempt(models.Model):
    class Kind(models.TextChoices):
        SUBMISSION = "submission", _("Registration submitted")
        WRONG_LINK = "wrong_link", _("Update link that did not match")

    address_hash = models.CharField(_("client address (keyed hash)"), max_length=64)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    at = models.DateTimeField(_("at"), default=timezone.now, db_index=True)

    class Meta:
        verbose_name = _("public registration attempt")
        verbose_name_plural = _("public registration attempts")
        indexes = [models.Index(fields=["address_hash", "at"], name="attempt_address_at")]

    def __str__(self):
        return f"{self.get_kind_display()} · {self.at:%Y-%m-%d %H:%M}"
