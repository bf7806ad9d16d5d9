"""Users of Chancery, each with a clearance."""

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _

from chancery.core.models import Classification


class User(AbstractUser):
    """A ministry officer. The clearance caps the classification of what they may see."""

    clearance = models.PositiveSmallIntegerField(
        _("clearance"),
        choices=Classification.choices,
        default=Classification.UNCLASSIFIED,
        help_text=_("The highest classification this user may see."),
    )

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
