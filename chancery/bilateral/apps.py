from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BilateralConfig(AppConfig):
    """Bilateral relations: relations, missions, engagements, agreements, commissions."""

    name = "chancery.bilateral"
    label = "bilateral"
    verbose_name = _("Bilateral")
    nav_order = 10  # its place in the top bar's menus
    # pages of the area shown in its menu beside its record types
    # what the area shows on a user's home page: a callable(request) -> (template, context)
    home_panel = "chancery.bilateral.panels.overdue_commitments"
    nav_pages = [
        (_("Country dossier"), "dossier_choose"),
        (_("Timeline of engagements"), "timeline"),
        (_("Treaty status"), "treaty_status"),
    ]

    def ready(self):
        # teaches SQLite the month arithmetic of a party's status (`status_sql`)
        from . import status_sql  # noqa: F401
