from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BilateralConfig(AppConfig):
    """Bilateral relations: relations, missions, engagements, agreements, commissions."""

    name = "chancery.bilateral"
    label = "bilateral"
    verbose_name = _("Bilateral")
    nav_order = 10  # its place in the top bar's menus
    # what the area shows on the home page of the users of these roles: a callable(request)
    # -> (template, context), or None for nothing
    home_panels = [
        (("desk officer", "administrator"), "chancery.bilateral.panels.overdue_commitments"),
        (("desk officer",), "chancery.bilateral.panels.desk_states"),
        (("treaty officer",), "chancery.bilateral.panels.treaty_work"),
        (("leadership", "analyst"), "chancery.bilateral.panels.year_events"),
    ]
    # what the world map may shade the states by: a callable(user) -> {country key: figure}
    map_measures = [
        ("engagements", _("Engagements"), "chancery.bilateral.panels.engagements_by_state"),
        ("agreements", _("Agreements (as party)"), "chancery.bilateral.panels.agreements_by_state"),
    ]
    # pages of the area shown in its menu beside its record types
    nav_pages = [
        (_("Country dossier"), "dossier_choose"),
        (_("Timeline of engagements"), "timeline"),
        (_("Treaty status"), "treaty_status"),
    ]

    def ready(self):
        # teaches SQLite the month arithmetic of a party's status (`status_sql`)
        from . import status_sql  # noqa: F401
