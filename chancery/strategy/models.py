"""The priorities of foreign policy, in the order the article names them."""

from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _


class Priority(models.Model):
    """A foreign-policy priority; every record can be linked to the priorities it serves."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    order = models.PositiveSmallIntegerField(_("order"), unique=True)
    title = models.CharField(_("title"), max_length=300, help_text=_("In the article's words."))
    short_title = models.CharField(_("short title"), max_length=80)
    summary = models.TextField(_("summary"), blank=True)

    class Meta:
        ordering = ["order"]
        verbose_name = _("priority")
        verbose_name_plural = _("priorities")

    def __str__(self):
        return self.short_title

    def get_absolute_url(self):
        return reverse("strategy:priority_detail", args=[self.code])
