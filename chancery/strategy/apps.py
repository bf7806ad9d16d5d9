from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class StrategyConfig(AppConfig):
    """The foreign-policy priorities every record can serve."""

    name = "chancery.strategy"
    label = "strategy"
    verbose_name = _("Strategy")
    nav_order = 70  # its place in the top bar's menus
