from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MultilateralConfig(AppConfig):
    """Multilateral diplomacy: memberships over time, organs, candidacies and their campaigns,
    offices, resolutions and roll-call votes with alignment."""

    name = "chancery.multilateral"
    label = "multilateral"
    verbose_name = _("Multilateral")
    nav_order = 20  # its place in the top bar's menus
    home_panels = [
        (("multilateral officer", "leadership"), "chancery.multilateral.panels.campaigns"),
    ]
    nav_pages = [
        (_("Membership roll on a day"), "roll"),
        (_("Organisations in common"), "overlap"),
        (_("Voting alignment"), "alignment"),
    ]
