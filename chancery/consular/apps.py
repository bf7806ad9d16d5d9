from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ConsularConfig(AppConfig):
    """Consular services: citizens registered abroad, assistance cases, crisis accounting. The
    personal data here is read only by the consular officers of the responsible mission."""

    name = "chancery.consular"
    label = "consular"
    verbose_name = _("Consular")
    nav_order = 50  # its place in the top bar's menus
    home_panels = [(("consular officer",), "chancery.consular.panels.consular_brief")]
    map_measures = [
        ("abroad", _("Citizens abroad today"), "chancery.consular.panels.abroad_by_state"),
    ]
    # pages of the area shown in its menu beside its record types
    nav_pages = [
        (_("Dashboard"), "dashboard"),
        (_("Personal-data read log"), "access_log", "accounts.read_access_log"),
    ]
