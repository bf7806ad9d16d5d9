from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DiasporaConfig(AppConfig):
    """The diaspora: its organisations abroad and their part in the ministry's engagements."""

    name = "chancery.diaspora"
    label = "diaspora"
    verbose_name = _("Diaspora")
    nav_order = 60  # its place in the top bar's menus
