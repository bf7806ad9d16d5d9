from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DocumentsConfig(AppConfig):
    """Documents: the texts records are taken from and linked to."""

    name = "chancery.documents"
    label = "documents"
    verbose_name = _("Documents")
    nav_order = 80  # its place in the top bar's menus
