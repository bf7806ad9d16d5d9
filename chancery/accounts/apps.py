from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    """Users, their roles and their clearances."""

    name = "chancery.accounts"
    label = "accounts"
    verbose_name = _("Accounts")

    def ready(self):
        from . import tokens  # noqa: F401  (registers the token's description in the API schema)
