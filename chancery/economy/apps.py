from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EconomyConfig(AppConfig):
    """Energy and transport projects with their components, partners and milestones; the
    corridors they make up; development aid and its report."""

    name = "chancery.economy"
    label = "economy"
    verbose_name = _("Energy, transport and aid")
    nav_order = 40  # its place in the top bar's menus
    nav_pages = [
        (_("Aid report"), "aid_report"),
    ]
