from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MultilateralConfig(AppConfig):
    """Multilateral diplomacy: memberships of organisations."""

    name = "chancery.multilateral"
    label = "multilateral"
    verbose_name = _("Multilateral")
