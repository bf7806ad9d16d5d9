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
    consular_missions = models.ManyToManyField(
        "bilateral.Mission",
        blank=True,
        related_name="consular_officers",
        verbose_name=_("consular officer at"),
        help_text=_(
            "The missions whose citizens' personal data this user handles (with the consular "
            "officer's role)."
        ),
    )

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        permissions = [
            ("read_personal_data", _("Read the personal data of the user's own missions")),
            ("read_all_personal_data", _("Read the personal data of every mission")),
            ("read_access_log", _("Read the log of who read whose personal data")),
        ]
