from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    """What every record type shares: the Record base, access, the registry and its views."""

    name = "chancery.core"
    label = "core"
    verbose_name = _("Core")

    def ready(self):
        from . import reads, registry  # noqa: F401  (reads connects the log's signal)

        registry.autodiscover()
