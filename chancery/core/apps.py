from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    """What every record type shares: the Record base, access, the registry and its views."""

    name = "chancery.core"
    label = "core"
    verbose_name = _("Core")
    nav_order = 100  # its place in the top bar's menus
    # the site-wide pages in the menu (see context_processors); core's urls have no namespace
    nav_label = _("Audit")
    nav_namespace = None
    nav_pages = [(_("History of changes"), "history", "accounts.read_history")]
    home_panels = [(("auditor", "administrator"), "chancery.core.panels.recent_changes")]

    def ready(self):
        # reads and history connect the change log's signals
        from . import history, reads, registry  # noqa: F401

        registry.autodiscover()
