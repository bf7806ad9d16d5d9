"""Users of Chancery, each with a clearance and desks."""

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _

from chancery.core.models import Classification


class User(AbstractUser):
    """A ministry officer. The clearance caps the classification of what they may see; the desks
    (states and organisations) open their restricted-and-above records."""

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

    desk_states = models.ManyToManyField(
        "reference.Country",
        blank=True,
        related_name="desk_officers",
        verbose_name=_("desks: states"),
        help_text=_(
            "The states this user's desk covers: their restricted and more sensitive records are "
            "shown only to their desks (and to leadership and administrators)."
        ),
    )
    desk_organisations = models.ManyToManyField(
        "reference.Organization",
        blank=True,
        related_name="desk_officers",
        verbose_name=_("desks: organisations"),
        help_text=_("The organisations this user's desk covers, as for states."),
    )
    language = models.CharField(
        _("language"),
        max_length=8,
        choices=settings.LANGUAGES,
        blank=True,
        help_text=_(
            "The language of the user's pages and e-mails, as last chosen from the top bar "
            "(empty: the browser's)."
        ),
    )

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        permissions = [
            ("read_personal_data", _("Read the personal data of the user's own missions")),
            ("read_all_personal_data", _("Read the personal data of every mission")),
            ("read_access_log", _("Read the log of who read whose personal data")),
            ("see_every_desk", _("See the restricted records of every state and organisation")),
            ("read_history", _("Browse the history of every record the user may see")),
        ]


class ApiToken(models.Model):
    """A key by which a program calls the API as its owner, with the owner's rights and nothing
    more. Only a SHA-256 hash of the key is kept; its first characters (`prefix`) name it on the
    owner's page. It expires, and its owner may revoke it."""

    user = models.ForeignKey(
        User, on_delete=models.CASCADE, related_name="api_tokens", verbose_name=_("user")
    )
    name = models.CharField(_("name"), max_length=100, help_text=_("What the token is for."))
    prefix = models.CharField(_("prefix"), max_length=8, editable=False)
    key_hash = models.CharField(_("key hash"), max_length=64, unique=True, editable=False)
    created = models.DateTimeField(_("created"), auto_now_add=True)
    expires = models.DateTimeField(_("expires"))
    last_used = models.DateTimeField(_("last used"), null=True, blank=True, editable=False)
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")
        ordering = ["-created"]

    def __str__(self):
        return f"{self.name} ({self.prefix}…)"
