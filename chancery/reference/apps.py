from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReferenceConfig(AppConfig):
    """Reference data: countries, organisations, persons."""

    name = "chancery.reference"
    label = "reference"
    verbose_name = _("Reference")
    nav_order = 90  # its place in the top bar's menus
