from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ConflictConfig(AppConfig):
    """Conflict and negotiations: settlements, incidents with their casualties, damage, reports
    and evidence kept under a chain of custody, and the negotiation tracks with their rounds and
    the versions of their draft texts."""

    name = "chancery.conflict"
    label = "conflict"
    verbose_name = _("Conflict and negotiations")
    nav_order = 30  # its place in the top bar's menus
    nav_pages = [(_("Casualties and damage report"), "incident_report")]
